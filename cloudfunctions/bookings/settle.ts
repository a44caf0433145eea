/**
 * settle (结算), in every run of the bookings timer: a booking's change carries what follows from it — the
 * counters for the reports, its items' yearly frequency, a missing material's lesson, the message to its
 * resident — as `settle` entries in the booking's own write (`book`, `walkIn`, `serve`, `noShow`, `rateService`, `closeDay`), so
 * the action makes
 * one write where it made four or five. The timer passes them on within half an hour.
 *
 * Each step is safe to repeat, so a killed or doubled run loses and duplicates nothing:
 * 1. the messages are written under dedupe keys of the booking and the kind of change; one already there is
 *    the same message, left alone (a run that wrote it and died before step 2 is not sent it twice);
 * 2. the booking is released with a conditional update (`settleAt` still the one read: a write that adds an
 *    entry moves it on, and the next run passes on what it added); of two runs only one wins;
 * 3. only the winner counts, adds the frequency and the lessons. A kill between 2 and 3 loses those counts
 *    until the nightly recount in `reports` repairs them — the trade the outbox's relay of demands makes.
 */
import type { BookingDoc, SettleEntry } from '../../types/bookings'
import type { Database } from '../shared/cloud'
import { storeOf, type UpdateCommand } from '../shared/data'
import { enqueue, outboxMovedOn, type OutgoingMessage } from '../shared/outbox'
import type { TimerCtx } from '../shared/router'
import { businessDay } from '../shared/stats'
import { bumpBookingStats, bumpFrequency } from './lib'
import { lessonText } from './rules/items'
import { toDate } from './rules/time'

const BATCH = 200
/** Batches follow one another until none is full or this much time has gone, well inside the 20 s timeout. */
const BUDGET_MS = 8_000

/**
 * The fields that add `entries` to a booking's `settle` in the same update as the change that causes them;
 * `was` is the booking's `settleAt` as read (absent for a write over many bookings, which moves it to `now`).
 */
export function settling(
  db: Database,
  entries: readonly SettleEntry[],
  now: Date,
  was?: Date | string,
): { settle: UpdateCommand; settleAt: Date } {
  return { settle: db.command.push([...entries]), settleAt: outboxMovedOn(was, now) }
}

/** The message a settled change sends its resident, if any; its dedupe key makes it one per booking and kind. */
export function settleMessage(b: BookingDoc, e: SettleEntry): OutgoingMessage | null {
  if (!b.openid) return null
  const thing1 = b.itemNames.join('、').slice(0, 20)
  const time2 = `${b.date} ${b.startTime ?? ''}`.trim()
  if (e.kind === 'closed')
    return {
      dedupeKey: `booking:${b._id}:closed`,
      touser: b.openid,
      templateKey: 'bookingReminder',
      page: 'bookings/pages/mine/index',
      data: { thing1, time2, thing3: `${e.reason ?? '闭馆'}，预约已取消，请改约`.slice(0, 20) },
    }
  if (e.kind === 'served' || e.kind === 'notDone')
    return {
      dedupeKey: `booking:${b._id}:rate`,
      touser: b.openid,
      templateKey: 'bookingReminder',
      page: `bookings/pages/ticket/index?id=${b._id}`,
      // The template's fields are item, time and note: the outcome goes into the note.
      data: {
        thing1,
        time2,
        thing3: (e.kind === 'served'
          ? '已办结，请为本次服务打分'
          : e.missing
            ? `未办结：缺少${e.missing}`
            : '未办结，可再预约'
        ).slice(0, 20),
      },
    }
  return null
}

/** The day counters an entry adds to (per-clerk ratings come from the booking's clerkOpenid in the reports). */
function countersOf(e: SettleEntry): Record<string, number> {
  if (e.kind === 'booked') return { 'bookings.booked': 1 }
  if (e.kind === 'walkIn') return { 'bookings.walkIn': 1 }
  if (e.kind === 'served') return { 'bookings.served': 1 }
  if (e.kind === 'notDone') return { 'bookings.notDone': 1 }
  if (e.kind === 'noShow') return { 'bookings.noShow': 1 }
  if (e.kind === 'rated' && e.stars !== undefined)
    return {
      'bookings.ratings': 1,
      'bookings.ratingSum': e.stars,
      ...(e.stars >= 4 ? { 'bookings.ratedGood': 1 } : {}),
    }
  return {}
}

/** Passes on what one booking carries; true when this run released it (and so counted it). */
export async function settleOne(db: Database, b: BookingDoc, now: Date): Promise<boolean> {
  const store = storeOf(db)
  const _ = db.command
  const entries = b.settle ?? []
  await enqueue(
    db,
    entries.flatMap((e) => settleMessage(b, e) ?? []),
    now,
  )
  const released = await store.bookings.updateWhere(
    { _id: b._id, settleAt: b.settleAt },
    { settle: _.remove(), settleAt: _.remove() },
  )
  if (released !== 1) return false

  // Counters by business day; the frequency by calendar year of the booking (both one request each).
  const days = new Map<string, { at: Date; counters: Record<string, number> }>()
  for (const e of entries) {
    const at = toDate(e.at)
    const day = days.get(businessDay(at)) ?? { at, counters: {} }
    for (const [name, n] of Object.entries(countersOf(e))) day.counters[name] = (day.counters[name] ?? 0) + n
    days.set(businessDay(at), day)
  }
  for (const { at, counters } of days.values())
    if (Object.keys(counters).length) await bumpBookingStats(db, b, at, counters)
  for (const e of entries.filter((x) => x.kind === 'booked' || x.kind === 'walkIn'))
    await bumpFrequency(db, b.itemIds, toDate(e.at), 1)
  for (const e of entries.filter((x) => x.kind === 'notDone' && x.missing))
    await store.serviceItems.update(b.itemIds[0], {
      lessons: _.push([{ text: lessonText(e.missing as string), at: toDate(e.at) }]),
    })
  return true
}

/** One timer run's pass over the bookings that carry something: one read when none does. */
export async function settle(ctx: Pick<TimerCtx, 'db' | 'store' | 'now' | '_'>): Promise<number> {
  const { store, _, now } = ctx
  let settled = 0
  const until = Date.now() + BUDGET_MS
  for (let full = true; full && Date.now() < until;) {
    const batch = await store.bookings.find(
      { settleAt: _.lte(now) },
      { orderBy: [['settleAt', 'asc']], limit: BATCH },
    )
    full = batch.length === BATCH
    for (const b of batch) {
      if (Date.now() > until) return settled
      if (await settleOne(ctx.db, b, now)) settled++
    }
  }
  return settled
}
