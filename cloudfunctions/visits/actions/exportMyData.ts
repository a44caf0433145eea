import { z } from 'zod'
import type { visitsContract } from '../../../types/visits'
import { lookupRows, lookupWhere, type Aggregate } from '../../shared/data'
import type { Ctx, Handler } from '../../shared/router'
import { myHouseholds } from './myHousehold'

// What the caller's data is, collection by collection, looked up beside one row.
const ExportRow = z
  .object({
    visits: lookupRows('visits'),
    onlineVisits: lookupRows('onlineVisits'),
    corrections: lookupRows('householdCorrections'),
    versions: lookupRows('householdVersions'),
    demands: lookupRows('demands'),
    bookings: lookupRows('bookings'),
    messages: lookupRows('messages'),
    subscriptions: lookupRows('subscriptions'),
  })
  .loose()
type ExportRow = z.output<typeof ExportRow>

/**
 * 下载我的数据: everything the system holds about the caller, as JSON — profile, family files and their
 * visits, online visits, correction requests, demands, bookings, messages and subscribe grants. The family
 * files first (their ids say which visits and versions are the caller's), then one aggregate that looks up
 * every collection holding the caller's data.
 */
export const exportMyData: Handler<typeof visitsContract.exportMyData> = async (_input, ctx) => {
  const households = await myHouseholds(ctx)
  const rows = await lookUpAll(
    ctx,
    households.map((h) => h._id),
  )
  const data = {
    resident: ctx.caller.resident,
    // A file's outbox holds the version records exported beside it, queued for the repair.
    households: households.map(({ outbox: _o, outboxAt: _a, ...h }) => h),
    householdVersions: rows.versions,
    visits: rows.visits,
    onlineVisits: rows.onlineVisits,
    corrections: rows.corrections,
    demands: rows.demands,
    bookings: rows.bookings,
    messages: rows.messages,
    subscriptions: rows.subscriptions,
  }
  // Dates become ISO strings, exactly as a downloaded JSON file holds them.
  return {
    exportedAt: ctx.now.toISOString(),
    data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
  }
}

const MAX = 2000
const UNQUEUED = { outbox: false, outboxAt: false } as const

async function lookUpAll(ctx: Ctx, householdIds: readonly string[]): Promise<ExportRow> {
  const openid = ctx.caller.openid
  const db = ctx.db
  // No family file, no visits or versions: a condition nothing meets keeps the stage (and the row's shape).
  const byHousehold = { householdId: ctx._.in([...householdIds]) }
  const lookups = [
    // A recent visit's outbox is work queued for staff (alerts, counters), not data about the family.
    lookupWhere(db, 'visits', byHousehold, 'visits', { limit: MAX, fields: UNQUEUED }),
    lookupWhere(db, 'onlineVisits', { recipients: openid }, 'onlineVisits', { limit: MAX }),
    lookupWhere(db, 'householdCorrections', { openid }, 'corrections', { limit: MAX }),
    lookupWhere(db, 'householdVersions', byHousehold, 'versions', { limit: MAX }),
    // Another context's collection that does not exist yet looks up as nothing.
    lookupWhere(db, 'demands', { residentOpenid: openid }, 'demands', { limit: MAX, fields: UNQUEUED }),
    lookupWhere(db, 'bookings', { openid }, 'bookings', { limit: MAX }),
    lookupWhere(db, 'messages', { touser: openid }, 'messages', { limit: 1000 }),
    lookupWhere(db, 'subscriptions', { openid }, 'subscriptions', { limit: 100 }),
  ]
  // The lookups hang off one row that is certain to be there: the caller's resident record, else their
  // family file, else (they have neither yet: the app's first call writes the record) any resident's. The
  // row's own fields are projected away.
  const [id] = householdIds
  const [row] = ctx.caller.resident
    ? await ctx.store.residents.aggregate((p) => hang(p.match({ _id: openid }), lookups), ExportRow)
    : id
      ? await ctx.store.households.aggregate((p) => hang(p.match({ _id: id }), lookups), ExportRow)
      : await ctx.store.residents.aggregate((p) => hang(p.match({}).limit(1), lookups), ExportRow)
  return row ?? readEach(ctx)
}

const hang = (p: Aggregate, lookups: readonly Record<string, unknown>[]): Aggregate =>
  lookups.reduce((q, l) => q.lookup(l), p.project({ _id: 1 }))

/**
 * One read per collection: only for a caller with no resident record and no family file in an environment
 * where nobody has a resident record, so no row was there to look up beside (and with no family file, no
 * visits or versions).
 */
async function readEach(ctx: Ctx): Promise<ExportRow> {
  const openid = ctx.caller.openid
  const s = ctx.store
  const safe = async <T>(read: () => Promise<T[]>): Promise<T[]> =>
    read().catch((err: unknown) => {
      if (/COLLECTION_NOT_EXIST|-502005|not exist/i.test(String((err as Error)?.message ?? err))) return []
      throw err
    })
  const [onlineVisits, corrections, demands, bookings, messages, subscriptions] = await Promise.all([
    s.onlineVisits.readAll({ recipients: openid }, { max: MAX }),
    s.householdCorrections.readAll({ openid }, { max: MAX }),
    safe(() => s.demands.readAll({ residentOpenid: openid }, { max: MAX, fields: UNQUEUED })),
    safe(() => s.bookings.readAll({ openid }, { max: MAX })),
    safe(() => s.messages.find({ touser: openid }, { limit: 1000 })),
    safe(() => s.subscriptions.find({ openid }, { limit: 100 })),
  ])
  return { visits: [], versions: [], onlineVisits, corrections, demands, bookings, messages, subscriptions }
}
