/**
 * Adjusting booked slots to a changed working plan (工作安排调整): what to add, close and change among the
 * slot documents, and where each displaced booking goes. A booking is displaced when its slot is no longer in
 * the plan (time removed, day closed) or its slot now has fewer places than holders (windows or reserve
 * changed; the latest bookings go first). A displaced booking moves to the nearest slot of the same day that
 * still has room (later on a tie: arriving early is harder than waiting); without one it is cancelled with the
 * reason. Nothing that has already started is touched.
 *
 * The rule works from the current documents, not from the old plan, so it converges: several changes in a row
 * need one run, and a run cut short is finished by the next (a booking whose move got as far as holding its
 * new place is moved there).
 */
import type { BookingDoc, ServiceCenterDoc, SlotDoc } from '../../../types/bookings'
import { dayStatus, emptySlot, PLAN_CHANGED, slotsOn, type PlannedSlot } from './plan'
import { addDays, instantOf, localDate, minutesOf, toDate } from './time'

type CenterPlan = Pick<ServiceCenterDoc, '_id' | 'plan' | 'closures' | 'extraWorkdays'>

export type SlotState = Pick<
  SlotDoc,
  | '_id'
  | 'date'
  | 'startTime'
  | 'endTime'
  | 'startsAt'
  | 'capacity'
  | 'windows'
  | 'status'
  | 'closedReason'
  | 'holders'
>
export type BookingState = Pick<
  BookingDoc,
  | '_id'
  | 'number'
  | 'openid'
  | 'residentName'
  | 'itemIds'
  | 'itemNames'
  | 'slotId'
  | 'date'
  | 'startTime'
  | 'status'
> & { readonly startsAt?: Date | string }

/** Changes to a slot document; `closedReason: null` removes it. */
export interface SlotPatch {
  capacity?: number
  windows?: number
  endTime?: string
  status?: 'open' | 'closed'
  closedReason?: string | null
}

export interface Move {
  readonly booking: BookingState
  readonly from: string
  readonly to: PlannedSlot
}
export interface Cancel {
  readonly booking: BookingState
  readonly reason: string
  /** `closed` (闭馆取消) when the day became a closure, else `cancelled`. */
  readonly status: 'cancelled' | 'closed'
}

export interface Replan {
  /** Planned slots without a document, on the days already opened. */
  readonly add: SlotDoc[]
  /** Slot documents to change, grouped by identical change. */
  readonly patches: { ids: string[]; patch: SlotPatch }[]
  readonly moves: Move[]
  readonly cancels: Cancel[]
  /** Places a booking holds in a slot it is not in (left by an interrupted move), to give back. */
  readonly releases: { slotId: string; bookingId: string }[]
  /** Slots whose end time changed: the bookings staying there get the new end. */
  readonly ends: { slotId: string; endTime: string }[]
}

const ms = (v: Date | string) => toDate(v).getTime()

/** Why a day has no slot for a displaced booking. */
function noRoomReason(center: CenterPlan, date: string, hasSlots: boolean): Omit<Cancel, 'booking'> {
  const closure = center.closures.find((c) => c.date === date)
  if (closure) return { reason: closure.reason, status: 'closed' }
  if (!dayStatus(center, date).open) return { reason: '这天不再办公', status: 'cancelled' }
  return { reason: hasSlots ? '办公时间调整，当天已约满' : PLAN_CHANGED, status: 'cancelled' }
}

export function replan(
  center: CenterPlan,
  slots: readonly SlotState[],
  bookings: readonly BookingState[],
  now: Date,
): Replan {
  const t = now.getTime()
  const docs = new Map(slots.filter((s) => ms(s.startsAt) > t).map((s) => [s._id, s]))
  const active = bookings.filter(
    (b) => b.status === 'booked' && b.slotId && b.startsAt !== undefined && ms(b.startsAt) > t,
  )
  const byId = new Map(bookings.map((b) => [b._id, b]))
  const waiting = new Set(active.map((b) => b._id))

  // The plan over every day that has a future slot or booking.
  const today = localDate(now)
  const last = [...[...docs.values()].map((s) => s.date), ...active.map((b) => b.date)].sort().pop()
  const planned = new Map<string, PlannedSlot>()
  const plannedByDate = new Map<string, PlannedSlot[]>()
  for (let d = today; last !== undefined && d <= last; d = addDays(d, 1)) {
    const day = slotsOn(center, d).filter((p) => instantOf(p.date, p.startTime).getTime() > t)
    plannedByDate.set(d, day)
    for (const p of day) planned.set(p._id, p)
  }

  const groups = new Map<string, { ids: string[]; patch: SlotPatch }>()
  const patch = (id: string, p: SlotPatch) => {
    if (Object.keys(p).length === 0) return
    const k = JSON.stringify(p)
    const g = groups.get(k) ?? { ids: [], patch: p }
    g.ids.push(id)
    groups.set(k, g)
  }
  const ends: Replan['ends'] = []
  for (const doc of docs.values()) {
    const p = planned.get(doc._id)
    if (!p) {
      if (doc.status === 'open')
        patch(doc._id, { status: 'closed', closedReason: noRoomReason(center, doc.date, false).reason })
      continue
    }
    const change: SlotPatch = {}
    if (doc.capacity !== p.capacity) change.capacity = p.capacity
    if (doc.windows !== p.windows) change.windows = p.windows
    if (doc.endTime !== p.endTime) {
      change.endTime = p.endTime
      ends.push({ slotId: doc._id, endTime: p.endTime })
    }
    if (doc.status === 'closed') Object.assign(change, { status: 'open', closedReason: null })
    patch(doc._id, change)
  }
  const add = [...planned.values()].filter((p) => !docs.has(p._id)).map((p) => emptySlot(center._id, p))

  // Who holds each planned slot's places, in booking order.
  const occupied = new Map<string, string[]>()
  for (const p of planned.values()) occupied.set(p._id, [...(docs.get(p._id)?.holders ?? [])])

  const displaced: BookingState[] = active.filter((b) => !planned.has(b.slotId as string))
  for (const [id, holders] of occupied) {
    let over = holders.length - (planned.get(id) as PlannedSlot).capacity
    for (let i = holders.length - 1; i >= 0 && over > 0; i--) {
      const b = byId.get(holders[i])
      // Only a booking still waiting can be moved; one already at the window keeps its place.
      if (b && b.slotId === id && waiting.has(b._id)) {
        displaced.push(b)
        holders.splice(i, 1)
        over--
      }
    }
  }

  // Places held by a booking in a slot it is not in: an interrupted move to there.
  const heldIn = new Map<string, string>()
  const releases: Replan['releases'] = []
  for (const [id, holders] of occupied)
    for (const h of holders) {
      const b = byId.get(h)
      if (b && b.slotId !== id) heldIn.set(h, id)
    }

  const moves: Move[] = []
  const cancels: Cancel[] = []
  displaced.sort((a, b) => ms(a.startsAt as Date) - ms(b.startsAt as Date))
  for (const b of displaced) {
    const held = heldIn.get(b._id)
    if (held && (planned.get(held) as PlannedSlot).date === b.date) {
      heldIn.delete(b._id)
      moves.push({ booking: b, from: b.slotId as string, to: planned.get(held) as PlannedSlot })
      continue
    }
    const day = plannedByDate.get(b.date) ?? []
    const at = minutesOf(b.startTime ?? '00:00')
    const free = day
      .filter((p) => (occupied.get(p._id) as string[]).length < p.capacity)
      .sort((x, y) => {
        const dx = Math.abs(minutesOf(x.startTime) - at)
        const dy = Math.abs(minutesOf(y.startTime) - at)
        return dx !== dy ? dx - dy : minutesOf(y.startTime) - minutesOf(x.startTime)
      })
    const to = free[0]
    if (to) {
      ;(occupied.get(to._id) as string[]).push(b._id)
      moves.push({ booking: b, from: b.slotId as string, to })
    } else {
      cancels.push({ booking: b, ...noRoomReason(center, b.date, day.length > 0) })
    }
  }
  // Extra places left by interrupted moves of bookings that stay (or went elsewhere) are given back, and so
  // are places in slots the plan dropped that a booking already moved out of still holds.
  for (const [bookingId, slotId] of heldIn) releases.push({ slotId, bookingId })
  for (const doc of docs.values())
    if (!planned.has(doc._id))
      for (const h of doc.holders) {
        const b = byId.get(h)
        if (b && b.slotId !== doc._id) releases.push({ slotId: doc._id, bookingId: h })
      }

  return { add, patches: [...groups.values()], moves, cancels, releases, ends }
}

/** Cuts a `thing` value to WeChat's 20 characters (code points). */
const thing = (s: string): string => Array.from(s).slice(0, 20).join('')

/**
 * The resident's message (预约办事提醒) for a move or a cancellation: what the booking is for, its (new)
 * time, and what happened, within the template's value limits.
 */
export function replanMessage(
  b: Pick<BookingState, 'itemNames' | 'date' | 'startTime'>,
  outcome: { to: Pick<PlannedSlot, 'startTime'> } | { reason: string },
): { thing1: string; time2: string; thing3: string } {
  const moved = 'to' in outcome
  return {
    thing1: thing(b.itemNames.join('、') || '预约办事'),
    time2: `${b.date} ${moved ? outcome.to.startTime : (b.startTime ?? '')}`.trim(),
    thing3: thing(moved ? `办公时间调整，改到${outcome.to.startTime}` : `预约已取消：${outcome.reason}`),
  }
}
