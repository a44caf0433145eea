import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, Section, Tile, PageHero } from '@/shared/ui'
import type { Digest, DigestKind } from '../../../../types/reports'
import { Chips } from '../components/Chips'
import { FlowSection } from '../components/Flow'
import { dimensionColumns } from '../components/Dimensions'
import { pct, qs, REPORT_ROUTES, shortUnitName } from '../components/format'
import { Table } from '../components/Table'
import '../components/reports.scss'

const KINDS: { key: DigestKind; label: string }[] = [
  { key: 'daily', label: '每日' },
  { key: 'weekly', label: '每周' },
  { key: 'performance', label: '月度绩效' },
]

/** 摘要: what a subscribe message opens (`?id=`), or the latest of a kind, with the earlier ones below. */
export default function DigestPage() {
  const { params } = useRouter()
  const [id, setId] = useState<string | undefined>(params.id ? decodeURIComponent(params.id) : undefined)
  const [kind, setKind] = useState<DigestKind>('daily')
  const query = useQuery(() => call('reports', 'digest', id ? { id } : { kind }))
  const reload = () => setTimeout(() => void query.reload(), 0)
  return (
    <PageShell className="reports-digest">
      <Chips
        label="摘要种类"
        items={KINDS}
        value={
          query.state.status === 'ready' && query.state.data.digest ? query.state.data.digest.kind : kind
        }
        onChange={(k) => {
          setId(undefined)
          setKind(k)
          reload()
        }}
      />
      <QueryView query={query} skeletonRows={4}>
        {({ digest, recent }) =>
          !digest ? (
            <EmptyState
              title="还没有这类摘要"
              description="每日摘要每天早上8点生成，每周摘要周一生成，月度绩效每月1日生成。"
            />
          ) : (
            <>
              <PageHero
                title={digest.title}
                subtitle={
                  <>
                    现在超期 {digest.total.overdueCount} 件（目标为零）。全街道新诉求{' '}
                    {digest.total.newDemands} 件，24小时响应率 {pct(digest.total.rates.responseRate)}
                  </>
                }
              />
              {digest.kind !== 'performance' && <OverdueFirst units={digest.units} />}
              {digest.total.flow && <FlowSection flow={digest.total.flow} />}
              {digest.units.map((u) => (
                <Section key={u.id} title={u.name}>
                  <View className="card">
                    {u.kind === 'committee' ? (
                      <>
                        <Text className="note">
                          新诉求 {u.newDemands} 件 · 24小时响应率 {pct(u.rates.responseRate)} · 解决率{' '}
                          {pct(u.rates.resolutionRate)} · 满意率 {pct(u.rates.satisfactionRate)}
                        </Text>
                        <Text className="note">
                          走访 {u.visitsDone} 户次 / 应访 {u.visitsDue} 户次
                        </Text>
                        <Text className={u.overdueCount ? 'warn' : 'note'}>现在超期 {u.overdueCount} 件</Text>
                        {u.overdueCount > 0 && (
                          <Tile
                            title="查看全部超期诉求"
                            onClick={() =>
                              void Taro.navigateTo({
                                url: `${REPORT_ROUTES.cases}${qs({ metric: 'overdue', committeeId: u.id })}`,
                              })
                            }
                          />
                        )}
                      </>
                    ) : (
                      <Text className="note">
                        窗口办结 {u.bookingsServed} 件 · 爽约 {u.noShows} 件 · 窗口满意率{' '}
                        {pct(u.rates.windowSatisfactionRate)}
                      </Text>
                    )}
                  </View>
                </Section>
              ))}
              {digest.performance && (
                <Section title="五维绩效（各单位）">
                  <Table
                    caption="各单位五维绩效"
                    rowKey={(r) => r.unitId}
                    rows={digest.performance.units}
                    columns={[
                      { title: '单位', wide: true, cell: (r) => <Text>{r.unitName}</Text> },
                      ...dimensionColumns(),
                    ]}
                  />
                  <Tile
                    title="查看人员绩效和指标说明"
                    onClick={() => void Taro.navigateTo({ url: REPORT_ROUTES.performance })}
                  />
                </Section>
              )}
              <Section title="以前的摘要">
                {recent
                  .filter((r) => r.id !== digest.id)
                  .map((r) => (
                    <Tile
                      key={r.id}
                      title={r.title}
                      onClick={() => {
                        setId(r.id)
                        reload()
                      }}
                    />
                  ))}
              </Section>
            </>
          )
        }
      </QueryView>
    </PageShell>
  )
}

/**
 * Zero overdue is the target, so the digest leads with every overdue case of the sub-district, longest first,
 * and who holds each.
 */
function OverdueFirst({ units }: { units: Digest['units'] }) {
  const cases = units
    .flatMap((u) => u.overdue.map((c) => ({ ...c, unit: u.name })))
    .sort((a, b) => b.overdueHours - a.overdueHours)
  const count = units.reduce((n, u) => n + u.overdueCount, 0)
  return (
    <Section title={`超期件 ${count} 件`}>
      {count === 0 ? (
        <Text className="note">现在没有超期件。</Text>
      ) : (
        cases.map((c) => (
          <View key={c.id} className="case card overdue-case">
            <Text className="case__text">
              {shortUnitName(c.unit)} · {c.blockName} · {c.category}：{c.excerpt}
            </Text>
            <Text className="case__overdue">超期 {c.overdueHours} 小时</Text>
            <Text className="note">在办：{c.holder ?? '未知'}</Text>
          </View>
        ))
      )}
      {count > cases.length && (
        <Text className="note">还有 {count - cases.length} 件，点下面各社区的“查看全部超期诉求”。</Text>
      )}
    </Section>
  )
}
