/** Wording and time for demand pages: Asia/Shanghai, plain words a 70-year-old reads at a glance. */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import type { DemandSummary } from '../../types/demands'

dayjs.extend(utc)
dayjs.extend(timezone)

export const when = (iso: string): string => dayjs(iso).tz('Asia/Shanghai').format('M月D日 HH:mm')

/** 还剩3小时 / 已超时5小时 / 还剩2天 */
export function dueText(
  d: Pick<DemandSummary, 'dueAt' | 'dueStage' | 'overdue'>,
  now = Date.now(),
): string | null {
  if (!d.dueAt) return null
  const ms = Date.parse(d.dueAt) - now
  const what = d.dueStage === 'response' ? '回复' : '办结'
  const span = (m: number) =>
    m >= 48 * 3_600_000 ? `${Math.floor(m / 86_400_000)}天` : `${Math.max(1, Math.round(m / 3_600_000))}小时`
  return ms < 0 ? `${what}已超时${span(-ms)}` : `${span(ms)}内${what}`
}

export const detailUrl = (id: string) => `/demands/pages/detail/index?id=${encodeURIComponent(id)}`
export const staffDetailUrl = (id: string) => `/pkg-staff/demands/detail/index?id=${encodeURIComponent(id)}`
export const submitUrl = '/demands/pages/submit/index'
