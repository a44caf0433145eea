import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { CHANNEL_LABEL } from '../../../types/demands'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import {
  DemandCard,
  EmptyState,
  focusable,
  PageHero,
  PageShell,
  QueryView,
  RadioChips,
  StatusTag,
} from '@/shared/ui'
import { dueText, staffDetailUrl, when } from '@/demands/format'
import '../../demands/demands.scss'

type View_ = 'open' | 'escalated' | 'overdue' | 'all'
const VIEWS: { value: View_; label: string }[] = [
  { value: 'open', label: '未办结' },
  { value: 'escalated', label: '上报街道' },
  { value: 'overdue', label: '已超时' },
  { value: 'all', label: '全部（含已办结）' },
]

/**
 * 街道督办台: the cases that reached the sub-district — escalated by a committee or overdue for long — nearest
 * deadline first, each with who holds it (the committee's staff member, the department it was handed to).
 */
export default function Desk() {
  const [view, setView] = useState<View_>('open')
  const query = useQuery(
    () =>
      call('demands', 'inbox', {
        limit: 50,
        status: view === 'overdue' ? 'open' : view,
        ...(view === 'overdue' ? { overdue: true } : {}),
      }),
    { refreshOnShow: true },
  )
  return (
    <PageShell className="office-desk">
      <PageHero title="街道督办台" subtitle="居委会上报街道的诉求，和超时较久的诉求。" />
      <QueryView query={query} skeletonRows={4}>
        {(data) => (
          <View>
            <View className="demand-counts">
              <View className={`demand-count ${data.counts.overdue ? 'demand-count--warn' : ''}`}>
                <Text className="demand-count__n">{data.counts.overdue}</Text>
                <Text>已超时</Text>
              </View>
              <View className="demand-count">
                <Text className="demand-count__n">{data.counts.open}</Text>
                <Text>未办结</Text>
              </View>
            </View>
            <View className="demand-field">
              <RadioChips
                label="筛选"
                idPrefix="desk"
                options={VIEWS}
                value={view}
                onChange={(v) => {
                  setView(v)
                  setTimeout(() => void query.reload())
                }}
              />
            </View>
            {data.items.length === 0 ? (
              <EmptyState
                title="督办台上没有诉求"
                description="居委会上报街道、或超时8小时以上的诉求会出现在这里。"
              />
            ) : (
              data.items.map((d) => {
                const due = dueText(d)
                // The link is the wrapper, named by what it shows; the card inside is not a second control.
                return (
                  <View
                    key={d.id}
                    className="desk-item"
                    role="link"
                    {...focusable}
                    onClick={() => void Taro.navigateTo({ url: staffDetailUrl(d.id) })}
                  >
                    <DemandCard
                      d={d}
                      due={due && d.dueAt ? `${due}（截止 ${when(d.dueAt)}）` : null}
                      dueUrgent={d.dueSoon}
                      badges={
                        <>
                          {d.escalated && d.status !== 'escalated' && (
                            <StatusTag tone="neutral">上报过街道</StatusTag>
                          )}
                          {d.channel !== 'miniProgram' && (
                            <StatusTag tone="neutral">{CHANNEL_LABEL[d.channel]}</StatusTag>
                          )}
                        </>
                      }
                      meta={[
                        `在办：${d.assigneeName}${d.atDepartment ? `，已交办${d.atDepartment}` : ''}`,
                        `${when(d.submittedAt)} 提交`,
                      ]}
                    />
                  </View>
                )
              })
            )}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
