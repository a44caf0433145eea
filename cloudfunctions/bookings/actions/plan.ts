/**
 * The working plan (工作安排) of the clerk's center: read it, preview what a change would do to the booked
 * slots, save it. Saving changes the center only (three requests): from that moment the slot list and booking
 * follow the new plan (rules/plan.ts `plannedCapacity`), and the bookings timer's next run (within half an
 * hour) moves or cancels the bookings the change displaced and tells each resident (replan.ts). Doing that
 * inside the save would cost several requests per displaced booking, which a change of slot length can make
 * hundreds of.
 */
import {
  ACTIVE_STATUSES,
  type BookingDoc,
  type bookingsContract,
  type PlanView,
  type ServiceCenterDoc,
} from '../../../types/bookings'
import type { Database } from '../../shared/cloud'
import { storeOf } from '../../shared/data'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { centerInfo, clerkCenterId, loadCenter } from '../lib'
import { formOf, planOf } from '../rules/planForm'
import { replan, type SlotState } from '../rules/replan'
import { localDate, toDate } from '../rules/time'

function view(center: ServiceCenterDoc, openedUntil: string | undefined): PlanView {
  const last = center.lastReplan
  return {
    ...formOf(center),
    center: centerInfo(center),
    version: center.planVersion ?? 0,
    pending: center.replanAt !== undefined,
    last: last && {
      moved: last.moved,
      cancelled: last.cancelled,
      notified: last.notified,
      doneAt: toDate(last.doneAt).toISOString(),
    },
    openedUntil,
  }
}

/** The last day with slots (放号到哪天); one read. */
async function openedUntil(db: Database, centerId: string, now: Date): Promise<string | undefined> {
  const _ = db.command
  const [last] = await storeOf(db).slots.find(
    { centerId, date: _.gte(localDate(now)) },
    { orderBy: [['date', 'desc']], limit: 1, fields: { date: true } },
  )
  return last?.date
}

export const plan: Handler<typeof bookingsContract.plan> = async (_input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const [center, until] = await Promise.all([
    loadCenter(ctx.db, centerId),
    openedUntil(ctx.db, centerId, ctx.now),
  ])
  return view(center, until)
}

/** The center's waiting and checked-in bookings from today on, in pages of 1000 (usually one read). */
export async function upcomingBookings(db: Database, centerId: string, now: Date): Promise<BookingDoc[]> {
  const _ = db.command
  const out: BookingDoc[] = []
  for await (const page of storeOf(db).bookings.pages(
    { centerId, date: _.gte(localDate(now)), status: _.in([...ACTIVE_STATUSES]) },
    { orderBy: ['_id', 'asc'] },
  ))
    out.push(...page)
  return out
}

/**
 * 这次修改会影响 N 个预约: the bookings alone tell which slots are taken (each active booking holds one
 * place of its slot), so the preview costs the caller, the center and the bookings.
 */
export const planPreview: Handler<typeof bookingsContract.planPreview> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const [center, bookings] = await Promise.all([
    loadCenter(ctx.db, centerId),
    upcomingBookings(ctx.db, centerId, ctx.now),
  ])
  const next = { ...center, ...planOf(input) }
  const bySlot = new Map<string, BookingDoc[]>()
  for (const b of [...bookings].sort((a, b) => toDate(a.createdAt).getTime() - toDate(b.createdAt).getTime()))
    if (b.slotId) bySlot.set(b.slotId, [...(bySlot.get(b.slotId) ?? []), b])
  const slots: SlotState[] = [...bySlot].map(([id, held]) => ({
    _id: id,
    date: held[0].date,
    startTime: held[0].startTime ?? '',
    endTime: held[0].endTime ?? '',
    startsAt: held[0].startsAt ?? new Date(0),
    capacity: held.length,
    status: 'open',
    holders: held.map((b) => b._id),
  }))
  const r = replan(next, slots, bookings, ctx.now)
  const line = (b: BookingDoc) => ({
    bookingId: b._id,
    number: b.number,
    residentName: b.residentName ?? '居民',
    date: b.date,
    from: b.startTime ?? '',
  })
  const lines = [
    ...r.moves.map((m) => ({ ...line(m.booking as BookingDoc), to: m.to.startTime })),
    ...r.cancels.map((c) => ({ ...line(c.booking as BookingDoc), reason: c.reason })),
  ].sort((a, b) => `${a.date} ${a.from}`.localeCompare(`${b.date} ${b.from}`))
  return {
    affected: lines.length,
    moved: r.moves.length,
    cancelled: r.cancels.length,
    lines: lines.slice(0, 200),
  }
}

/**
 * Saves the plan with one conditional update on the center (its version must be the one the clerk edited),
 * which also records the request id (a retried save answers as the first did) and marks the center for the
 * bookings timer's adjustment.
 */
export const savePlan: Handler<typeof bookingsContract.savePlan> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const center = await loadCenter(ctx.db, centerId)
  if (center.planRequests?.includes(input.clientRequestId)) return view(center, undefined)
  const version = center.planVersion ?? 0
  if (version !== input.expectedVersion) throw conflict('工作安排刚被别人修改过，请刷新后再改', { version })
  const { expectedVersion: _v, clientRequestId, confirm: _c, ...form } = input
  const next = planOf(form)
  const _ = ctx._
  const patch = {
    plan: _.set(next.plan),
    closures: next.closures,
    extraWorkdays: next.extraWorkdays,
    planVersion: version + 1,
    planRequests: [...(center.planRequests ?? []), clientRequestId].slice(-10),
    replanAt: ctx.now,
  }
  const updated = await ctx.store.serviceCenters.updateWhere(
    { _id: centerId, planVersion: center.planVersion === undefined ? _.exists(false) : version },
    patch,
  )
  if (updated !== 1) {
    // Another save got there first; it may be this very request, retried while the first was in flight.
    const now = await loadCenter(ctx.db, centerId)
    if (now.planRequests?.includes(clientRequestId)) return view(now, undefined)
    throw conflict('工作安排刚被别人修改过，请刷新后再改', { version: now.planVersion ?? 0 })
  }
  return view(
    {
      ...center,
      ...next,
      planVersion: version + 1,
      planRequests: patch.planRequests,
      replanAt: ctx.now,
    },
    undefined,
  )
}
