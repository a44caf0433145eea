/** Asia/Shanghai wall-clock helpers: slots, closures and reminders are all business-day based. */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import { businessDay, TZ } from '../../shared/stats'

dayjs.extend(utc)
dayjs.extend(timezone)

export { toDate } from '../../demands/public'

export const WEEKDAY_LABEL = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const

/** The instant a wall-clock `date` + `HH:mm` in Asia/Shanghai stands for. */
export const instantOf = (date: string, time: string): Date =>
  dayjs.tz(`${date} ${time}`, 'YYYY-MM-DD HH:mm', TZ).toDate()
/** The local date (the business day) of an instant, `YYYY-MM-DD`. */
export const localDate = businessDay
export const localTime = (at: Date): string => dayjs(at).tz(TZ).format('HH:mm')
export const addDays = (date: string, n: number): string =>
  dayjs.tz(`${date} 12:00`, 'YYYY-MM-DD HH:mm', TZ).add(n, 'day').format('YYYY-MM-DD')
/** 0 = Sunday … 6 = Saturday, of a local date. */
export const weekdayOf = (date: string): number => dayjs.tz(`${date} 12:00`, 'YYYY-MM-DD HH:mm', TZ).day()
export const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))
export const timeOf = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`
export const yearOf = (at: Date): string => dayjs(at).tz(TZ).format('YYYY')
