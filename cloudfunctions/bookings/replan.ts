/**
 * Adjusting the slots and bookings of centers whose plan changed (工作安排调整), in the bookings timer: the
 * rule (rules/replan.ts) says what to do, this carries it out. Each step is conditional or keyed, so a run cut
 * short (or two at once) is finished by the next without a second move or message:
 * - a move takes the new place first (a conditional update that a booking already holding it skips), writes
 *   the message (keyed by booking and new slot), rewrites the booking only if it is still where it was, then
 *   gives the old place back. Message before booking: a run killed in between leaves the booking displaced,
 *   so the next run moves it again, to the same slot, under the same key; the other order could move it
 *   without a word.
 * - a cancellation writes its message, cancels the booking if it is still waiting there, then gives back its
 *   place and day guards.
 * The center's mark is cleared only when everything was done, and only if no newer save came in meanwhile.
 */
import { ACTIVE_STATUSES, type ServiceCenterDoc } from '../../types/bookings'
import { enqueue } from '../shared/outbox'
import type { TimerCtx } from '../shared/router'
import { releasePlace } from './actions/book'
import { releaseBooking } from './actions/cancel'
import { addSlots } from './actions/openSlots'
import { upcomingBookings } from './actions/plan'
import { SLOT_VIEW_FIELDS } from './lib'
import { replan, replanMessage } from './rules/replan'
import { instantOf, localDate } from './rules/time'

type Ctx = Pick<TimerCtx, 'db' | 'store' | 'now'>

/** A run stops starting moves after this long (the function's timeout is 20 s); the next run goes on. */
const RUN_BUDGET_MS = 12_000

export interface Adjusted {
  readonly centerId: string
  readonly done: boolean
  readonly moved: number
  readonly cancelled: number
  readonly notified: number
}

/** Every center marked by `savePlan` (one read when none is). */
export async function adjustPlans(ctx: Ctx): Promise<Adjusted[]> {
  const _ = ctx.db.command
  const centers = await ctx.store.serviceCenters.find({ replanAt: _.lte(ctx.now) }, { limit: 20 })
  const until = Date.now() + RUN_BUDGET_MS
  const out: Adjusted[] = []
  for (const c of centers) out.push(await adjustCenter(ctx, c, until))
  return out
}

export async function adjustCenter(ctx: Ctx, center: ServiceCenterDoc, until: number): Promise<Adjusted> {
  const { db, store, now } = ctx
  const _ = db.command
  const [slots, bookings] = await Promise.all([
    store.slots.find(
      { centerId: center._id, date: _.gte(localDate(now)) },
      { limit: 1000, fields: { ...SLOT_VIEW_FIELDS, holders: true } },
    ),
    upcomingBookings(db, center._id, now),
  ])
  const r = replan(center, slots, bookings, now)
  let done = true
  let moved = 0
  let cancelled = 0
  let notified = 0

  await addSlots(db, r.add)
  for (const { ids, patch } of r.patches) {
    const { closedReason, ...rest } = patch
    await store.slots.updateWhere(
      { _id: _.in(ids) },
      closedReason === undefined
        ? rest
        : { ...rest, closedReason: closedReason === null ? _.remove() : closedReason },
    )
  }

  for (const m of r.moves) {
    if (Date.now() > until) {
      done = false
      break
    }
    const id = m.booking._id
    const startsAt = instantOf(m.to.date, m.to.startTime)
    const held = await store.slots.updateWhere(
      {
        _id: m.to._id,
        status: 'open',
        booked: _.lt(m.to.capacity),
        holders: _.neq(id),
      },
      { booked: _.inc(1), holders: _.push([id]), heldAt: { [id]: now } },
    )
    if (held !== 1) {
      const slot = await store.slots.get(m.to._id)
      // Filled by a booking made meanwhile: the next run finds it another slot or cancels it.
      if (!slot?.holders.includes(id)) {
        done = false
        continue
      }
    }
    if (m.booking.openid)
      notified += await enqueue(
        db,
        [
          {
            dedupeKey: `booking:${id}:replan:${m.to._id}`,
            touser: m.booking.openid,
            templateKey: 'bookingReminder',
            page: `bookings/pages/ticket/index?id=${id}`,
            data: replanMessage(m.booking, { to: m.to }),
          },
        ],
        now,
      )
    const rewritten = await store.bookings.updateWhere(
      { _id: id, status: 'booked', slotId: m.from },
      {
        slotId: m.to._id,
        startTime: m.to.startTime,
        endTime: m.to.endTime,
        startsAt,
        rescheduledFrom: _.push([m.from]),
      },
    )
    if (rewritten === 1) {
      moved++
      await releasePlace(db, m.from, id)
    } else {
      // The resident cancelled or moved it meanwhile: the new place goes back.
      await releasePlace(db, m.to._id, id)
    }
  }

  for (const c of r.cancels) {
    if (Date.now() > until) {
      done = false
      break
    }
    const b = c.booking
    if (b.openid)
      notified += await enqueue(
        db,
        [
          {
            dedupeKey: `booking:${b._id}:replan-cancel`,
            touser: b.openid,
            templateKey: 'bookingReminder',
            page: 'bookings/pages/mine/index',
            data: replanMessage(b, { reason: c.reason }),
          },
        ],
        now,
      )
    const n = await store.bookings.updateWhere(
      { _id: b._id, status: 'booked', slotId: b.slotId },
      { status: c.status, finishedAt: now, cancelReason: c.reason },
    )
    if (n === 1) {
      cancelled++
      await releaseBooking(db, b)
    }
  }

  if (done) {
    for (const { slotId, bookingId } of r.releases) await releasePlace(db, slotId, bookingId)
    for (const { slotId, endTime } of r.ends)
      await store.bookings.updateWhere({ slotId, status: _.in([...ACTIVE_STATUSES]) }, { endTime })
    await store.serviceCenters.updateWhere(
      {
        _id: center._id,
        planVersion: center.planVersion === undefined ? _.exists(false) : center.planVersion,
        replanAt: _.exists(true),
      },
      {
        replanAt: _.remove(),
        lastReplan: { planVersion: center.planVersion ?? 0, moved, cancelled, notified, doneAt: now },
      },
    )
  }
  return { centerId: center._id, done, moved, cancelled, notified }
}
