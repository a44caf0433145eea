/**
 * How report figures and periods read in the app, for the office pages (pkg-office) and the committee admin's
 * 社区数据 (pkg-staff) alike: in the main package, as a subpackage cannot load another subpackage's modules.
 */
/** A rate as a percentage with one decimal, or — when nothing was measured. */
export const pct = (r: number | null | undefined): string =>
  r === null || r === undefined ? '—' : `${Math.round(r * 1000) / 10}%`

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
