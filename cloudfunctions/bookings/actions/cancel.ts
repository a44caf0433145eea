/**
 * Cancelling (取消预约) until one hour before. Three idempotent steps — mark the booking, give the place
 * back, drop the day guards — so a cancel interrupted half-way is completed by the next attempt.
 */
import type { BookingDoc, bookingsContract } from '../../../types/bookings'
import type { Database } from '../../shared/cloud'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { bumpFrequency, cachedCenter, loadOwnBooking, ticketOf } from '../lib'
import { cancelRefusal, guardId } from '../rules/booking'
import { releaseGuards, releasePlace } from './book'

export const cancel: Handler<typeof bookingsContract.cancel> = async (input, ctx) => {
  const b = await loadOwnBooking(ctx, input.bookingId)
  // The center only names the place on the ticket: the instance's short-lived copy will do.
  const center = await cachedCenter(ctx.db, b.centerId, ctx.now)
  if (b.status !== 'cancelled') {
    const refusal = cancelRefusal(b, ctx.now)
    if (refusal) throw conflict(refusal)
    // Only in the slot it was read in: a move that switched it meanwhile holds another place, which this
    // cancel would not give back.
    const updated = await ctx.store.bookings.updateWhere(
      { _id: b._id, status: 'booked', slotId: b.slotId ?? ctx._.exists(false) },
      { status: 'cancelled', finishedAt: ctx.now, cancelReason: '居民取消' },
    )
    if (updated !== 1) throw conflict('预约状态已变化，请刷新后再看')
    await bumpFrequency(ctx.db, b.itemIds, ctx.now, -1)
  }
  await releaseBooking(ctx.db, b)
  return ticketOf({ ...b, status: 'cancelled' }, center, ctx.now)
}

/** Gives back the slot place and the day guards of a booking that is no longer active. Safe to repeat. */
export async function releaseBooking(
  db: Database,
  b: Pick<BookingDoc, '_id' | 'slotId' | 'openid' | 'itemIds' | 'date'>,
): Promise<void> {
  if (b.slotId) await releasePlace(db, b.slotId, b._id)
  if (b.openid) {
    const openid = b.openid
    await releaseGuards(
      db,
      b.itemIds.map((i) => guardId(openid, i, b.date)),
      b._id,
    )
  }
}
