/**
 * relay (转发), at the start of every `deliver` run: records that carry their messages and counters in their
 * own writes (`PendingOutbox`: demands, their insert and every change after it; visits, their insert with
 * what the visit caused; hourly, in case their action died before writing what they carry: online visits
 * and correction requests their messages, family files their version records) hand them over to `messages` and `stats`.
 *
 * Each step is safe to repeat, so a killed or doubled run loses and duplicates nothing:
 * 1. the messages are added under their derived `_id`s; one already there is the same message, left alone;
 *    a visit's other carried writes (its demands, talents, the file's contact, the online visit's answer)
 *    are made where missing, each a no-op where the action made it (visits/carry.ts);
 * 2. the record is released with a conditional update (`outboxAt` still the one read: a write that adds to
 *    the outbox moves it on, and the next run relays what it added); of two runs only one wins;
 * 3. only the winner adds the counters. A kill between 2 and 3 loses that one count until the nightly
 *    recount in `reports` repairs it — the same trade every other counted action makes.
 */
import type { PendingOutbox } from '../../types/messages'
import type { StatCounterName } from '../../types/reports'
import type { Command, Database } from '../shared/cloud'
import type { Store } from '../shared/data'
import { logLine } from '../shared/log'
import { addMessages } from '../shared/outbox'
import { forEachLimit } from './pool'
import { bumpStats } from '../shared/stats'
import type { TimerCtx } from '../shared/router'
import { landCarried, landHousehold, landOnlineVisit } from '../visits/public'

interface CarriedRecord {
  readonly _id: string
  readonly outbox?: PendingOutbox
  readonly outboxAt?: Date | string
  /** What else the record carries, written before it is released (idempotent). */
  readonly land?: () => Promise<void>
}
/** A collection whose records may carry a `PendingOutbox`: the relay's due read and its release. */
interface Carrier {
  readonly name: string
  /**
   * Read by the first run of each hour only (24 reads a day instead of 144): records whose action writes
   * what they carry itself and carries it only in case it dies half-way, so the relay repairs rather than
   * delivers (sendOnline, correctHousehold, saveHousehold).
   */
  readonly hourly?: boolean
  due(where: { outboxAt: unknown }, limit: number): Promise<CarriedRecord[]>
  /** Drops the outbox if the record still holds the `outboxAt` read; how many were released (0 or 1). */
  release(where: { _id: string; outboxAt: unknown }): Promise<number>
}
const DUE = { orderBy: [['outboxAt', 'asc']], fields: { _id: true, outbox: true, outboxAt: true } } as const
/**
 * Repositories whose records may carry a `PendingOutbox`; each collection has an index on `outboxAt`. Each
 * one costs every run a read, idle or not, which is why bookings count and notify directly instead.
 */
const carrying = (store: Store, db: Database, _: Command): Carrier[] => [
  // Visits first: a demand a visit carries and the action did not write is inserted here, carrying its own
  // outbox, which the demands' scan then relays in the same run.
  {
    name: store.visits.name,
    due: async (where, limit) =>
      (await store.visits.find(where, { ...DUE, limit })).map((v) => ({
        ...v,
        land: v.outbox ? () => landCarried(db, v.outbox!) : undefined,
      })),
    release: (where) => store.visits.updateWhere(where, { outbox: _.remove(), outboxAt: _.remove() }),
  },
  {
    name: store.demands.name,
    due: (where, limit) => store.demands.find(where, { ...DUE, limit }),
    release: (where) => store.demands.updateWhere(where, { outbox: _.remove(), outboxAt: _.remove() }),
  },
  {
    name: store.onlineVisits.name,
    hourly: true,
    due: async (where, limit) =>
      (
        await store.onlineVisits.find(where, {
          ...DUE,
          fields: { ...DUE.fields, householdId: true, status: true },
          limit,
        })
      ).map((ov) => ({ ...ov, land: () => landOnlineVisit(db, ov) })),
    release: (where) => store.onlineVisits.updateWhere(where, { outbox: _.remove(), outboxAt: _.remove() }),
  },
  {
    name: store.households.name,
    hourly: true,
    due: async (where, limit) =>
      (await store.households.find(where, { ...DUE, limit })).map((h) => ({
        ...h,
        land: h.outbox ? () => landHousehold(db, h.outbox!) : undefined,
      })),
    release: (where) => store.households.updateWhere(where, { outbox: _.remove(), outboxAt: _.remove() }),
  },
  {
    name: store.householdCorrections.name,
    hourly: true,
    due: (where, limit) => store.householdCorrections.find(where, { ...DUE, limit }),
    release: (where) =>
      store.householdCorrections.updateWhere(where, { outbox: _.remove(), outboxAt: _.remove() }),
  },
]
/** The first run of an hour (the sweep runs at minutes 0, 10, … 50). */
const firstOfHour = (now: Date): boolean => now.getUTCMinutes() < 10
const BATCH = 200
const CONCURRENCY = 4
/** Batches follow one another until none is full or this much time has gone, well inside the 20 s timeout. */
const BUDGET_MS = 8_000

export async function relay(ctx: TimerCtx): Promise<number> {
  const { db, _, now } = ctx
  let relayed = 0
  const until = Date.now() + BUDGET_MS
  for (const records of carrying(ctx.store, db, _)) {
    if (records.hourly && !firstOfHour(now)) continue
    for (let full = true; full && Date.now() < until;) {
      const n = await relayBatch(records)
      full = n === BATCH
    }
  }
  return relayed

  async function relayBatch(records: Carrier): Promise<number> {
    // The read parses each record's outbox; one that does not fit is left out and logged by the data layer.
    const batch = await records.due({ outboxAt: _.lte(now) }, BATCH)

    const one = async (rec: (typeof batch)[number]): Promise<void> => {
      if (!rec.outbox)
        logLine('error', {
          fn: 'outbox',
          trigger: 'relay',
          record: `${records.name}/${rec._id}`,
          error: 'unreadable outbox, released without sending: none stored',
        })
      const carried = rec.outbox ?? { messages: [] }
      await addMessages(db, carried.messages)
      await rec.land?.()
      const released = await records.release({ _id: rec._id, outboxAt: rec.outboxAt })
      if (released !== 1) return
      relayed++
      for (const s of [...(carried.stats ? [carried.stats] : []), ...(carried.moreStats ?? [])])
        await bumpStats(
          db,
          { committeeId: s.committeeId, subdistrictId: s.subdistrictId, at: new Date(s.at) },
          Object.fromEntries(s.counters.map((c) => [c.name, c.n])) as Partial<
            Record<StatCounterName, number>
          >,
        )
    }

    await forEachLimit(batch, CONCURRENCY, one, (rec, err) =>
      // Left carrying its outbox; the next run tries again.
      logLine('error', {
        fn: 'outbox',
        trigger: 'relay',
        record: `${records.name}/${rec._id}`,
        error: String((err as Error)?.message ?? err).slice(0, 300),
      }),
    )
    return batch.length
  }
}
