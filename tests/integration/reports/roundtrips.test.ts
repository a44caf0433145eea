/**
 * What each reports action and timer costs in database requests (CloudBase bills and rate-limits them),
 * caller lookup included, over the known history of history.ts. A change of data layer must not add a round
 * trip: these numbers were measured before the typed repositories replaced the raw collection calls, and
 * still hold after.
 */
import { requestMeter } from '../../helpers/requests'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { backbone, history, manyOpenCases, C1, C2, NOW, OFFICER, SD } from './history'

jest.setTimeout(120_000)

let t: TestCloud
const call = <T>(action: string, input: Record<string, unknown>, openid = OFFICER) =>
  t.call<T>('reports', { action, ...input }, openid)
const fired = async (trigger: string) => {
  const r = await t.dev.fire('reports', trigger)
  if (!r.ok) throw new Error(`${trigger}: ${JSON.stringify(r)}`)
  return r.result
}

const meter = requestMeter(() => t.cloud.database)
const { cost } = meter

beforeAll(async () => {
  t = await startTestCloud()
  for (const [name, docs] of Object.entries({ ...backbone, ...history }))
    await t.cloud.database.insertMany(name, docs)
  await t.dev.setClock(NOW.getTime() - Date.now())
}, 120_000)
afterAll(async () => {
  meter.save()
  await t?.dev.setClock(0)
  await t?.stop()
})

it('timers', async () => {
  const costs = {
    recount: await cost('recount', () => fired('recount')),
    recountAgain: await cost('recountAgain', () => fired('recount')),
    weeklyDigest: await cost('weeklyDigest', () => fired('weeklyDigest')),
    weeklyDigestAgain: await cost('weeklyDigestAgain', () => fired('weeklyDigest')),
    monthlyPerformance: await cost('monthlyPerformance', () => fired('monthlyPerformance')),
    exportJobsIdle: await cost('exportJobsIdle', () => fired('exportJobs')),
  }
  expect(costs).toEqual({
    recount: 30,
    recountAgain: 21,
    weeklyDigest: 24,
    weeklyDigestAgain: 8,
    monthlyPerformance: 40,
    exportJobsIdle: 1,
  })
})

it('actions', async () => {
  const week = { from: '2026-10-05', to: '2026-10-11' }
  const costs: Record<string, number> = {
    summaryCommittee: await cost('summaryCommittee', async () =>
      ok(await call('summary', { ...week, committeeId: C1 })),
    ),
    summaryWhole: await cost('summaryWhole', async () => ok(await call('summary', week))),
    summaryAdmin: await cost('summaryAdmin', async () => ok(await call('summary', week, 'demo-admin-chen'))),
    casesOverdue: await cost('casesOverdue', async () =>
      ok(await call('cases', { ...week, metric: 'overdue' })),
    ),
    casesUnsatisfied: await cost('casesUnsatisfied', async () =>
      ok(await call('cases', { ...week, metric: 'unsatisfied', committeeId: C1 })),
    ),
    digestById: await cost('digestById', async () =>
      ok(await call('digest', { id: `digest:${SD}:weekly:2026-10-05` })),
    ),
    digestLatest: await cost('digestLatest', async () => ok(await call('digest', { kind: 'weekly' }))),
    sentiment: await cost('sentiment', async () => ok(await call('sentiment', week))),
    performance: await cost('performance', async () => ok(await call('performance', week))),
  }
  let jobId = ''
  costs.exportDemands = await cost('exportDemands', async () => {
    jobId = ok(await call<{ jobId: string }>('export', { ...week, kind: 'demands' })).jobId
  })
  costs.exportPerformance = await cost('exportPerformance', async () =>
    ok(await call('export', { ...week, kind: 'performance' })),
  )
  costs.exportStatus = await cost('exportStatus', async () => ok(await call('exportStatus', { jobId })))
  expect(costs).toEqual({
    summaryCommittee: 4,
    summaryWhole: 4,
    summaryAdmin: 4,
    casesOverdue: 6,
    casesUnsatisfied: 6,
    digestById: 5,
    digestLatest: 5,
    sentiment: 7,
    // +3 for window clerks: their finished cases with items, the items' weights, the certifications.
    performance: 12,
    exportDemands: 13,
    exportPerformance: 17,
    exportStatus: 2,
  })
})

it('a large export in the background', async () => {
  const docs = manyOpenCases('rt-big')
  await t.cloud.database.insertMany('demands', docs)
  const costs = {
    exportLarge: await cost('exportLarge', async () =>
      ok(await call('export', { kind: 'demands', committeeId: C2, from: '2026-10-10', to: '2026-10-10' })),
    ),
    exportJobs: await cost('exportJobs', () => fired('exportJobs')),
  }
  expect(costs).toEqual({ exportLarge: 5, exportJobs: 12 })
})
