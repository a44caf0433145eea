import type { BookingDoc, bookingsContract } from '../../../types/bookings'
import { isDuplicateKey } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import { clerkCenterId, loadCenter, loadItems, sheetRow, uniqueIds } from '../lib'
import { bookingNumber } from '../rules/booking'
import { localDate, localTime } from '../rules/time'

/**
 * Walk-in (现场取号): registered as already checked in, without a slot; counts for the items' yearly
 * frequency. Its id is derived from the clerk and request id, so a retried registration writes once and
 * counts once: the insert finds the first one (no read before it, as a retry is the rare case). The counter
 * and the frequency are carried in the insert itself for the bookings timer to pass on (settle.ts).
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
    settle: [{ kind: 'walkIn', at: ctx.now }],
    settleAt: ctx.now,
  }
  try {
    await ctx.store.bookings.add(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    // A retry: the first attempt wrote and counted it; answer with what it wrote.
    const existing = await ctx.store.bookings.get(id)
    return sheetRow(existing ?? doc, ctx.now)
  }
  return sheetRow(doc, ctx.now)
}
