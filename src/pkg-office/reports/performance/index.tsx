import { Text } from '@tarojs/components'
import { useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import type { StaffPerformance, UnitPerformance } from '../../../../types/reports'
import { Chips } from '../components/Chips'
import { Definitions, dimensionColumns } from '../components/Dimensions'
import { pct, periodChoices, shanghaiDay, shortUnitName } from '../components/format'
import { Table } from '../components/Table'
import '../components/reports.scss'

type Clerk = StaffPerformance & { window: NonNullable<StaffPerformance['window']> }
const t = (v: string | number) => <Text>{v}</Text>
const minutes = (m: number | null) => (m === null ? '—' : `${m} 分钟`)

/** 窗口人员: a clerk's work is cases at the window, so their five dimensions come from those (`WindowDimensions`). */
const WINDOW_COLUMNS = [
  { title: '办结件数', cell: (c: Clerk) => t(c.window.quantity.casesFinished) },
  { title: '窗口用时(中位)', cell: (c: Clerk) => t(minutes(c.window.efficiency.medianMinutesAtWindow)) },
  { title: '加权件数', cell: (c: Clerk) => t(c.window.value.weightedCases) },
  { title: '窗口满意率', cell: (c: Clerk) => t(pct(c.window.rating.windowSatisfactionRate)) },
  { title: '未办结率', cell: (c: Clerk) => t(pct(c.window.quality.notDoneRate)) },
  { title: '差评率', cell: (c: Clerk) => t(pct(c.window.quality.complaintRate)) },
  { title: '持证率', cell: (c: Clerk) => t(pct(c.window.quality.certificationCoverage)) },
]

/** 五维绩效: each committee and each staff member in five dimensions, with what each number means. */
export default function Performance() {
  const today = shanghaiDay()
  const periods = [
    periodChoices(today).find((p) => p.key === 'lastMonth')!,
    { key: 'thisMonth', label: '本月至今', from: `${today.slice(0, 7)}-01`, to: today },
    periodChoices(today).find((p) => p.key === '90')!,
  ]
  const [key, setKey] = useState('lastMonth')
  const p = periods.find((x) => x.key === key)!
  const query = useQuery(() => call('reports', 'performance', { from: p.from, to: p.to }))
  return (
    <PageShell className="reports-performance">
      <PageHero
        title="五维绩效"
        subtitle={
          <>
            {p.from} 至 {p.to}
          </>
        }
      />
      <Chips
        label="统计时间"
        items={periods}
        value={key}
        onChange={(k) => {
          setKey(k)
          setTimeout(() => void query.reload(), 0)
        }}
      />
      <QueryView query={query} skeletonRows={4}>
        {(r) =>
          r.units.length === 0 ? (
            <EmptyState title="还没有数据" actionText="刷新" onAction={() => void query.reload()} />
          ) : (
            <>
              <Section title="各单位">
                <Table<UnitPerformance>
                  caption="各单位五维绩效"
                  rowKey={(u) => u.unitId}
                  rows={r.units}
                  columns={[
                    { title: '单位', wide: true, cell: (u) => <Text>{u.unitName}</Text> },
                    ...dimensionColumns<UnitPerformance>(),
                  ]}
                />
              </Section>
              <Section title="工作人员">
                <Table<StaffPerformance>
                  caption="工作人员五维绩效"
                  rowKey={(s) => s.openid}
                  rows={r.staff}
                  columns={[
                    {
                      title: '姓名',
                      wide: true,
                      cell: (s) => <Text>{`${s.name}（${s.role}，${shortUnitName(s.unitName)}）`}</Text>,
                    },
                    ...dimensionColumns<StaffPerformance>(),
                  ]}
                />
              </Section>
              {r.staff.some((s) => s.window) && (
                <Section title="窗口人员">
                  <Table<Clerk>
                    caption="窗口人员五维绩效"
                    rowKey={(s) => s.openid}
                    rows={r.staff.filter((s): s is Clerk => s.window !== undefined)}
                    columns={[
                      { title: '姓名', wide: true, cell: (s) => <Text>{s.name}</Text> },
                      ...WINDOW_COLUMNS,
                    ]}
                  />
                  <Text className="note" id="window-definitions">
                    窗口人员按窗口办的件数算：办结件数含未办结；窗口用时是从签到到办完的中位数；加权件数把每件办结的事项按难易分值（1到5分）相加；窗口满意率是4星、5星评价的比例；未办结率是因缺材料没办成的比例；差评率是1星、2星评价占办结件数的比例；持证率是常办事项中已通过最新小贴士测验的比例。
                  </Text>
                </Section>
              )}
            </>
          )
        }
      </QueryView>
      <Section title="五个维度怎么算">
        <Definitions />
      </Section>
    </PageShell>
  )
}
