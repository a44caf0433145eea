import { Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, PageHero } from '@/shared/ui'
import type { CaseMetric } from '../../../../types/reports'
import '../components/reports.scss'

const TITLE: Record<CaseMetric, string> = {
  submitted: '新诉求',
  resolved: '已办结',
  rejected: '不予办理',
  overdue: '现在超期的诉求',
  open: '未办结的诉求',
  unsatisfied: '居民不满意的诉求',
  reopened: '重新办理的诉求',
}

/** 数字背后的诉求: the masked list a dashboard number stands for — no names, phones or rooms. */
export default function Cases() {
  const { params } = useRouter()
  const metric = (params.metric ?? 'submitted') as CaseMetric
  const query = useQuery(() =>
    call('reports', 'cases', {
      metric,
      ...(params.from && params.to ? { from: params.from, to: params.to } : {}),
      ...(params.committeeId ? { committeeId: params.committeeId } : {}),
      ...(params.category ? { category: params.category } : {}),
    }),
  )
  return (
    <PageShell className="reports-cases">
      <PageHero
        title={TITLE[metric] ?? '诉求'}
        subtitle={
          params.from ? (
            <>
              {params.from} 至 {params.to}
            </>
          ) : undefined
        }
      />
      <QueryView query={query}>
        {(r) =>
          r.items.length === 0 ? (
            <EmptyState
              title="没有这样的诉求"
              description="换个时间段或社区看看。"
              actionText="刷新"
              onAction={() => void query.reload()}
            />
          ) : (
            <View>
              <Text className="note">
                共 {r.total} 件{r.truncated ? `，下面是最近的 ${r.items.length} 件` : ''}
                。为保护居民隐私，只显示内容摘要。
              </Text>
              {r.items.map((c) => (
                <View key={c.id} className="case card">
                  <View className="case__head">
                    <Text>
                      {c.committeeName.replace('社区居委会', '')} · {c.blockName || '未注明片区'} ·{' '}
                      {c.category}
                    </Text>
                    <Text className={c.overdue ? 'case__overdue' : ''}>
                      {c.overdue ? '已超期' : c.status}
                    </Text>
                  </View>
                  <Text className="case__text">{c.excerpt}</Text>
                  <Text className="note">
                    {c.submittedAt.slice(0, 10)} 提交，已 {c.ageDays} 天
                  </Text>
                </View>
              ))}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
