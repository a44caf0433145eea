import { SlotDoc, type bookingsContract, type DayView } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import type { Database } from '../../shared/cloud'
import { C, centerInfo, loadCenter, loadItems, uniqueIds } from '../lib'
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
  const items = await loadItems(ctx.db, ids)
  const center = await loadCenter(ctx.db, items[0].centerId)
  const all = await readWindow(ctx.db, center._id, ctx.now)
  const minNotice = center.plan.minNoticeMinutes
  const days: DayView[] = windowDates(ctx.now, BOOKING_WINDOW_DAYS).map((date) => {
    const status = dayStatus(center, date)
    const daySlots = all.filter((s) => s.date === date)
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
