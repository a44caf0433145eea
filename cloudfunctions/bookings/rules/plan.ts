/**
 * Slots from a center's working plan (工作安排): weekday hours minus the lunch break, cut into slots of the
 * plan's length, each with the open windows as capacity. The slot id is derived from center, date and start
 * time, so `openSlots` run twice (or by two clerks at once) writes each slot once.
 */
import type { ServiceCenterDoc, SlotDoc, WorkingPlan } from '../../../types/bookings'
import { addDays, instantOf, localDate, minutesOf, timeOf, weekdayOf } from './time'

export const slotId = (centerId: string, date: string, start: string): string =>
  `slot:${centerId}:${date}:${start.replace(':', '')}`

/** Start and end times of one working day's slots. */
export function slotTimes(plan: WorkingPlan): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = []
  const open = minutesOf(plan.open)
  const close = minutesOf(plan.close)
  const lunchStart = plan.lunch ? minutesOf(plan.lunch.start) : -1
  const lunchEnd = plan.lunch ? minutesOf(plan.lunch.end) : -1
  let t = open
  while (t + plan.slotMinutes <= close) {
    const end = t + plan.slotMinutes
    // A slot that would overlap the lunch break starts again when the break ends.
    if (plan.lunch && t < lunchEnd && end > lunchStart) {
      t = Math.max(t, lunchEnd)
      continue
    }
    out.push({ start: timeOf(t), end: timeOf(end) })
    t = end
  }
  return out
}

type CenterPlan = Pick<ServiceCenterDoc, '_id' | 'plan' | 'closures' | 'extraWorkdays'>

/** Whether the center works on a date, and why not; `weekday` is `weekdayOf(date)` when the caller has it. */
export function dayStatus(
  center: CenterPlan,
  date: string,
  weekday?: number,
): { open: true } | { open: false; reason: string } {
  const closure = center.closures.find((c) => c.date === date)
  if (closure) return { open: false, reason: closure.reason }
  if (center.extraWorkdays.includes(date)) return { open: true }
  if (!center.plan.weekdays.includes(weekday ?? weekdayOf(date))) return { open: false, reason: '休息日' }
  return { open: true }
}

/** The dates of the booking window: today and the following `days - 1` days. */
export function windowDates(now: Date, days: number): string[] {
  const today = localDate(now)
  return Array.from({ length: days }, (_, i) => addDays(today, i))
}

/** Every slot the plan gives for the next `days` days (working days only), empty and open. */
export function planSlots(center: CenterPlan, now: Date, days: number): SlotDoc[] {
  const times = slotTimes(center.plan)
  const out: SlotDoc[] = []
  for (const date of windowDates(now, days)) {
    if (!dayStatus(center, date).open) continue
    for (const { start, end } of times) {
      out.push({
        _id: slotId(center._id, date, start),
        centerId: center._id,
        date,
        startTime: start,
        endTime: end,
        startsAt: instantOf(date, start),
        capacity: center.plan.windows,
        booked: 0,
        holders: [],
        status: 'open',
      })
    }
  }
  return out
}
