/**
 * Period math for reports, in business days of Asia/Shanghai. A period is `from`..`to` inclusive.
 */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import type { Period, PeriodInput } from '../../../types/reports'
import { invalid } from '../../shared/errors'
import { TZ, businessDay } from '../../shared/stats'

dayjs.extend(utc)
dayjs.extend(timezone)

/** The longest period any report accepts (一年). */
export const MAX_PERIOD_DAYS = 366

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/

/** `day` ± n days, as `YYYY-MM-DD`; pure calendar arithmetic (no time zone can shift it). */
export function addDays(day: string, n: number): string {
  return dayjs.utc(day).add(n, 'day').format('YYYY-MM-DD')
}

export function daysBetween(from: string, to: string): number {
  return dayjs.utc(to).diff(dayjs.utc(from), 'day')
}

export function period(from: string, to: string): Period {
  return { from, to, days: daysBetween(from, to) + 1 }
}

/** Every business day of a period, in order. */
export function daysOf(p: { from: string; to: string }): string[] {
  const out: string[] = []
  for (let d = p.from; d <= p.to; d = addDays(d, 1)) out.push(d)
  return out
}

/** The instant a business day starts (00:00 Asia/Shanghai). */
export function dayStart(day: string): Date {
  return dayjs.tz(`${day} 00:00:00`, TZ).toDate()
}

/** The instant just after a period ends (00:00 of the next day). */
export function periodEnd(p: { to: string }): Date {
  return dayStart(addDays(p.to, 1))
}

const isRealDay = (day: string): boolean => DAY_RE.test(day) && dayjs.utc(day).format('YYYY-MM-DD') === day

export type PeriodDefault = { days: number } | { months: number } | 'lastMonth'

/**
 * The period an action works on: the one asked for, checked, or the default ending today.
 * Future, reversed, half-given or over-a-year periods are refused with field paths and zh-CN messages.
 */
export function resolvePeriod(
  input: Pick<PeriodInput, 'from' | 'to'>,
  now: Date,
  fallback: PeriodDefault,
): Period {
  const today = businessDay(now)
  const { from, to } = input
  if (from === undefined && to === undefined) return defaultPeriod(today, fallback)
  if (from === undefined) throw invalid('from', '请同时选择开始日期和结束日期')
  if (to === undefined) throw invalid('to', '请同时选择开始日期和结束日期')
  if (!isRealDay(from)) throw invalid('from', '开始日期不存在')
  if (!isRealDay(to)) throw invalid('to', '结束日期不存在')
  if (from > to) throw invalid('to', '结束日期不能早于开始日期')
  if (to > today) throw invalid('to', '不能选择今天以后的日期')
  const p = period(from, to)
  if (p.days > MAX_PERIOD_DAYS) throw invalid('from', '统计区间不能超过一年')
  return p
}

function defaultPeriod(today: string, fallback: PeriodDefault): Period {
  if (fallback === 'lastMonth') return lastMonth(today)
  if ('days' in fallback) return period(addDays(today, 1 - fallback.days), today)
  const from = dayjs.utc(today).subtract(fallback.months, 'month').add(1, 'day').format('YYYY-MM-DD')
  return period(from, today)
}

/** The period of the same length just before `p` (环比). */
export function previousPeriod(p: Period): Period {
  return period(addDays(p.from, -p.days), addDays(p.from, -1))
}

/** Yesterday, for the daily digest fired on the morning after. */
export function yesterday(now: Date): Period {
  const d = addDays(businessDay(now), -1)
  return period(d, d)
}

/** Last Monday..Sunday, for the weekly digest fired on Monday. */
export function lastWeek(now: Date): Period {
  const today = businessDay(now)
  const weekday = dayjs.utc(today).day() // 0 = Sunday
  const thisMonday = addDays(today, -((weekday + 6) % 7))
  return period(addDays(thisMonday, -7), addDays(thisMonday, -1))
}

/** The previous calendar month, for the monthly performance list fired on the 1st. */
export function lastMonth(todayOrNow: string | Date): Period {
  const today = typeof todayOrNow === 'string' ? todayOrNow : businessDay(todayOrNow)
  const first = dayjs.utc(today).startOf('month')
  const prevFirst = first.subtract(1, 'month')
  return period(prevFirst.format('YYYY-MM-DD'), first.subtract(1, 'day').format('YYYY-MM-DD'))
}
