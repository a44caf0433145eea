import type { BookingDoc, bookingsContract } from '../../../types/bookings'
import type { Handler } from '../../shared/router'
import { SLOT_VIEW_FIELDS, centerInfo, clerkCenterId, loadCenter, sheetRow } from '../lib'
import { dayStatus } from '../rules/plan'
import { localDate } from '../rules/time'

/** The clerk's day (日程表): slots in order with who is coming, then walk-ins; two reads however busy. */
export const daySheet: Handler<typeof bookingsContract.daySheet> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const date = input.date ?? localDate(ctx.now)
  const [center, slots, bookings] = await Promise.all([
    loadCenter(ctx.db, centerId),
    ctx.store.slots.find(
      { centerId, date },
      { orderBy: [['startTime', 'asc']], limit: 1000, fields: SLOT_VIEW_FIELDS },
    ),
    ctx.store.bookings.find({ centerId, date }, { limit: 1000 }),
  ])
  const byNumber = (a: BookingDoc, b: BookingDoc) => a.number.localeCompare(b.number)
  const totals: Record<string, number> = {}
  for (const b of bookings) totals[b.status] = (totals[b.status] ?? 0) + 1
  totals.walkIn = bookings.filter((b) => b.walkIn).length
  const status = dayStatus(center, date)
  return {
    date,
    center: centerInfo(center),
    closed: !status.open,
    closedReason: status.open ? undefined : status.reason,
    slots: slots.map((s) => ({
      id: s._id,
      startTime: s.startTime,
      endTime: s.endTime,
      capacity: s.capacity,
      windows: s.windows,
      booked: s.booked,
      status: s.status,
      rows: bookings
        .filter((b) => b.slotId === s._id)
        .sort(byNumber)
        .map((b) => sheetRow(b, ctx.now)),
    })),
    walkIns: bookings
      .filter((b) => b.walkIn)
      .sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt)))
      .map((b) => sheetRow(b, ctx.now)),
    total: bookings.filter((b) => !b.walkIn && b.status !== 'cancelled' && b.status !== 'closed').length,
    totals,
  }
}
