/**
 * Closing a day (闭馆): the closure joins the center's plan (so no slot reopens), the day's slots stop taking
 * bookings and give up their places, and every active booking is closed, carrying a `settle` entry from which
 * the bookings timer writes its resident's message (settle.ts, within half an hour). Four conditional writes
 * however busy the day: the closure (only if the day is not closed yet), the slots, and the bookings with a
 * resident to tell and those without (walk-ins), so the answer can say how many are told.
 *
 * Retry-safe without a transaction: each write matches only what is still to be done (a booking still
 * active), so closing again, or after a process was killed half-way, finishes the job and changes nothing
 * twice; the message's dedupe key per booking writes it once. The day guards are left: a guard whose booking
 * is no longer active is taken over by the next booking.
 */
import { ACTIVE_STATUSES, type bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { clerkCenterId } from '../lib'
import { localDate } from '../rules/time'
import { settling } from '../settle'

export const closeDay: Handler<typeof bookingsContract.closeDay> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  if (input.date < localDate(ctx.now)) throw conflict('不能关闭已经过去的日子')
  const { _, now } = ctx
  await ctx.store.serviceCenters.updateWhere(
    { _id: centerId, 'closures.date': _.neq(input.date) },
    { closures: _.push([{ date: input.date, reason: input.reason }]) },
  )
  // A closed slot takes nobody (`book` holds a place only in an open slot), so its places are given up here.
  await ctx.store.slots.updateWhere(
    { centerId, date: input.date },
    { status: 'closed', closedReason: input.reason, booked: 0, holders: [], heldAt: _.remove() },
  )
  const active = { centerId, date: input.date, status: _.in([...ACTIVE_STATUSES]) }
  const closed = { status: 'closed', finishedAt: now, cancelReason: input.reason } as const
  // A bulk write moves `settleAt` to now: the timer releases a booking only while it holds what it read.
  const notified = await ctx.store.bookings.updateWhere(
    { ...active, openid: _.exists(true) },
    { ...closed, ...settling(ctx.db, [{ kind: 'closed', at: now, reason: input.reason }], now) },
  )
  const untold = await ctx.store.bookings.updateWhere(active, closed)
  return { date: input.date, cancelled: notified + untold, notified }
}
