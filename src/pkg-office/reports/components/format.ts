/** How report numbers read on the office pages. */
export { addDays, pct, periodChoices, shanghaiDay, type PeriodChoice } from '@/shared/reportFormat'

export const hours = (h: number | null | undefined): string =>
  h === null || h === undefined ? '—' : `${h} 小时`

/** A unit's name short enough for a chart label or table cell: 春晖社区居委会 → 春晖, …社区事务受理服务中心 → …受理中心. */
export const shortUnitName = (name: string): string =>
  name.replace('社区居委会', '').replace('社区事务受理服务中心', '受理中心')

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
