import type { BookingDoc, bookingsContract } from '../../../types/bookings'
import { isDuplicateKey } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import {
  bumpBookingStats,
  bumpFrequency,
  clerkCenterId,
  loadCenter,
  loadItems,
  sheetRow,
  uniqueIds,
} from '../lib'
import { bookingNumber } from '../rules/booking'
import { localDate, localTime } from '../rules/time'

/**
 * Walk-in (现场取号): registered as already checked in, without a slot; counts for the items' yearly
 * frequency. Its id is derived from the clerk and request id, so a retried registration writes once and
 * counts once: the insert finds the first one (no read before it, as a retry is the rare case).
 */
export const walkIn: Handler<typeof bookingsContract.walkIn> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const id = derivedId(ctx.caller.openid, 'bookings.walkIn', input.clientRequestId)
  const itemIds = uniqueIds(input.itemIds)
  const [items, center] = await Promise.all([loadItems(ctx.db, itemIds), loadCenter(ctx.db, centerId)])
  const doc: BookingDoc = {
    _id: id,
    number: bookingNumber(id),
    residentName: input.residentName || undefined,
    subdistrictId: center.subdistrictId,
    centerId,
    itemIds,
    itemNames: items.map((i) => i.name),
    date: localDate(ctx.now),
    startTime: localTime(ctx.now),
    status: 'checkedIn',
    walkIn: true,
    clientRequestId: input.clientRequestId,
    createdAt: ctx.now,
    checkedInAt: ctx.now,
    clerkOpenid: ctx.caller.openid,
    rescheduledFrom: [],
  }
  try {
    await ctx.store.bookings.add(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    // A retry: the first attempt wrote and counted it; answer with what it wrote.
    const existing = await ctx.store.bookings.get(id)
    return sheetRow(existing ?? doc, ctx.now)
  }
  await bumpFrequency(ctx.db, itemIds, ctx.now, 1)
  await bumpBookingStats(ctx.db, doc, ctx.now, { 'bookings.walkIn': 1 })
  return sheetRow(doc, ctx.now)
}
