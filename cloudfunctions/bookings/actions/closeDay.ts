/**
 * Closing a day (闭馆): the closure joins the center's plan (so no slot reopens), the day's slots stop taking
 * bookings, and every active booking is cancelled with a message to its resident. Each step is idempotent
 * (conditional status changes, dedupe keys per booking), so closing again or after an interruption
 * finishes the job without a second message.
 */
import { ACTIVE_STATUSES, type bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import { enqueue } from '../../shared/outbox'
import type { Handler } from '../../shared/router'
import { clerkCenterId, loadCenter } from '../lib'
import { localDate } from '../rules/time'
import { releaseBooking } from './cancel'

export const closeDay: Handler<typeof bookingsContract.closeDay> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  if (input.date < localDate(ctx.now)) throw conflict('不能关闭已经过去的日子')
  const center = await loadCenter(ctx.db, centerId)
  const _ = ctx._
  if (!center.closures.some((c) => c.date === input.date)) {
    await ctx.store.serviceCenters.updateWhere(
      { _id: centerId, 'closures.date': _.neq(input.date) },
      { closures: _.push([{ date: input.date, reason: input.reason }]) },
    )
  }
  await ctx.store.slots.updateWhere(
    { centerId, date: input.date },
    { status: 'closed', closedReason: input.reason },
  )

  const active = await ctx.store.bookings.find(
    { centerId, date: input.date, status: _.in([...ACTIVE_STATUSES]) },
    { limit: 1000 },
  )
  let cancelled = 0
  let notified = 0
  for (const b of active) {
    const updated = await ctx.store.bookings.updateWhere(
      { _id: b._id, status: b.status },
      { status: 'closed', finishedAt: ctx.now, cancelReason: input.reason },
    )
    if (updated === 1) cancelled++
    await releaseBooking(ctx.db, b)
    if (b.openid) {
      notified += await enqueue(
        ctx.db,
        [
          {
            dedupeKey: `booking:${b._id}:closed`,
            touser: b.openid,
            templateKey: 'bookingReminder',
            page: 'bookings/pages/mine/index',
            data: {
              thing1: b.itemNames.join('、').slice(0, 20),
              time2: `${b.date} ${b.startTime ?? ''}`.trim(),
              thing3: `${input.reason}，预约已取消，请改约`.slice(0, 20),
            },
          },
        ],
        ctx.now,
      )
    }
  }
  return { date: input.date, cancelled, notified }
}
