import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { DemandCard, EmptyState, PageShell, QueryView, PageHero, StatusTag } from '@/shared/ui'
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
              <DemandCard
                key={d.id}
                d={d}
                due={dueText(d)}
                dueUrgent={d.dueSoon}
                meta={[`${when(d.submittedAt)} 提交`, `负责人：${d.assigneeName}`]}
                badges={
                  <>
                    {d.following && <StatusTag tone="neutral">我也遇到了</StatusTag>}
                    {(d.status === 'resolved' || d.status === 'rejected') && !d.rated && (
                      <StatusTag tone="waiting">请您评价</StatusTag>
                    )}
                  </>
                }
                onClick={() => void Taro.navigateTo({ url: detailUrl(d.id) })}
              />
            ))
          )
        }
      </QueryView>
    </PageShell>
  )
}
