/**
 * Slots from a center's working plan (工作安排): each working day's hours (a weekday's own, else the plan's)
 * minus the lunch break, cut into slots of the plan's length. A slot has the day's open windows as places,
 * of which the walk-in reserve is kept back: bookings take at most `windows - walkInReserve`. The slot id is
 * derived from center, date and start time, so `openSlots` run twice (or by two clerks at once) writes each
 * slot once.
 */
import type { ServiceCenterDoc, SlotDoc, WorkingPlan } from '../../../types/bookings'
import { addDays, instantOf, localDate, minutesOf, timeOf, weekdayOf } from './time'

export const slotId = (centerId: string, date: string, start: string): string =>
  `slot:${centerId}:${date}:${start.replace(':', '')}`

/** Hours and open windows of one working day. */
export interface Hours {
  readonly open: string
  readonly close: string
  readonly windows: number
}

/** The plan's own hours, for days without their own. */
const standardHours = (plan: WorkingPlan): Hours => ({
  open: plan.open,
  close: plan.close,
  windows: plan.windows,
})

/**
 * A weekday's hours: its own entry in `days`, else the plan's. A weekend day worked in exchange for a holiday
 * (调休上班) that has no hours of its own works the plan's.
 */
export function hoursOn(plan: WorkingPlan, weekday: number): Hours {
  return plan.days?.find((d) => d.weekday === weekday) ?? standardHours(plan)
}

/** Places bookings may take in a slot with `windows` open windows. */
export const bookableOf = (plan: Pick<WorkingPlan, 'walkInReserve'>, windows: number): number =>
  Math.max(0, windows - (plan.walkInReserve ?? 0))

/** Start and end times of one working day's slots (the plan's own hours unless `hours` are given). */
export function slotTimes(
  plan: WorkingPlan,
  hours: Hours = standardHours(plan),
): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = []
  const open = minutesOf(hours.open)
  const close = minutesOf(hours.close)
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

/** A slot the plan gives on a date: its times, its bookable places and its windows. */
export interface PlannedSlot {
  readonly _id: string
  readonly date: string
  readonly startTime: string
  readonly endTime: string
  readonly capacity: number
  readonly windows: number
}

/** The slots the plan gives on one date (none on a closed day), in time order. */
export function slotsOn(center: CenterPlan, date: string): PlannedSlot[] {
  const weekday = weekdayOf(date)
  if (!dayStatus(center, date, weekday).open) return []
  const hours = hoursOn(center.plan, weekday)
  const capacity = bookableOf(center.plan, hours.windows)
  return slotTimes(center.plan, hours).map(({ start, end }) => ({
    _id: slotId(center._id, date, start),
    date,
    startTime: start,
    endTime: end,
    capacity,
    windows: hours.windows,
  }))
}

/**
 * What the plan says today of a slot document: its bookable places, or null when the plan no longer has
 * it (its time was removed or its day closed). Between a plan change and the timer run that adjusts the
 * slot documents, booking and the slot list follow the plan, not the documents.
 */
export function plannedCapacity(
  center: CenterPlan,
  slot: Pick<SlotDoc, '_id' | 'date' | 'startTime'>,
): number | null {
  const p = slotsOn(center, slot.date).find((s) => s.startTime === slot.startTime)
  return p ? p.capacity : null
}

/** The dates of the booking window: today and the following `days - 1` days. */
export function windowDates(now: Date, days: number): string[] {
  const today = localDate(now)
  return Array.from({ length: days }, (_, i) => addDays(today, i))
}

/** Every slot the plan gives for the next `days` days (working days only), empty and open. */
export function planSlots(center: CenterPlan, now: Date, days: number): SlotDoc[] {
  return windowDates(now, days).flatMap((date) => slotsOn(center, date).map((p) => emptySlot(center._id, p)))
}

/** A new, empty, open slot document for a planned slot. */
export function emptySlot(centerId: string, p: PlannedSlot): SlotDoc {
  return {
    _id: p._id,
    centerId,
    date: p.date,
    startTime: p.startTime,
    endTime: p.endTime,
    startsAt: instantOf(p.date, p.startTime),
    capacity: p.capacity,
    windows: p.windows,
    booked: 0,
    holders: [],
    status: 'open',
  }
}

/** Why a slot the plan no longer has stopped taking bookings. */
export const PLAN_CHANGED = '办公时间已调整'

/**
 * A slot document as the plan sees it while a saved change is still being applied (`replanAt`): closed when
 * the plan dropped it, with fewer places when the plan has fewer. Otherwise the documents are the plan.
 */
export function asPlanned<
  S extends Pick<SlotDoc, '_id' | 'date' | 'startTime' | 'capacity' | 'status' | 'closedReason'>,
>(center: CenterPlan & Pick<ServiceCenterDoc, 'replanAt'>, slot: S): S {
  if (center.replanAt === undefined) return slot
  const cap = plannedCapacity(center, slot)
  if (cap === null)
    return slot.status === 'closed' ? slot : { ...slot, status: 'closed', closedReason: PLAN_CHANGED }
  return cap < slot.capacity ? { ...slot, capacity: cap } : slot
}
