/** The ticket as an iCalendar event (.ics) for "add to calendar" on H5, with a reminder the evening before. */
import { createEvent } from 'ics'

export interface CalendarTicket {
  readonly id: string
  readonly number: string
  readonly itemNames: readonly string[]
  readonly date: string
  readonly startTime: string
  readonly endTime: string
  readonly centerName: string
  readonly centerAddress: string
  readonly latitude: number
  readonly longitude: number
}

export function ticketIcs(t: CalendarTicket): string {
  const [y, mo, d] = t.date.split('-').map(Number)
  const [sh, sm] = t.startTime.split(':').map(Number)
  const [eh, em] = t.endTime.split(':').map(Number)
  // Asia/Shanghai has no daylight saving: +08:00 always, so the event is written in UTC.
  const toUtc = (h: number, m: number): [number, number, number, number, number] => {
    const at = new Date(Date.UTC(y, mo - 1, d, h - 8, m))
    return [at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes()]
  }
  const { error, value } = createEvent({
    uid: `${t.id}@linli`,
    start: toUtc(sh, sm),
    startInputType: 'utc',
    startOutputType: 'utc',
    end: toUtc(eh, em),
    endInputType: 'utc',
    endOutputType: 'utc',
    title: `办事预约：${t.itemNames.join('、')}`,
    description: `预约号 ${t.number}。请带齐办事小贴士里列出的材料，提前10分钟到达。`,
    location: `${t.centerName}（${t.centerAddress}）`,
    geo: { lat: t.latitude, lon: t.longitude },
    alarms: [{ action: 'display', description: '明天去服务中心办事', trigger: { hours: 16, before: true } }],
    productId: 'linli/bookings',
  })
  if (error || !value) throw error ?? new Error('ics generation failed')
  return value
}
