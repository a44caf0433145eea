/**
 * Moving a booking (改约) to another slot in one transaction: the new place is taken, the old one given
 * back and the booking rewritten together, so the booking is never in both slots and never in neither.
 * A concurrent booking that touches either slot makes the commit conflict; the SDK re-runs the
 * transaction, and when it keeps conflicting the resident is asked to try again with nothing changed.
 */
import { BookingDoc, SlotDoc, type bookingsContract } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import { AppError, conflict, notFound } from '../../shared/errors'
import type { Ctx } from '../../shared/router'
import {
  C,
  centerOfSlotId,
  isActive,
  loadCenter,
  loadItems,
  loadOwnBooking,
  loadSlot,
  ticketOf,
} from '../lib'
import { cancelRefusal, guardId, unbookableReason } from '../rules/booking'
import { toDate } from '../rules/time'
import { slotConflict } from './book'

type Spec = typeof bookingsContract.reschedule

interface TxDoc {
  get(): Promise<{ data: unknown }>
  update(o: { data: unknown }): Promise<unknown>
  set(o: { data: unknown }): Promise<unknown>
  remove(): Promise<unknown>
}
interface Tx {
  collection(name: string): { doc(id: string): TxDoc }
}

export async function reschedule(input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
  const b = await loadOwnBooking(ctx, input.bookingId)
  if (!centerOfSlotId(input.slotId)) throw notFound('没有找到这个预约时段')
  const [slot, center] = await Promise.all([loadSlot(ctx.db, input.slotId), loadCenter(ctx.db, b.centerId)])
  // The same request again, or already there: nothing to move.
  if (b.slotId === slot._id || b.rescheduleRequests?.includes(input.clientRequestId))
    return ticketOf(b, center, ctx.now)
  if (slot.centerId !== b.centerId) throw notFound('没有找到这个预约时段')
  const refusal = cancelRefusal(b, ctx.now)
  if (refusal) throw conflict(refusal)
  const reason = unbookableReason(slot, ctx.now, center.plan.minNoticeMinutes)
  if (reason) throw await slotConflict(ctx, reason, slot, center.plan.minNoticeMinutes)
  const items = await loadItems(ctx.db, b.itemIds)
  const openid = ctx.caller.openid

  let moved: BookingDoc
  try {
    moved = await ctx.db.runTransaction(async (raw: unknown) => {
      const tx = raw as unknown as Tx
      const cur = BookingDoc.parse((await tx.collection(C.bookings).doc(b._id).get()).data)
      if (cur.status !== 'booked' || !cur.slotId) throw conflict('预约状态已变化，请刷新后再看')
      if (cur.slotId === slot._id) return cur
      const [nsRaw, osRaw] = await Promise.all([
        tx.collection(C.slots).doc(slot._id).get(),
        tx.collection(C.slots).doc(cur.slotId).get(),
      ])
      const ns = SlotDoc.parse(nsRaw.data)
      const os = osRaw.data ? SlotDoc.parse(osRaw.data) : null
      const why = unbookableReason(ns, ctx.now, center.plan.minNoticeMinutes)
      if (why) throw conflict(why)

      // A different day needs that day's guards; the old day's are given up.
      if (ns.date !== cur.date) {
        for (const item of items) {
          const gid = guardId(openid, item._id, ns.date)
          const g = (await tx.collection(C.guards).doc(gid).get()).data as { bookingId: string } | null
          if (g && g.bookingId !== cur._id) {
            const holder = (await tx.collection(C.bookings).doc(g.bookingId).get()).data
            if (holder && isActive(BookingDoc.parse(holder)))
              throw conflict(`您在${ns.date}已预约了「${item.name}」，同一事项一天只能预约一次`)
          }
          await tx
            .collection(C.guards)
            .doc(gid)
            .set({
              data: {
                bookingId: cur._id,
                openid,
                itemId: item._id,
                itemName: item.name,
                date: ns.date,
                createdAt: ctx.now,
              },
            })
          const oldGid = guardId(openid, item._id, cur.date)
          const og = (await tx.collection(C.guards).doc(oldGid).get()).data as { bookingId: string } | null
          if (og && og.bookingId === cur._id) await tx.collection(C.guards).doc(oldGid).remove()
        }
      }
      await tx
        .collection(C.slots)
        .doc(ns._id)
        .update({ data: { booked: ns.booked + 1, holders: [...ns.holders, cur._id] } })
      if (os && os.holders.includes(cur._id)) {
        const holders = os.holders.filter((h) => h !== cur._id)
        await tx
          .collection(C.slots)
          .doc(os._id)
          .update({ data: { booked: holders.length, holders } })
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
      await tx
        .collection(C.bookings)
        .doc(cur._id)
        .update({
          data: {
            slotId: next.slotId,
            date: next.date,
            startTime: next.startTime,
            endTime: next.endTime,
            startsAt: next.startsAt,
            rescheduledFrom: next.rescheduledFrom,
            rescheduleRequests: [...(cur.rescheduleRequests ?? []), input.clientRequestId].slice(-10),
          },
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
