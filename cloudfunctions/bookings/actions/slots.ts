import type { bookingsContract, DayView } from '../../../types/bookings'
import type { Database } from '../../shared/cloud'
import { storeOf } from '../../shared/data'
import type { Handler } from '../../shared/router'
import { SLOT_VIEW_FIELDS, cachedCenter, centerInfo, centerOfItems, uniqueIds, type SlotLine } from '../lib'
import { slotView } from '../rules/booking'
import { asPlanned, dayStatus, PLAN_CHANGED, windowDates } from '../rules/plan'
import { WEEKDAY_LABEL, weekdayOf } from '../rules/time'

const BOOKING_WINDOW_DAYS = 14

/** The dates residents can book: today and the next 13 days. */
export const bookingWindow = (now: Date): string[] => windowDates(now, BOOKING_WINDOW_DAYS)

/**
 * The slots of a center on `dates` (the booking window) in one read (at most 14 × ~15 documents; bookings
 * are not read).
 */
export async function readWindow(
  db: Database,
  centerId: string,
  dates: readonly string[],
): Promise<SlotLine[]> {
  const _ = db.command
  return storeOf(db).slots.find(
    { centerId, date: _.gte(dates[0]).and(_.lte(dates[dates.length - 1])) },
    {
      orderBy: [
        ['date', 'asc'],
        ['startTime', 'asc'],
      ],
      limit: 1000,
      fields: SLOT_VIEW_FIELDS,
    },
  )
}

export const slots: Handler<typeof bookingsContract.slots> = async (input, ctx) => {
  const ids = uniqueIds(input.itemIds ?? [input.itemId as string])
  const centerId = await centerOfItems(ctx.db, ids)
  const dates = bookingWindow(ctx.now)
  const [center, all] = await Promise.all([
    cachedCenter(ctx.db, centerId, ctx.now),
    readWindow(ctx.db, centerId, dates),
  ])
  const minNotice = center.plan.minNoticeMinutes
  const days: DayView[] = dates.map((date) => {
    const weekday = weekdayOf(date)
    const daySlots = all.filter((s) => s.date === date)
    // A day whose slots were all closed is closed, whatever a cached center says.
    const closedSlot =
      daySlots.length > 0 && daySlots.every((s) => s.status === 'closed') ? daySlots[0] : undefined
    const status = closedSlot
      ? { open: false as const, reason: closedSlot.closedReason ?? '停止预约' }
      : dayStatus(center, date, weekday)
    return {
      date,
      weekday: WEEKDAY_LABEL[weekday],
      closed: !status.open,
      reason: status.open ? (daySlots.length === 0 ? '尚未开放预约' : undefined) : status.reason,
      // Only the slots the plan has now, with its places: the documents follow at the timer's next run.
      slots: status.open
        ? daySlots
            .map((s) => asPlanned(center, s))
            .filter((s) => s.status === 'open' || s.closedReason !== PLAN_CHANGED)
            .map((s) => slotView(s, ctx.now, minNotice))
        : [],
    }
  })
  return { center: centerInfo(center), minNoticeMinutes: minNotice, days }
}
