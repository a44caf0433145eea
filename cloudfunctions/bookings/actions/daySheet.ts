import { BookingDoc, ServiceCenterDoc, type bookingsContract } from '../../../types/bookings'
import { lookupRows } from '../../shared/data'
import { notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { SLOT_VIEW_FIELDS, SlotLineDoc, centerInfo, clerkCenterId, sheetRow } from '../lib'
import { dayStatus } from '../rules/plan'
import { localDate } from '../rules/time'

const CenterDay = ServiceCenterDoc.extend({
  daySlots: lookupRows('slots', SlotLineDoc),
  dayBookings: lookupRows('bookings'),
})

/**
 * The clerk's day (日程表): slots in order with who is coming, then walk-ins. One request however busy: the
 * center (its closures decide the day's state) with the day's slots and bookings looked up beside it.
 */
export const daySheet: Handler<typeof bookingsContract.daySheet> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const date = input.date ?? localDate(ctx.now)
  const [row] = await ctx.store.serviceCenters.aggregate(
    (p) =>
      p
        .match({ _id: centerId })
        .lookup({
          from: ctx.store.slots.name,
          // Sub-pipelines in their plain, documented form (`{ from, let, pipeline, as }`), sent as they are.
          let: {},
          pipeline: [
            { $match: { centerId, date } },
            { $sort: { startTime: 1 } },
            { $limit: 1000 },
            { $project: SLOT_VIEW_FIELDS },
          ],
          as: 'daySlots',
        })
        .lookup({
          from: ctx.store.bookings.name,
          let: {},
          pipeline: [{ $match: { centerId, date } }, { $limit: 1000 }],
          as: 'dayBookings',
        }),
    CenterDay,
  )
  if (!row) throw notFound('没有找到服务中心')
  const { daySlots: slots, dayBookings: bookings, ...center } = row
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
