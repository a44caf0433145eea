import type { bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { bumpBookingStats, loadCenter, loadOwnBooking, ticketOf } from '../lib'

/**
 * Rating the window service (服务评价), once per finished booking. The conditional update makes a second
 * rating (or a retried one) a no-op, so the counters are bumped once.
 */
export const rateService: Handler<typeof bookingsContract.rateService> = async (input, ctx) => {
  const b = await loadOwnBooking(ctx, input.bookingId)
  const center = await loadCenter(ctx.db, b.centerId)
  if (b.rating !== undefined) return ticketOf(b, center, ctx.now)
  if (b.status !== 'served' && b.status !== 'notDone') throw conflict('办理结束后才能评价')
  const _ = ctx._
  const updated = await ctx.store.bookings.updateWhere(
    { _id: b._id, rating: _.exists(false), status: _.in(['served', 'notDone']) },
    { rating: input.stars, ratingComment: input.comment ?? '', ratedAt: ctx.now },
  )
  const rated = { ...b, rating: input.stars }
  if (updated !== 1) return ticketOf(rated, center, ctx.now)
  // Per-clerk ratings come from the booking's clerkOpenid in the reports; the day counters are per unit.
  const counters: Record<string, number> = { 'bookings.ratings': 1, 'bookings.ratingSum': input.stars }
  if (input.stars >= 4) counters['bookings.ratedGood'] = 1
  await bumpBookingStats(ctx.db, b, ctx.now, counters)
  return ticketOf(rated, center, ctx.now)
}
