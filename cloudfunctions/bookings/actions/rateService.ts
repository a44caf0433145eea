import type { bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { loadCenter, loadOwnBooking, ticketOf } from '../lib'
import { settling } from '../settle'

/**
 * Rating the window service (服务评价), once per finished booking. The conditional update makes a second
 * rating (or a retried one) a no-op, and it carries the day's rating counters for the bookings timer to
 * pass on (settle.ts), so they are counted exactly when the rating is written.
 */
export const rateService: Handler<typeof bookingsContract.rateService> = async (input, ctx) => {
  const b = await loadOwnBooking(ctx, input.bookingId)
  const center = await loadCenter(ctx.db, b.centerId)
  if (b.rating !== undefined) return ticketOf(b, center, ctx.now)
  if (b.status !== 'served' && b.status !== 'notDone') throw conflict('办理结束后才能评价')
  const _ = ctx._
  await ctx.store.bookings.updateWhere(
    { _id: b._id, rating: _.exists(false), status: _.in(['served', 'notDone']) },
    {
      rating: input.stars,
      ratingComment: input.comment ?? '',
      ratedAt: ctx.now,
      ...settling(ctx.db, [{ kind: 'rated', at: ctx.now, stars: input.stars }], ctx.now, b.settleAt),
    },
  )
  return ticketOf({ ...b, rating: input.stars }, center, ctx.now)
}
