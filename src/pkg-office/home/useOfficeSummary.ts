import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/** The sub-district at a glance: the last 30 days from `reports.summary` as a few labelled figures. */
export interface Figure {
  key: string
  label: string
  value: number | string
}

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`)

export function useOfficeSummary() {
  return useQuery(async (): Promise<Figure[]> => {
    const s = await call('reports', 'summary', {})
    const d = s.total.totals.demands
    if (d.submitted === 0 && s.total.totals.bookings.served === 0 && s.total.totals.visits.done === 0)
      return []
    return [
      { key: 'submitted', label: '近30天新诉求', value: d.submitted },
      { key: 'response', label: '24小时响应率', value: pct(s.total.rates.responseRate) },
      { key: 'satisfaction', label: '满意率', value: pct(s.total.rates.satisfactionRate) },
      { key: 'served', label: '窗口办结', value: s.total.totals.bookings.served },
    ]
  })
}
