/**
 * Moving a booking (改约) to another slot in one transaction: the new place is taken, the old one given
 * back and the booking rewritten together, so the booking is never in both slots and never in neither.
 * A concurrent booking that touches either slot makes the commit conflict; the SDK re-runs the
 * transaction, and when it keeps conflicting the resident is asked to try again with nothing changed.
 */
import type { BookingDoc, bookingsContract } from '../../../types/bookings'
import { transaction } from '../../shared/data'
import { AppError, conflict, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { centerOfSlotId, isActive, loadCenter, loadItems, loadOwnBooking, loadSlot, ticketOf } from '../lib'
import { cancelRefusal, guardId, unbookableReason } from '../rules/booking'
import { asPlanned } from '../rules/plan'
import { toDate } from '../rules/time'
import { slotConflict } from './book'

export const reschedule: Handler<typeof bookingsContract.reschedule> = async (input, ctx) => {
  const b = await loadOwnBooking(ctx, input.bookingId)
  if (!centerOfSlotId(input.slotId)) throw notFound('没有找到这个预约时段')
  const [slot, center] = await Promise.all([loadSlot(ctx.db, input.slotId), loadCenter(ctx.db, b.centerId)])
  // The same request again, or already there: nothing to move.
  if (b.slotId === slot._id || b.rescheduleRequests?.includes(input.clientRequestId))
    return ticketOf(b, center, ctx.now)
  if (slot.centerId !== b.centerId) throw notFound('没有找到这个预约时段')
  const refusal = cancelRefusal(b, ctx.now)
  if (refusal) throw conflict(refusal)
  const reason = unbookableReason(asPlanned(center, slot), ctx.now, center.plan.minNoticeMinutes)
  if (reason) throw await slotConflict(ctx, reason, slot, center.plan.minNoticeMinutes)
  const items = await loadItems(ctx.db, b.itemIds)
  const openid = ctx.caller.openid

  let moved: BookingDoc
  try {
    moved = await transaction(ctx.db, async (tx) => {
      const cur = await tx.bookings.get(b._id)
      if (!cur || cur.status !== 'booked' || !cur.slotId) throw conflict('预约状态已变化，请刷新后再看')
      if (cur.slotId === slot._id) return cur
      const [ns, os] = await Promise.all([tx.slots.get(slot._id), tx.slots.get(cur.slotId)])
      if (!ns) throw notFound('没有找到这个预约时段')
      const why = unbookableReason(asPlanned(center, ns), ctx.now, center.plan.minNoticeMinutes)
      if (why) throw conflict(why)

      // A different day needs that day's guards; the old day's are given up.
      if (ns.date !== cur.date) {
        for (const item of items) {
          const gid = guardId(openid, item._id, ns.date)
          const g = await tx.bookingGuards.get(gid)
          if (g && g.bookingId !== cur._id) {
            const holder = await tx.bookings.get(g.bookingId)
            if (holder && isActive(holder))
              throw conflict(`您在${ns.date}已预约了「${item.name}」，同一事项一天只能预约一次`)
          }
          await tx.bookingGuards.set(gid, {
            bookingId: cur._id,
            openid,
            itemId: item._id,
            itemName: item.name,
            date: ns.date,
            createdAt: ctx.now,
          })
          const oldGid = guardId(openid, item._id, cur.date)
          const og = await tx.bookingGuards.get(oldGid)
          if (og && og.bookingId === cur._id) await tx.bookingGuards.remove(oldGid)
        }
      }
      await tx.slots.update(ns._id, { booked: ns.booked + 1, holders: [...ns.holders, cur._id] })
      if (os && os.holders.includes(cur._id)) {
        const holders = os.holders.filter((h) => h !== cur._id)
        await tx.slots.update(os._id, { booked: holders.length, holders })
      }
      const next: BookingDoc = {
        ...cur,
        slotId: ns._id,
        date: ns.date,
        startTime: ns.startTime,
        endTime: ns.endTime,
        startsAt: toDate(ns.startsAt),
        rescheduledFrom: [...cur.rescheduledFrom, cur.slotId],
      }
      await tx.bookings.update(cur._id, {
        slotId: next.slotId,
        date: next.date,
        startTime: next.startTime,
        endTime: next.endTime,
        startsAt: next.startsAt,
        rescheduledFrom: next.rescheduledFrom,
        rescheduleRequests: [...(cur.rescheduleRequests ?? []), input.clientRequestId].slice(-10),
      })
      return next
    })
  } catch (err) {
    if (err instanceof AppError) throw err
    if ((err as { code?: string }).code === 'DATABASE_TRANSACTION_CONFLICT')
      throw conflict('正好有人在预约这个时段，请再试一次')
    throw err
  }
  return ticketOf(moved, center, ctx.now)
}
