/**
 * Moving a booking (改约) to another slot without a transaction, in at most six database requests: the
 * caller; one aggregation that reads the booking with its center, the target slot and the resident's guards
 * of the target day; the new place; the target day's guards (another day only); the booking; the old place.
 *
 * Why the move is still all-or-nothing and retry-safe:
 * - The new place is taken by the same atomic conditional update as `book` (open, not full — the walk-in
 *   reserve is not in `capacity` — and not yet held by this booking), so a move never overfills a slot.
 * - The booking is switched by one conditional update that names the slot it was read in and `booked`: of
 *   two moves (or a move and a cancel) racing for it only one is written; the loser gives back the place it
 *   took. The switch records the request id, so the same request again is answered from the booking.
 * - Steps run in an order in which every interruption is finished by a retry or repaired: a place taken but
 *   never switched to is found by the retry (the booking already holds it) and otherwise freed by the daily
 *   repair of holds whose booking is not in that slot (timers.ts); a switched booking whose old place was not
 *   yet given back has it given back by the retry, or by the same repair. Guards written for a day the
 *   booking is not on are stale and taken over by the next booking (book.ts), so they are never removed here.
 */
import { z } from 'zod'
import type { bookingsContract } from '../../../types/bookings'
import { lookupRows, lookupWhere, parseDocOf } from '../../shared/data'
import { conflict, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { centerOfSlotId, ticketOf } from '../lib'
import { cancelRefusal, guardId, unbookableReason } from '../rules/booking'
import { asPlanned } from '../rules/plan'
import { toDate } from '../rules/time'
import { guardPlan, holdPlace, releasePlace, slotConflict, takeGuards } from './book'

export const reschedule: Handler<typeof bookingsContract.reschedule> = async (input, ctx) => {
  const { store, _, db } = ctx
  const openid = ctx.caller.openid
  const date = centerOfSlotId(input.slotId) ? (input.slotId.split(':').at(-2) as string) : null
  if (!date) throw notFound('没有找到这个预约时段')
  const [row] = await store.bookings.aggregate(
    (p) =>
      p
        .match({ _id: input.bookingId, openid })
        .lookup({
          from: store.serviceCenters.name,
          localField: 'centerId',
          foreignField: '_id',
          as: 'centers',
        })
        .lookup(lookupWhere(db, 'slots', { _id: input.slotId }, 'targets', { limit: 1 }))
        .lookup(lookupWhere(db, 'bookingGuards', { openid, date }, 'guards', { limit: 50 })),
    z
      .object({
        centers: lookupRows('serviceCenters'),
        targets: lookupRows('slots'),
        guards: lookupRows('bookingGuards'),
      })
      .loose(),
  )
  // Someone else's booking reads as missing: its existence is not revealed.
  if (!row) throw notFound('没有找到这个预约')
  const { centers, targets, guards, ...rest } = row
  const b = parseDocOf('bookings', rest)
  const center = centers[0]
  const slot = targets[0]
  if (!center) throw notFound('没有找到服务中心')
  if (!slot || slot.centerId !== b.centerId) throw notFound('没有找到这个预约时段')

  // The same request again, or already there: nothing to move — but the first attempt may have been
  // stopped before it gave the old place back.
  if (b.slotId === slot._id || b.rescheduleRequests?.includes(input.clientRequestId)) {
    const old = b.rescheduledFrom.at(-1)
    if (b.rescheduleRequests?.includes(input.clientRequestId) && old && old !== b.slotId)
      await releasePlace(db, old, b._id)
    return ticketOf(b, center, ctx.now)
  }
  const refusal = cancelRefusal(b, ctx.now)
  if (refusal || !b.slotId) throw conflict(refusal ?? '这个预约已不能改约')
  const minNotice = center.plan.minNoticeMinutes
  const live = asPlanned(center, slot)
  // An earlier attempt that was stopped after taking this place keeps it, however full the slot is now.
  const holding = slot.holders.includes(b._id)
  const reason = holding ? null : unbookableReason(live, ctx.now, minNotice)
  if (reason) throw await slotConflict(ctx, reason, slot, minNotice)

  // Another day needs that day's guards; a guard already naming this booking is kept as it is.
  const items = b.itemIds.map((id, k) => ({ _id: id, name: b.itemNames[k] ?? '' }))
  const dayGuards = guards.filter((g) => items.some((i) => g._id === guardId(openid, i._id, slot.date)))
  const plan = slot.date !== b.date ? await guardPlan(ctx, b._id, items, slot.date, dayGuards) : null
  if (!holding) await holdPlace(ctx, slot, b._id, minNotice, live.capacity)
  if (plan) {
    try {
      await takeGuards(ctx, openid, b._id, slot.date, plan)
    } catch (err) {
      await releasePlace(db, slot._id, b._id)
      throw err
    }
  }

  const from = b.slotId
  const switched = await store.bookings.updateWhere(
    { _id: b._id, status: 'booked', slotId: from },
    {
      slotId: slot._id,
      date: slot.date,
      startTime: slot.startTime,
      endTime: slot.endTime,
      startsAt: toDate(slot.startsAt),
      rescheduledFrom: _.push([from]),
      rescheduleRequests: [...(b.rescheduleRequests ?? []), input.clientRequestId].slice(-10),
    },
  )
  if (switched !== 1) {
    // A twin of this request switched it first (the place is then its own), or a cancel or another move
    // won: that one's place stays, this one's is given back.
    const now = await store.bookings.get(b._id)
    if (now?.slotId === slot._id && now.rescheduleRequests?.includes(input.clientRequestId))
      return ticketOf(now, center, ctx.now)
    if (now?.slotId !== slot._id) await releasePlace(db, slot._id, b._id)
    throw conflict('预约状态已变化，请刷新后再看')
  }
  await releasePlace(db, from, b._id)
  return ticketOf(
    {
      ...b,
      slotId: slot._id,
      date: slot.date,
      startTime: slot.startTime,
      endTime: slot.endTime,
      startsAt: toDate(slot.startsAt),
      rescheduledFrom: [...b.rescheduledFrom, from],
    },
    center,
    ctx.now,
  )
}
