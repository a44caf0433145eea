/**
 * One local cloud per test file with the bookings demo data on top of a minimal community: the clerk, the two
 * demo residents and forty other residents. It does not depend on the whole demo backbone, so these tests
 * exercise only what bookings needs.
 */
import type { ResidentDoc, StaffDoc } from '../../../types/community'
import { checkDoc, COLLECTIONS, type CollectionName } from '../../../cloudfunctions/shared/data'
import { seedBookings } from '../../../emulator/seed/bookings'
import type { SeedContext } from '../../../emulator/seed/context'
import { SERVICE_CENTER, SUBDISTRICT } from '../../../emulator/seed/identities'
import { createRng } from '../../../emulator/seed/random'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

export const CLERK = 'demo-clerk-liu'
export const WANG = 'demo-resident-wang'
export const LI = 'demo-resident-li'

const resident = (openid: string, name: string, committeeId: string, now: Date): ResidentDoc => ({
  _id: openid,
  openid,
  name,
  committeeIds: [committeeId],
  households: [],
  createdAt: now,
})

export async function startBookingsCloud(
  opts: { maxInstances?: number } = {},
): Promise<TestCloud & { now: Date; clockOffsetMs: number }> {
  const t = await startTestCloud({ maxInstances: opts.maxInstances })
  // The suites make slots "later today"; run late in the evening (Asia/Shanghai), such a slot would fall on
  // tomorrow. So the cloud's clock stands at the next 10:00 in Shanghai whenever the suite runs.
  const H = 3_600_000
  const real = t.cloud.clock.now()
  let ten = Math.floor((real + 8 * H) / (24 * H)) * 24 * H + 2 * H
  if (ten <= real) ten += 24 * H
  const clockOffsetMs = ten - real
  await t.dev.setClock(clockOffsetMs)
  const now = new Date(t.cloud.clock.now())
  // The same checks as the demo loader (emulator/seed/index.ts): a document that drifts from its schema
  // fails here, and later modules read back parsed documents.
  const byCollection = new Map<CollectionName, object[]>()
  const ctx: SeedContext = {
    now,
    rng: createRng(7),
    cloud: t.cloud,
    async insert(collection, docs) {
      if (docs.length === 0) return
      for (const doc of docs) checkDoc(collection, doc)
      await t.cloud.database.insertMany(collection, docs as unknown as object[])
      const list = byCollection.get(collection) ?? []
      list.push(...docs.map((d) => COLLECTIONS[collection].schema.parse(d)))
      byCollection.set(collection, list)
    },
    // Each list holds the parsed documents of its own collection (filled above).
    inserted: (collection) => (byCollection.get(collection) ?? []) as never,
  }
  const clerk: StaffDoc = {
    _id: CLERK,
    openid: CLERK,
    name: '刘洋',
    role: 'windowClerk',
    subdistrictId: SUBDISTRICT.id,
    centerId: SERVICE_CENTER.id,
    active: true,
  }
  await ctx.insert('staff', [clerk])
  await ctx.insert('residents', [
    resident(WANG, '王秀英', 'c-chunhui', now),
    resident(LI, '李明', 'c-chunhui', now),
    ...Array.from({ length: 40 }, (_, i) =>
      resident(`resident-t${i}`, `居民${i}`, i % 2 ? 'c-fenglin' : 'c-hepingli', now),
    ),
  ])
  await seedBookings(ctx)
  return Object.assign(t, { now, clockOffsetMs })
}
