import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { CaseMetric, SummaryOutput } from '../../../../types/reports'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import {
  DataTable,
  EmptyState,
  focusable,
  PageHero,
  PageShell,
  QueryView,
  RadioChips,
  Section,
  Tile,
} from '@/shared/ui'
import { pct, periodChoices, type PeriodChoice } from '@/shared/reportFormat'
import './summary.scss'

const ROUTES = {
  demand: (id: string) => `/pkg-staff/demands/detail/index?id=${encodeURIComponent(id)}`,
  catalogue: '/pkg-staff/visits/catalogue/index',
  households: '/pkg-staff/visits/households/index',
  inbox: '/pkg-staff/demands/inbox/index',
}

interface Drill {
  metric: CaseMetric
  category?: string
  title: string
}

/**
 * 社区数据: the officer's figures for the admin's own committee (the reports context scopes them), over a
 * period; every case number opens the cases behind it, and those open the case itself; the visit figures
 * open the households to visit.
 */
export default function CommitteeSummary() {
  const periods = periodChoices()
  const [periodKey, setPeriodKey] = useState('30')
  const [drill, setDrill] = useState<Drill | null>(null)
  const p = periods.find((x) => x.key === periodKey)!
  // The period the next load asks for, set before it starts (state would only be there after the next render).
  const asked = useRef(p)
  const query = useQuery(() => call('reports', 'summary', { from: asked.current.from, to: asked.current.to }))
  const pick = (k: string) => {
    setPeriodKey(k)
    setDrill(null)
    asked.current = periods.find((x) => x.key === k)!
    void query.reload()
  }
  const open = (d: Drill) => {
    setDrill(d)
    setTimeout(() => {
      void Taro.pageScrollTo({ selector: '#summary-drill', duration: 200 }).catch(() => undefined)
    }, 50)
  }

  return (
    <PageShell className="committee-summary">
      <QueryView query={query} skeletonRows={4}>
        {(s) => (
          <View>
            <PageHero
              title="社区数据"
              subtitle={`${s.units[0]?.name ?? '本社区'} · ${p.from} 至 ${p.to}`}
              subtitleId="summary-subtitle"
            />
            <RadioChips
              label="统计时间"
              idPrefix="period"
              className="summary__periods"
              options={periods.map((x) => ({ value: x.key, label: x.label }))}
              value={periodKey}
              onChange={pick}
            />
            <Figures s={s} onDrill={open} />
            {drill && (
              <DrillList key={`${p.key}-${drill.metric}-${drill.category ?? ''}`} drill={drill} period={p} />
            )}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

function Figures({ s, onDrill }: { s: SummaryOutput; onDrill: (d: Drill) => void }) {
  const d = s.total.totals.demands
  const v = s.total.totals.visits
  const rates = s.total.rates
  return (
    <View>
      <Section title="诉求办理">
        <View className="kpis">
          <Kpi
            id="kpi-submitted"
            value={d.submitted}
            label="新诉求（件）"
            onOpen={() => onDrill({ metric: 'submitted', title: '新诉求' })}
          />
          <Kpi value={pct(rates.responseRate)} label="24小时响应率" />
          <Kpi
            id="kpi-resolved"
            value={pct(rates.resolutionRate)}
            label="解决率"
            onOpen={() => onDrill({ metric: 'resolved', title: '已办结的诉求' })}
          />
          <Kpi
            id="kpi-unsatisfied"
            value={pct(rates.satisfactionRate)}
            label="满意率"
            linkText="看不满意的"
            onOpen={() => onDrill({ metric: 'unsatisfied', title: '居民不满意的诉求' })}
          />
          <Kpi
            id="kpi-overdue"
            value={d.overdue}
            label="超时（次）"
            linkText="看现在超期的"
            onOpen={() => onDrill({ metric: 'overdue', title: '超期的诉求' })}
          />
          <Kpi
            id="kpi-reopened"
            value={d.reopened}
            label="重新办理（次）"
            onOpen={() => onDrill({ metric: 'reopened', title: '重新办理的诉求' })}
          />
          <Kpi
            id="kpi-rejected"
            value={d.rejected}
            label="不予办理（件）"
            onOpen={() => onDrill({ metric: 'rejected', title: '经调研不予办理的诉求' })}
          />
        </View>
        <Tile
          id="go-open"
          title="还没办完的诉求"
          description="现在还在办的，超期的排在前面"
          onClick={() => onDrill({ metric: 'open', title: '还没办完的诉求' })}
        />
      </Section>
      <Section title="走访">
        <View className="kpis">
          <Kpi id="kpi-visits" value={`${v.done}/${v.due}`} label="走访 完成/应访（户次）" />
          <Kpi value={pct(rates.visitRate)} label="走访完成率" />
          <Kpi value={v['byMode.online'] ?? 0} label="线上走访（户次）" />
          <Kpi value={v.talentsFound ?? 0} label="发现能人（位）" />
        </View>
        <Tile
          id="go-catalogue"
          title="该走访的家庭"
          description="没走访过的、超期的排在前面"
          onClick={() => void Taro.navigateTo({ url: ROUTES.catalogue })}
        />
        <Tile
          id="go-households"
          title="家庭档案"
          description="每户人家的情况和走访记录"
          onClick={() => void Taro.navigateTo({ url: ROUTES.households })}
        />
      </Section>
      <Section title="按类别">
        <DataTable
          caption="各类诉求"
          layout="scroll"
          rowKey={(c) => c.category}
          rows={s.categories}
          empty={<EmptyState title="这段时间没有诉求" />}
          columns={[
            { key: 'label', title: '类别', cell: (c) => <Text>{c.label}</Text> },
            {
              key: 'submitted',
              title: '新诉求',
              numeric: true,
              cell: (c) => (
                <CellLink
                  id={`cat-${c.category}-submitted`}
                  text={c.submitted}
                  label={`${c.label}新诉求${c.submitted}件，查看明细`}
                  onOpen={() =>
                    onDrill({ metric: 'submitted', category: c.category, title: `${c.label}：新诉求` })
                  }
                />
              ),
            },
            {
              key: 'resolved',
              title: '办结',
              numeric: true,
              cell: (c) => (
                <CellLink
                  text={c.resolved}
                  label={`${c.label}办结${c.resolved}件，查看明细`}
                  onOpen={() =>
                    onDrill({ metric: 'resolved', category: c.category, title: `${c.label}：已办结` })
                  }
                />
              ),
            },
          ]}
        />
        <Text className="note">数字来自每天的统计，每天凌晨两点半会与原始记录核对一遍。</Text>
      </Section>
    </View>
  )
}

/** The cases behind a number: the reports context's list (this committee only), each opening the case. */
function DrillList({ drill, period }: { drill: Drill; period: PeriodChoice }) {
  const query = useQuery(() =>
    call('reports', 'cases', {
      metric: drill.metric,
      from: period.from,
      to: period.to,
      ...(drill.category ? { category: drill.category } : {}),
      limit: 50,
    }),
  )
  return (
    <View id="summary-drill">
      <Section title={`明细：${drill.title}`}>
        <QueryView query={query} skeletonRows={3}>
          {(r) =>
            r.items.length === 0 ? (
              <EmptyState title="没有这样的诉求" />
            ) : (
              <View>
                <Text className="note" id="drill-total">
                  共 {r.total} 件{r.truncated ? `，下面是最近的 ${r.items.length} 件` : ''}
                  。点一件可以查看和办理。
                </Text>
                {r.items.map((c) => (
                  <Tile
                    key={c.id}
                    id={`case-${c.id}`}
                    title={`${c.category} · ${c.blockName || '未注明片区'}`}
                    description={`${c.overdue ? '已超期' : c.status} · ${c.submittedAt.slice(0, 10)} 提交，已 ${c.ageDays} 天 · ${c.excerpt}`}
                    onClick={() => void Taro.navigateTo({ url: ROUTES.demand(c.id) })}
                  />
                ))}
              </View>
            )
          }
        </QueryView>
      </Section>
    </View>
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
        <View
          className="kpi__link"
          onClick={onOpen}
          role="link"
          aria-label={`${label}：${linkText}`}
          {...focusable}
        >
          <Text>{linkText} ›</Text>
        </View>
      )}
    </View>
  )
}

function CellLink({
  text,
  label,
  onOpen,
  id,
}: {
  text: number
  label: string
  onOpen: () => void
  id?: string
}) {
  return (
    <View className="summary__link" id={id} onClick={onOpen} role="link" aria-label={label} {...focusable}>
      <Text>{text}</Text>
    </View>
  )
}
