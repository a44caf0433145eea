import { Text } from '@tarojs/components'
import { useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import type { StaffPerformance, UnitPerformance } from '../../../../types/reports'
import { Chips } from '../components/Chips'
import { Definitions, dimensionColumns } from '../components/Dimensions'
import { periodChoices, shanghaiDay, shortUnitName } from '../components/format'
import { Table } from '../components/Table'
import '../components/reports.scss'

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
