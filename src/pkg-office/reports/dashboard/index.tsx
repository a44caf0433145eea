import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { focusable, PageShell, QueryView, Section, Tile, PageHero } from '@/shared/ui'
import { demandFlow, type CaseMetric, type SummaryOutput } from '../../../../types/reports'
import { Chart } from '../components/Chart'
import { Chips } from '../components/Chips'
import { FlowSection } from '../components/Flow'
import { pct, periodChoices, qs, REPORT_ROUTES, shortUnitName } from '../components/format'
import { Table } from '../components/Table'
import '../components/reports.scss'

type Unit = SummaryOutput['units'][number]

/** 数据看板: the sub-district's figures for a period and a committee; every number opens the cases behind it. */
export default function Dashboard() {
  const periods = periodChoices()
  const [periodKey, setPeriodKey] = useState('30')
  const [unitKey, setUnitKey] = useState('all')
  const [units, setUnits] = useState<{ key: string; label: string }[]>([{ key: 'all', label: '全街道' }])
  const p = periods.find((x) => x.key === periodKey)!
  const committeeId = unitKey === 'all' ? undefined : unitKey
  const query = useQuery(async () => {
    const s = await call('reports', 'summary', {
      from: p.from,
      to: p.to,
      ...(committeeId ? { committeeId } : {}),
    })
    if (!committeeId)
      setUnits([
        { key: 'all', label: '全街道' },
        ...s.units.map((u) => ({
          key: u.id,
          label: shortUnitName(u.name),
        })),
      ])
    return s
  })
  const choose = (setter: (k: string) => void) => (k: string) => {
    setter(k)
    // the query reads the new filters on the next render
    setTimeout(() => void query.reload(), 0)
  }
  const openCases = (metric: CaseMetric, extra: Record<string, string | undefined> = {}) =>
    void Taro.navigateTo({
      url: `${REPORT_ROUTES.cases}${qs({ metric, from: p.from, to: p.to, committeeId, ...extra })}`,
    })

  return (
    <PageShell className="reports-dashboard">
      <PageHero
        title="数据看板"
        subtitle={
          <>
            {p.from} 至 {p.to}
          </>
        }
      />
      <Chips label="统计时间" items={periods} value={periodKey} onChange={choose(setPeriodKey)} />
      <Chips label="社区" items={units} value={unitKey} onChange={choose(setUnitKey)} />
      <QueryView query={query} skeletonRows={4}>
        {(s) => (
          <>
            <Section title="诉求办理">
              <View className="kpis">
                <Kpi
                  value={s.total.totals.demands.submitted}
                  label="新诉求（件）"
                  onOpen={() => openCases('submitted')}
                  id="kpi-submitted"
                />
                <Kpi value={pct(s.total.rates.responseRate)} label="24小时响应率" />
                <Kpi
                  value={pct(s.total.rates.resolutionRate)}
                  label="解决率"
                  onOpen={() => openCases('resolved')}
                  id="kpi-resolved"
                />
                <Kpi
                  value={pct(s.total.rates.satisfactionRate)}
                  label="满意率"
                  onOpen={() => openCases('unsatisfied')}
                  id="kpi-unsatisfied"
                  linkText="看不满意的"
                />
                <Kpi
                  value={s.total.totals.demands.overdue}
                  label="超时（次）"
                  onOpen={() => openCases('overdue')}
                  id="kpi-overdue"
                  linkText="看现在超期的"
                />
                <Kpi
                  value={s.total.totals.demands.reopened}
                  label="重新办理（次）"
                  onOpen={() => openCases('reopened')}
                  id="kpi-reopened"
                />
              </View>
            </Section>
            <FlowSection flow={demandFlow(s.total.totals)} />
            <Section title="每天的诉求">
              <Chart
                summary={`每天新诉求和办结数，共${s.daily.length}天`}
                option={{
                  tooltip: { trigger: 'axis' },
                  legend: { data: ['新诉求', '办结'], top: 0 },
                  grid: { left: 40, right: 16, top: 40, bottom: 30 },
                  xAxis: { type: 'category', data: s.daily.map((d) => d.date.slice(5)) },
                  yAxis: { type: 'value', minInterval: 1 },
                  series: [
                    { name: '新诉求', type: 'line', data: s.daily.map((d) => d.submitted), smooth: false },
                    { name: '办结', type: 'line', data: s.daily.map((d) => d.resolved), smooth: false },
                  ],
                }}
              />
            </Section>
            <Section title="按类别">
              <Chart
                summary={`各类诉求数量：${s.categories.map((c) => `${c.label}${c.submitted}件`).join('，')}`}
                option={{
                  grid: { left: 110, right: 16, top: 10, bottom: 20 },
                  xAxis: { type: 'value', minInterval: 1 },
                  yAxis: { type: 'category', data: s.categories.map((c) => c.label).reverse() },
                  series: [
                    {
                      type: 'bar',
                      data: s.categories.map((c) => c.submitted).reverse(),
                      itemStyle: { color: '#0b6e4f' },
                    },
                  ],
                }}
                height={Math.max(200, s.categories.length * 36)}
              />
              <Table
                caption="各类诉求"
                rowKey={(c) => c.category}
                rows={s.categories}
                columns={[
                  { title: '类别', wide: true, cell: (c) => <Text>{c.label}</Text> },
                  {
                    title: '新诉求',
                    cell: (c) => (
                      <Link
                        text={c.submitted}
                        onOpen={() => openCases('submitted', { category: c.category })}
                      />
                    ),
                  },
                  {
                    title: '办结',
                    cell: (c) => (
                      <Link
                        text={c.resolved}
                        onOpen={() => openCases('resolved', { category: c.category })}
                      />
                    ),
                  },
                ]}
              />
            </Section>
            <Section title="各单位">
              <Table<Unit>
                caption="各单位情况"
                rowKey={(u) => u.id}
                rows={s.units}
                columns={[
                  { title: '单位', wide: true, cell: (u) => <Text>{u.name}</Text> },
                  { title: '新诉求', cell: (u) => <Text>{u.totals.demands.submitted}</Text> },
                  { title: '24小时响应率', cell: (u) => <Text>{pct(u.rates.responseRate)}</Text> },
                  { title: '解决率', cell: (u) => <Text>{pct(u.rates.resolutionRate)}</Text> },
                  { title: '满意率', cell: (u) => <Text>{pct(u.rates.satisfactionRate)}</Text> },
                  { title: '窗口办结', cell: (u) => <Text>{u.totals.bookings.served}</Text> },
                  { title: '爽约', cell: (u) => <Text>{u.totals.bookings.noShow}</Text> },
                  {
                    title: '走访 完成/应访',
                    cell: (u) => <Text>{`${u.totals.visits.done}/${u.totals.visits.due}`}</Text>,
                  },
                ]}
              />
              <Text className="note">数据来自每天的统计，每天凌晨两点半会与原始记录核对一遍。</Text>
            </Section>
          </>
        )}
      </QueryView>
      <Section title="更多">
        <Tile
          id="go-sentiment"
          title="民情分析"
          description="各类诉求的变化、热点片区、高频词"
          onClick={() => void Taro.navigateTo({ url: REPORT_ROUTES.sentiment })}
        />
        <Tile
          id="go-performance"
          title="五维绩效"
          description="数量、效率、价值、服务评价、质量"
          onClick={() => void Taro.navigateTo({ url: REPORT_ROUTES.performance })}
        />
        <Tile
          id="go-digest"
          title="每日、每周摘要"
          onClick={() => void Taro.navigateTo({ url: REPORT_ROUTES.digest })}
        />
        <Tile
          id="go-export"
          title="导出 Excel"
          description="诉求明细或绩效表（已隐去个人信息）"
          onClick={() =>
            void Taro.navigateTo({
              url: `${REPORT_ROUTES.export}${qs({ from: p.from, to: p.to, committeeId })}`,
            })
          }
        />
      </Section>
    </PageShell>
  )
}

function Kpi({
  value,
  label,
  onOpen,
  id,
  linkText = '查看明细',
}: {
  value: string | number
  label: string
  onOpen?: () => void
  id?: string
  linkText?: string
}) {
  return (
    <View className="kpi card" id={id}>
      <Text className="kpi__value">{value}</Text>
      <Text className="kpi__label">{label}</Text>
      {onOpen && (
        <View className="kpi__link" onClick={onOpen} role="link" {...focusable}>
          <Text>{linkText} ›</Text>
        </View>
      )}
    </View>
  )
}

function Link({ text, onOpen }: { text: string | number; onOpen: () => void }) {
  return (
    <View className="rtable__link" onClick={onOpen} role="link" {...focusable}>
      <Text>{text}</Text>
    </View>
  )
}
