import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { EmptyState, PageShell, QueryView, focusable, PageHero } from '@/shared/ui'
import { detailUrl, dueText, submitUrl, when } from '../../format'
import { useMyDemands } from './useMyDemands'
import '../../demands.scss'

/** 诉求: the demands I raised and where each one stands. */
export default function MyDemands() {
  const query = useMyDemands()
  const toSubmit = () => void Taro.navigateTo({ url: submitUrl })
  return (
    <PageShell className="demands-mine">
      <PageHero title="我的诉求" subtitle="遇到难事、烦心事，告诉居委会。24小时内一定有人回复您。" />
      <View className="demand-actions">
        <Button className="demand-new" type="primary" size="large" block onClick={toSubmit}>
          我要反映问题
        </Button>
      </View>
      <QueryView query={query}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              title="您还没有提过诉求"
              description="提出后，可以在这里看到处理到哪一步了。"
              actionText="我要反映问题"
              onAction={toSubmit}
            />
          ) : (
            items.map((d) => (
              <View
                key={d.id}
                className="card demand-card"
                {...focusable}
                aria-label={`${d.categoryLabel}，${d.statusLabel}`}
                onClick={() => void Taro.navigateTo({ url: detailUrl(d.id) })}
              >
                <View className="demand-card__row">
                  <Text className={`demand-status ${d.overdue ? 'demand-status--warn' : ''}`}>
                    {d.statusLabel}
                  </Text>
                  <Text className="card__title">{d.categoryLabel}</Text>
                  {d.reopened && <Text className="tag tag--warn">重新办理</Text>}
                </View>
                <Text className="card__body">{d.text}</Text>
                <Text className="card__meta">
                  {[`${when(d.submittedAt)} 提交`, `负责人：${d.assigneeName}`, dueText(d)]
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                {(d.status === 'resolved' || d.status === 'rejected') && !d.rated && (
                  <Text className="tag">请您评价</Text>
                )}
              </View>
            ))
          )
        }
      </QueryView>
    </PageShell>
  )
}
