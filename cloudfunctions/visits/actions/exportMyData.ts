import type { visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import { myHouseholds } from './myHousehold'

/**
 * 下载我的数据: everything the system holds about the caller, as JSON — profile, family files and their
 * visits, online visits, correction requests, demands, bookings, messages and subscribe grants.
 */
export const exportMyData: Handler<typeof visitsContract.exportMyData> = async (_input, ctx) => {
  const openid = ctx.caller.openid
  const households = await myHouseholds(ctx)
  const ids = households.map((h) => h._id)
  const byHousehold = ids.length ? { householdId: ctx._.in(ids) } : null
  const [visits, onlineVisits, corrections, versions, demands, bookings, messages, subscriptions] =
    await Promise.all([
      // A recent visit's outbox is work queued for staff (alerts, counters), not data about the family.
      byHousehold ? ctx.store.visits.readAll(byHousehold, { max: 2000, fields: UNQUEUED }) : [],
      ctx.store.onlineVisits.readAll({ recipients: openid }, { max: 2000 }),
      ctx.store.householdCorrections.readAll({ openid }, { max: 2000 }),
      byHousehold ? ctx.store.householdVersions.readAll(byHousehold, { max: 2000 }) : [],
      safe(() => ctx.store.demands.readAll({ residentOpenid: openid }, { max: 2000, fields: UNQUEUED })),
      safe(() => ctx.store.bookings.readAll({ openid }, { max: 2000 })),
      safe(() => ctx.store.messages.find({ touser: openid }, { limit: 1000 })),
      safe(() => ctx.store.subscriptions.find({ openid }, { limit: 100 })),
    ])
  const data = {
    resident: ctx.caller.resident,
    households,
    householdVersions: versions,
    visits,
    onlineVisits,
    corrections,
    demands,
    bookings,
    messages,
    subscriptions,
  }
  // Dates become ISO strings, exactly as a downloaded JSON file holds them.
  return {
    exportedAt: ctx.now.toISOString(),
    data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
  }
}

const UNQUEUED = { outbox: false, outboxAt: false } as const

/** Another context's collection that does not exist yet holds nothing about the caller. */
async function safe<T>(read: () => Promise<T[]>): Promise<T[]> {
  try {
    return await read()
  } catch (err) {
    if (/COLLECTION_NOT_EXIST|-502005|not exist/i.test(String((err as Error)?.message ?? err))) return []
    throw err
  }
}
