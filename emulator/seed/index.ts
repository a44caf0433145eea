/**
 * Demo data: a fictional sub-district (明德街道) with three committees, their blocks, about 300 households and
 * staff in every role, then each bounded context's own records. One module per context, run in dependency
 * order; each builds on what the earlier ones inserted.
 */
import { checkDoc, COLLECTIONS, type CollectionName } from '../../cloudfunctions/shared/data'
import type { LocalCloud } from '../server'
import { seedBookings } from './bookings'
import { seedCommunity } from './community'
import { seedDemands } from './demands'
import { seedOpen311 } from './open311'
import { seedReports } from './reports'
import type { SeedContext, SeedModule } from './context'
import { createRng } from './random'
import { seedVisits } from './visits'

const MODULES: readonly [string, SeedModule][] = [
  ['community', seedCommunity],
  ['bookings', seedBookings],
  ['visits', seedVisits],
  ['demands', seedDemands],
  ['reports', seedReports],
  ['open311', seedOpen311],
]

export async function loadDemoData(
  cloud: LocalCloud,
  opts: { now?: Date; seed?: number } = {},
): Promise<Record<string, number>> {
  const now = opts.now ?? new Date(cloud.clock.now())
  const rng = createRng(opts.seed)
  const byCollection = new Map<CollectionName, object[]>()
  const counts: Record<string, number> = {}
  const ctx: SeedContext = {
    now,
    rng,
    cloud,
    async insert(collection, docs) {
      if (docs.length === 0) return
      // Demo data obeys the same schemas as the functions' writes, so a drifted seed fails at start.
      for (const doc of docs) checkDoc(collection, doc)
      await cloud.database.insertMany(collection, docs as unknown as object[])
      const list = byCollection.get(collection) ?? []
      list.push(...docs.map((d) => COLLECTIONS[collection].schema.parse(d)))
      byCollection.set(collection, list)
      counts[collection] = (counts[collection] ?? 0) + docs.length
    },
    // Each list holds the parsed documents of its own collection (filled above).
    inserted: (collection) => (byCollection.get(collection) ?? []) as never,
  }
  for (const [, run] of MODULES) await run(ctx)
  return counts
}
