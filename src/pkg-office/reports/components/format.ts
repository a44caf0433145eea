/** How report numbers read on the office pages. */
export const pct = (r: number | null | undefined): string =>
  r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`
export const hours = (h: number | null | undefined): string =>
  h === null || h === undefined ? '—' : `${h} 小时`

/** A unit's name short enough for a chart label or table cell: 春晖社区居委会 → 春晖, …社区事务受理服务中心 → …受理中心. */
export const shortUnitName = (name: string): string =>
  name.replace('社区居委会', '').replace('社区事务受理服务中心', '受理中心')

/** Shanghai business day of an instant, `YYYY-MM-DD`. */
export function shanghaiDay(at: Date = new Date()): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)
}

export interface PeriodChoice {
  key: string
  label: string
  from: string
  to: string
}

/** The periods an officer switches between: last 7 / 30 / 90 days and last month. */
export function periodChoices(today = shanghaiDay()): PeriodChoice[] {
  const first = `${today.slice(0, 7)}-01`
  const lastMonthEnd = addDays(first, -1)
  const lastMonthStart = `${lastMonthEnd.slice(0, 7)}-01`
  return [
    { key: '7', label: '近7天', from: addDays(today, -6), to: today },
    { key: '30', label: '近30天', from: addDays(today, -29), to: today },
    { key: '90', label: '近90天', from: addDays(today, -89), to: today },
    { key: 'lastMonth', label: '上个月', from: lastMonthStart, to: lastMonthEnd },
  ]
}

/** Query string for the pages' links. */
export function qs(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

export const REPORT_ROUTES = {
  dashboard: '/pkg-office/reports/dashboard/index',
  cases: '/pkg-office/reports/cases/index',
  sentiment: '/pkg-office/reports/sentiment/index',
  performance: '/pkg-office/reports/performance/index',
  digest: '/pkg-office/reports/digest/index',
  export: '/pkg-office/reports/export/index',
} as const
