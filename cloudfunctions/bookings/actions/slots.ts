import { SlotDoc, type bookingsContract, type DayView } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import type { Database } from '../../shared/cloud'
import { C, cachedCenter, centerInfo, centerOfItems, uniqueIds } from '../lib'
import { slotView } from '../rules/booking'
import { dayStatus, windowDates } from '../rules/plan'
import { WEEKDAY_LABEL, weekdayOf } from '../rules/time'

type Spec = typeof bookingsContract.slots
export const BOOKING_WINDOW_DAYS = 14

/** The next 14 days' slots of a center in one read (at most 14 × ~15 documents; bookings are not read). */
export async function readWindow(db: Database, centerId: string, now: Date): Promise<SlotDoc[]> {
  const _ = db.command
  const dates = windowDates(now, BOOKING_WINDOW_DAYS)
  const raw = await findMany<unknown>(
    db,
    C.slots,
    { centerId, date: _.gte(dates[0]).and(_.lte(dates[dates.length - 1])) },
    {
      orderBy: [
        ['date', 'asc'],
        ['startTime', 'asc'],
      ],
      limit: 1000,
      fields: { holders: false },
    },
  )
  return raw.map((r) => SlotDoc.parse(r))
}

export async function slots(input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
  const ids = uniqueIds(input.itemIds ?? [input.itemId as string])
  const centerId = await centerOfItems(ctx.db, ids)
  const [center, all] = await Promise.all([
    cachedCenter(ctx.db, centerId, ctx.now),
    readWindow(ctx.db, centerId, ctx.now),
  ])
  const minNotice = center.plan.minNoticeMinutes
  const days: DayView[] = windowDates(ctx.now, BOOKING_WINDOW_DAYS).map((date) => {
    const daySlots = all.filter((s) => s.date === date)
    // A day whose slots were all closed is closed, whatever a cached center says.
    const closedSlot =
      daySlots.length > 0 && daySlots.every((s) => s.status === 'closed') ? daySlots[0] : undefined
    const status = closedSlot
      ? { open: false as const, reason: closedSlot.closedReason ?? '停止预约' }
      : dayStatus(center, date)
    return {
      date,
      weekday: WEEKDAY_LABEL[weekdayOf(date)],
      closed: !status.open,
      reason: status.open ? (daySlots.length === 0 ? '尚未开放预约' : undefined) : status.reason,
      slots: status.open ? daySlots.map((s) => slotView(s, ctx.now, minNotice)) : [],
    }
  })
  return { center: centerInfo(center), minNoticeMinutes: minNotice, days }
}
