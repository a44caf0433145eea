/**
 * Booking a slot. Capacity holds under contention without a transaction: the place is taken by one
 * conditional update on the slot (`booked < capacity` and this booking not yet a holder), which the database
 * applies atomically, so 200 callers for 20 places get exactly 20. Every step is idempotent by the booking's
 * derived id, so a retried or interrupted request finishes what the first one started instead of
 * duplicating it; a step that fails undoes the earlier ones.
 */
import type { BookingDoc, bookingsContract, ServiceItemDoc, SlotDoc } from '../../../types/bookings'
import type { Database } from '../../shared/cloud'
import { storeOf } from '../../shared/data'
import { conflict, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Ctx, Handler } from '../../shared/router'
import {
  bumpBookingStats,
  bumpFrequency,
  centerOfSlotId,
  isActive,
  loadCenter,
  loadItems,
  loadSlot,
  residentCommittee,
  ticketOf,
  uniqueIds,
} from '../lib'
import { bookingNumber, guardId, suggestSlots, unbookableReason } from '../rules/booking'
import { asPlanned } from '../rules/plan'
import { toDate } from '../rules/time'
import { bookingWindow, readWindow } from './slots'

/** A guard younger than this may belong to a request still in flight, so it is not taken over. */
const GUARD_SETTLE_MS = 60_000

export const book: Handler<typeof bookingsContract.book> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const itemIds = uniqueIds(input.itemIds ?? [input.itemId as string])
  const bookingId = derivedId(openid, 'bookings.book', input.clientRequestId)
  const centerId = centerOfSlotId(input.slotId)
  if (!centerId) throw notFound('没有找到这个预约时段')

  const [existing, slot, items, center] = await Promise.all([
    ctx.store.bookings.get(bookingId),
    loadSlot(ctx.db, input.slotId),
    loadItems(ctx.db, itemIds),
    loadCenter(ctx.db, centerId).catch(() => null),
  ])
  if (!center) throw notFound('没有找到这个预约时段')
  // The same request again: answer as the first time did.
  if (existing) return ticketOf(existing, center, ctx.now)
  if (items.some((i) => i.centerId !== slot.centerId)) throw notFound('这个服务中心不办理所选事项')

  // The plan decides at once; the slot documents follow it at the timer's next run.
  const live = asPlanned(center, slot)
  const reason = unbookableReason(live, ctx.now, center.plan.minNoticeMinutes)
  if (reason) throw await slotConflict(ctx, reason, slot, center.plan.minNoticeMinutes)

  const guards = await takeGuards(ctx.db, openid, bookingId, items, slot.date, ctx.now)
  try {
    await holdPlace(ctx, slot, bookingId, center.plan.minNoticeMinutes, live.capacity)
  } catch (err) {
    await releaseGuards(ctx.db, guards, bookingId)
    throw err
  }

  const doc: BookingDoc = {
    _id: bookingId,
    number: bookingNumber(bookingId),
    openid,
    residentName: ctx.caller.resident?.name,
    committeeId: residentCommittee(ctx.caller.resident),
    subdistrictId: center.subdistrictId,
    centerId: center._id,
    itemIds,
    itemNames: items.map((i) => i.name),
    slotId: slot._id,
    date: slot.date,
    startTime: slot.startTime,
    endTime: slot.endTime,
    startsAt: toDate(slot.startsAt),
    status: 'booked',
    walkIn: false,
    clientRequestId: input.clientRequestId,
    createdAt: ctx.now,
    rescheduledFrom: [],
  }
  try {
    await ctx.store.bookings.add(doc)
  } catch (err) {
    if (isDuplicateKey(err)) {
      // A concurrent retry of this very request wrote it first; the place it holds is this one.
      const again = await ctx.store.bookings.get(bookingId)
      if (again) return ticketOf(again, center, ctx.now)
    }
    await releasePlace(ctx.db, slot._id, bookingId)
    await releaseGuards(ctx.db, guards, bookingId)
    throw err
  }
  await bumpFrequency(ctx.db, itemIds, ctx.now, 1)
  await bumpBookingStats(ctx.db, doc, ctx.now, { 'bookings.booked': 1 })
  return ticketOf(doc, center, ctx.now)
}

/** CONFLICT with the zh-CN reason and the next free slots of the booking window. */
export async function slotConflict(ctx: Ctx, reason: string, slot: SlotDoc, minNotice: number) {
  const window = await readWindow(ctx.db, slot.centerId, bookingWindow(ctx.now))
  return conflict(reason, { suggestions: suggestSlots(window, ctx.now, minNotice, slot._id) })
}

/**
 * Takes the place: one atomic conditional update. When it matches nothing the slot is re-read: a retry
 * whose first attempt already holds the place carries on; otherwise the slot is full or closed.
 */
async function holdPlace(
  ctx: Ctx,
  slot: SlotDoc,
  bookingId: string,
  minNotice: number,
  places: number,
): Promise<void> {
  const _ = ctx._
  const updated = await ctx.store.slots.updateWhere(
    {
      _id: slot._id,
      status: 'open',
      capacity: slot.capacity,
      booked: _.lt(places),
      holders: _.neq(bookingId),
    },
    { booked: _.inc(1), holders: _.push([bookingId]), heldAt: { [bookingId]: ctx.now } },
  )
  if (updated === 1) return
  const now = await loadSlot(ctx.db, slot._id)
  if (now.holders.includes(bookingId)) return
  const reason = unbookableReason({ ...now, booked: Math.max(now.booked, now.capacity) }, ctx.now, minNotice)
  throw await slotConflict(ctx, reason ?? '这个时段已经约满了，请选择其他时段', now, minNotice)
}

/** Gives the place back; a no-op when this booking holds none, so it is safe to repeat. */
export async function releasePlace(db: Database, slotId: string, bookingId: string): Promise<void> {
  const _ = db.command
  await storeOf(db).slots.updateWhere(
    { _id: slotId, holders: bookingId },
    { booked: _.inc(-1), holders: _.pull(bookingId), heldAt: { [bookingId]: _.remove() } },
  )
}

/**
 * One active booking per resident per item per day: a guard document per (resident, item, day) names the
 * booking that holds it. A guard whose booking is gone or no longer active is taken over.
 */
async function takeGuards(
  db: Database,
  openid: string,
  bookingId: string,
  items: readonly ServiceItemDoc[],
  date: string,
  now: Date,
): Promise<string[]> {
  const taken: string[] = []
  try {
    for (const item of items) {
      const id = guardId(openid, item._id, date)
      await takeGuard(db, id, bookingId, { openid, itemId: item._id, itemName: item.name, date }, now)
      taken.push(id)
    }
  } catch (err) {
    await releaseGuards(db, taken, bookingId)
    throw err
  }
  return taken
}

async function takeGuard(
  db: Database,
  id: string,
  bookingId: string,
  fields: { openid: string; itemId: string; itemName: string; date: string },
  now: Date,
): Promise<void> {
  const store = storeOf(db)
  try {
    await store.bookingGuards.add({ _id: id, bookingId, ...fields, createdAt: now })
    return
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  const guard = await store.bookingGuards.get(id)
  if (!guard || guard.bookingId === bookingId) {
    if (!guard) return takeGuard(db, id, bookingId, fields, now)
    return
  }
  const holder = await store.bookings.get(guard.bookingId)
  if (holder && isActive(holder))
    throw conflict(`您在${fields.date}已预约了「${fields.itemName}」，同一事项一天只能预约一次`, {
      bookingId: holder._id,
    })
  if (!holder && now.getTime() - toDate(guard.createdAt).getTime() < GUARD_SETTLE_MS)
    throw conflict('您的另一个预约正在处理中，请稍后再试')
  const updated = await store.bookingGuards.updateWhere(
    { _id: id, bookingId: guard.bookingId },
    { bookingId, createdAt: now },
  )
  if (updated !== 1) throw conflict('您的另一个预约正在处理中，请稍后再试')
}

/** Removes this booking's guards; guards that another booking has taken over stay. */
export async function releaseGuards(db: Database, ids: readonly string[], bookingId: string): Promise<void> {
  if (ids.length === 0) return
  const _ = db.command
  await storeOf(db).bookingGuards.removeWhere({ _id: _.in([...ids]), bookingId })
}
