/**
 * Booking a slot, in five database requests without a transaction: the caller; one aggregation that reads
 * the slot with its center, the items, this request's booking (a retry) and the resident's day guards; the
 * place; the guards; the booking, which carries its counters and its items' yearly frequency for the
 * bookings timer to pass on (settle.ts).
 *
 * Why this is still all-or-nothing and retry-safe:
 * - Capacity holds under contention: the place is taken by one conditional update on the slot
 *   (`booked < places` and this booking not yet a holder), which the database applies atomically, so 200
 *   callers for 20 places get exactly 20, and the walk-in reserve (not in `capacity`) is never booked.
 * - One active booking per resident, item and day: the guards are inserted in one all-or-none request under
 *   ids of (resident, item, day), so of two racing requests only one gets them; a guard whose booking is
 *   gone, ended or moved to another day is taken over by a conditional update naming the holder it read.
 * - Every step is keyed by the booking's id, derived from the request id: a retried or interrupted request
 *   finds what the first one did (the booking, its place among the holders, its guards) and finishes the
 *   rest instead of repeating it; a step that fails gives back the earlier ones. A process killed between
 *   the place and the booking leaves a hold that the daily repair frees (timers.ts) and guards that the
 *   next booking takes over.
 * - The counters and frequency are in the booking's own insert, so they are written exactly when it is.
 */
import { z } from 'zod'
import {
  BookingDoc,
  BookingGuardDoc,
  ServiceItemDoc,
  SlotDoc,
  type bookingsContract,
} from '../../../types/bookings'
import type { Database } from '../../shared/cloud'
import { lookupRows, storeOf } from '../../shared/data'
import { conflict, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Ctx, Handler } from '../../shared/router'
import { centerOfSlotId, isActive, loadSlot, residentCommittee, ticketOf, uniqueIds } from '../lib'
import { bookingNumber, guardId, suggestSlots, unbookableReason } from '../rules/booking'
import { asPlanned } from '../rules/plan'
import { toDate } from '../rules/time'
import { bookingWindow, readWindow } from './slots'

/** A guard younger than this may belong to a request still in flight, so it is not taken over. */
const GUARD_SETTLE_MS = 60_000

const ItemRef = ServiceItemDoc.pick({ _id: true, name: true, centerId: true })
type ItemRef = z.infer<typeof ItemRef>
const SlotWithAll = SlotDoc.extend({
  centers: lookupRows('serviceCenters'),
  items: lookupRows('serviceItems', ItemRef),
  existing: lookupRows('bookings'),
  guards: lookupRows('bookingGuards'),
})

export const book: Handler<typeof bookingsContract.book> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const itemIds = uniqueIds(input.itemIds ?? [input.itemId as string])
  const bookingId = derivedId(openid, 'bookings.book', input.clientRequestId)
  if (!centerOfSlotId(input.slotId)) throw notFound('没有找到这个预约时段')

  const { store } = ctx
  // The guards are looked up for the slot's day, which the slot id names.
  const date = input.slotId.split(':').at(-2) as string
  const [row] = await store.slots.aggregate(
    (p) =>
      p
        .match({ _id: input.slotId })
        .lookup({
          from: store.serviceCenters.name,
          localField: 'centerId',
          foreignField: '_id',
          as: 'centers',
        })
        .lookup({
          from: store.serviceItems.name,
          // Sub-pipelines in their plain, documented form (`{ from, let, pipeline, as }`), sent as they are.
          let: {},
          pipeline: [{ $match: { _id: { $in: itemIds } } }, { $project: { name: 1, centerId: 1 } }],
          as: 'items',
        })
        .lookup({
          from: store.bookings.name,
          let: {},
          pipeline: [{ $match: { _id: bookingId } }],
          as: 'existing',
        })
        .lookup({
          from: store.bookingGuards.name,
          let: {},
          pipeline: [{ $match: { _id: { $in: itemIds.map((i) => guardId(openid, i, date)) } } }],
          as: 'guards',
        }),
    SlotWithAll,
  )
  if (!row) throw notFound('没有找到这个预约时段')
  const { centers, items: found, existing, guards, ...slot } = row
  const center = centers[0]
  if (!center) throw notFound('没有找到这个预约时段')
  // The same request again: answer as the first time did.
  if (existing[0]) return ticketOf(existing[0], center, ctx.now)
  const items = itemIds.map((id) => {
    const item = found.find((i) => i._id === id)
    if (!item) throw notFound('没有找到这个办理事项')
    return item
  })
  if (items.some((i) => i.centerId !== slot.centerId)) throw notFound('这个服务中心不办理所选事项')

  // The plan decides at once; the slot documents follow it at the timer's next run. A retry whose first
  // attempt already holds a place keeps it, however full the slot is now.
  const live = asPlanned(center, slot)
  const minNotice = center.plan.minNoticeMinutes
  const holding = slot.holders.includes(bookingId)
  const reason = holding ? null : unbookableReason(live, ctx.now, minNotice)
  if (reason) throw await slotConflict(ctx, reason, slot, minNotice)

  const plan = await guardPlan(ctx, bookingId, items, slot.date, guards)
  if (!holding) await holdPlace(ctx, slot, bookingId, minNotice, live.capacity)
  try {
    await takeGuards(ctx, openid, bookingId, slot.date, plan)
  } catch (err) {
    await releasePlace(ctx.db, slot._id, bookingId)
    await releaseGuards(ctx.db, plan.ids, bookingId)
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
    // Counted (bookings.booked, the items' 年办件量) by the bookings timer, exactly when the booking exists.
    settle: [{ kind: 'booked', at: ctx.now }],
    settleAt: ctx.now,
  }
  try {
    await store.bookings.add(doc)
  } catch (err) {
    if (isDuplicateKey(err)) {
      // A concurrent retry of this very request wrote it first; the place it holds is this one.
      const again = await store.bookings.get(bookingId)
      if (again) return ticketOf(again, center, ctx.now)
    }
    await releasePlace(ctx.db, slot._id, bookingId)
    await releaseGuards(ctx.db, plan.ids, bookingId)
    throw err
  }
  return ticketOf(doc, center, ctx.now)
}

/** What the guards of a booking need: those to insert, those to take over from the holder read, all ids. */
interface GuardPlan {
  readonly ids: string[]
  readonly add: Pick<ItemRef, '_id' | 'name'>[]
  readonly takeOver: { id: string; from: string }[]
}

/**
 * Decides from the guards read which to insert and which to take over; refuses when another active booking
 * of the resident holds an item that day. Reads the holders only when a guard names another booking.
 */
export async function guardPlan(
  ctx: Ctx,
  bookingId: string,
  items: readonly Pick<ItemRef, '_id' | 'name'>[],
  date: string,
  guards: readonly BookingGuardDoc[],
): Promise<GuardPlan> {
  const openid = ctx.caller.openid
  const ids = items.map((i) => guardId(openid, i._id, date))
  const byId = new Map(guards.map((g) => [g._id, g]))
  const foreign = guards.filter((g) => g.bookingId !== bookingId)
  const holders = foreign.length
    ? await ctx.store.bookings.find(
        { _id: ctx._.in(uniqueIds(foreign.map((g) => g.bookingId))) },
        { limit: foreign.length, fields: { status: true, date: true, itemIds: true } },
      )
    : []
  const add: Pick<ItemRef, '_id' | 'name'>[] = []
  const takeOver: { id: string; from: string }[] = []
  items.forEach((item, k) => {
    const g = byId.get(ids[k])
    if (!g) return void add.push(item)
    if (g.bookingId === bookingId) return
    const holder = holders.find((h) => h._id === g.bookingId)
    // A guard is live while its booking is active on that day with that item; a moved or ended one is stale.
    if (holder && isActive(holder) && holder.date === date && holder.itemIds.includes(item._id))
      throw conflict(`您在${date}已预约了「${item.name}」，同一事项一天只能预约一次`, {
        bookingId: holder._id,
      })
    if (!holder && ctx.now.getTime() - toDate(g.createdAt).getTime() < GUARD_SETTLE_MS)
      throw conflict('您的另一个预约正在处理中，请稍后再试')
    takeOver.push({ id: g._id, from: g.bookingId })
  })
  return { ids, add, takeOver }
}

/**
 * Writes the planned guards: the new ones in one all-or-none insert, the stale ones in one conditional
 * update that names the holders read. A guard written meanwhile by another request (a race) refuses this one,
 * and the caller gives back what it took.
 */
export async function takeGuards(
  ctx: Ctx,
  openid: string,
  bookingId: string,
  date: string,
  plan: GuardPlan,
): Promise<void> {
  const { store, _ } = ctx
  const busy = () => conflict('您的另一个预约正在处理中，请稍后再试')
  if (plan.add.length) {
    try {
      await store.bookingGuards.addMany(
        plan.add.map((item) => ({
          _id: guardId(openid, item._id, date),
          bookingId,
          openid,
          itemId: item._id,
          itemName: item.name,
          date,
          createdAt: ctx.now,
        })),
      )
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // A concurrent twin of this very request may have inserted them; anyone else's refuses this one.
      const now = await store.bookingGuards.find(
        { _id: _.in(plan.add.map((i) => guardId(openid, i._id, date))) },
        { limit: plan.add.length },
      )
      if (now.length !== plan.add.length || now.some((g) => g.bookingId !== bookingId)) throw busy()
    }
  }
  if (plan.takeOver.length) {
    const taken = await store.bookingGuards.updateWhere(
      _.or(plan.takeOver.map((t) => ({ _id: t.id, bookingId: t.from }))),
      { bookingId, createdAt: ctx.now },
    )
    if (taken !== plan.takeOver.length) throw busy()
  }
}

/** CONFLICT with the zh-CN reason and the next free slots of the booking window. */
export async function slotConflict(
  ctx: Ctx,
  reason: string,
  slot: Pick<SlotDoc, '_id' | 'centerId'>,
  minNotice: number,
) {
  const window = await readWindow(ctx.db, slot.centerId, bookingWindow(ctx.now))
  return conflict(reason, { suggestions: suggestSlots(window, ctx.now, minNotice, slot._id) })
}

/**
 * Takes the place: one atomic conditional update. When it matches nothing the slot is re-read: a retry
 * whose first attempt already holds the place carries on; otherwise the slot is full or closed.
 */
export async function holdPlace(
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

/** Removes this booking's guards; guards that another booking has taken over stay. */
export async function releaseGuards(db: Database, ids: readonly string[], bookingId: string): Promise<void> {
  if (ids.length === 0) return
  const _ = db.command
  await storeOf(db).bookingGuards.removeWhere({ _id: _.in([...ids]), bookingId })
}
