import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { DEMAND_TAXONOMY, type DemandCategory } from '../../../../types/demands'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import {
  DemandCard,
  EmptyState,
  PageShell,
  QueryView,
  focusable,
  PageHero,
  RadioChips,
  StatusTag,
} from '@/shared/ui'
import { dueText, staffDetailUrl, when } from '@/demands/format'
import '../../../demands/demands.scss'

type View_ = 'open' | 'overdue' | 'dueSoon' | 'pending' | 'resolved' | 'all'
const VIEWS: { key: View_; label: string }[] = [
  { key: 'open', label: '未办结' },
  { key: 'overdue', label: '已超时' },
  { key: 'dueSoon', label: '快到期' },
  { key: 'pending', label: '待回复' },
  { key: 'resolved', label: '已办结' },
  { key: 'all', label: '全部' },
]

/** 诉求待办: my cases, the nearest deadline first, with exact overdue and due-soon counts. */
export default function Inbox() {
  const [view, setView] = useState<View_>('open')
  const [category, setCategory] = useState<DemandCategory | undefined>()
  const query = useQuery(
    () =>
      call('demands', 'inbox', {
        limit: 50,
        status: view === 'overdue' || view === 'dueSoon' ? 'open' : view,
        ...(view === 'overdue' ? { overdue: true } : {}),
        ...(view === 'dueSoon' ? { dueSoon: true } : {}),
        ...(category ? { category } : {}),
      }),
    { refreshOnShow: true },
  )
  const pick = (v: View_) => {
    setView(v)
    setTimeout(() => void query.reload())
  }
  return (
    <PageShell className="demands-inbox">
      <PageHero title="诉求待办" subtitle="24小时内回复，件件有着落。" />
      <QueryView query={query} skeletonRows={5}>
        {(data) => (
          <View>
            <View className="demand-counts">
              <Count n={data.counts.open} label="未办结" onClick={() => pick('open')} />
              <Count n={data.counts.overdue} label="已超时" warn onClick={() => pick('overdue')} />
              <Count
                n={data.counts.dueSoon}
                label="快到期"
                warn={data.counts.dueSoon > 0}
                onClick={() => pick('dueSoon')}
              />
              <Count n={data.counts.pending} label="待回复" onClick={() => pick('pending')} />
            </View>
            <View className="demand-field demand-chips" role="tablist" aria-label="筛选">
              {VIEWS.map((v) => (
                <View
                  key={v.key}
                  role="tab"
                  aria-selected={view === v.key}
                  {...focusable}
                  className={`demand-chip ${view === v.key ? 'demand-chip--on' : ''}`}
                  onClick={() => pick(v.key)}
                >
                  <Text>{v.label}</Text>
                </View>
              ))}
            </View>
            <View className="demand-field">
              <RadioChips
                label="类别（再点一下取消）"
                options={DEMAND_TAXONOMY.map((c) => ({
                  value: c.code,
                  label: c.label,
                  className: 'demand-chip',
                }))}
                value={category}
                onChange={(c) => {
                  setCategory(category === c ? undefined : c)
                  setTimeout(() => void query.reload())
                }}
              />
            </View>
            {data.items.length === 0 ? (
              <EmptyState title="这里没有诉求" description="换个筛选条件看看，或下拉刷新。" />
            ) : (
              data.items.map((d) => {
                const due = dueText(d)
                return (
                  <DemandCard
                    key={d.id}
                    className="demand-inbox-item"
                    d={d}
                    due={due && d.dueAt ? `${due}（截止 ${when(d.dueAt)}）` : null}
                    dueUrgent={d.dueSoon}
                    badges={d.photoCount > 0 && <StatusTag tone="neutral">{d.photoCount}张照片</StatusTag>}
                    meta={[d.residentName, `${when(d.submittedAt)} 提交`, `负责人：${d.assigneeName}`]}
                    onClick={() => void Taro.navigateTo({ url: staffDetailUrl(d.id) })}
                  />
                )
              })
            )}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

function Count({
  n,
  label,
  warn,
  onClick,
}: {
  n: number
  label: string
  warn?: boolean
  onClick: () => void
}) {
  return (
    <View
      className={`demand-count ${warn && n > 0 ? 'demand-count--warn' : ''}`}
      {...focusable}
      onClick={onClick}
      aria-label={`${label}${n}件`}
    >
      <Text className="demand-count__n">{n}</Text>
      <Text>{label}</Text>
    </View>
  )
}
