/** Dates and labels for the visits pages, in Asia/Shanghai whatever the phone's time zone. */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'

dayjs.extend(utc)
dayjs.extend(timezone)

const TZ = 'Asia/Shanghai'

/** 11月23日 (and the year when it is not this year). */
export function day(iso: string | undefined, now = new Date()): string {
  if (!iso) return '—'
  const d = dayjs(iso).tz(TZ)
  return d.year() === dayjs(now).tz(TZ).year() ? d.format('M月D日') : d.format('YYYY年M月D日')
}

/** 11月23日 14:05 */
export function dayTime(iso: string | undefined): string {
  return iso ? dayjs(iso).tz(TZ).format('M月D日 HH:mm') : '—'
}

/** “3天前”, “今天”, “5天后”. */
export function relative(iso: string | undefined, now = new Date()): string {
  if (!iso) return ''
  const days = dayjs(iso).tz(TZ).startOf('day').diff(dayjs(now).tz(TZ).startOf('day'), 'day')
  if (days === 0) return '今天'
  return days < 0 ? `${-days}天前` : `${days}天后`
}
