/**
 * What each reports action and timer costs in database requests (CloudBase bills and rate-limits them),
 * caller lookup included, over the known history of history.ts; the actions against the pins and budgets of
 * tests/helpers/budgets.ts.
 */
import { budgetMeter } from '../../helpers/budgets'
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

const meter = requestMeter(
  () => t.cloud.database,
  () => t.cloud.meter,
)
const { cost, problems } = budgetMeter('reports', meter)

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
    recount: await meter.cost('recount', () => fired('recount')),
    recountAgain: await meter.cost('recountAgain', () => fired('recount')),
    weeklyDigest: await meter.cost('weeklyDigest', () => fired('weeklyDigest')),
    weeklyDigestAgain: await meter.cost('weeklyDigestAgain', () => fired('weeklyDigest')),
    monthlyPerformance: await meter.cost('monthlyPerformance', () => fired('monthlyPerformance')),
    exportJobsIdle: await meter.cost('exportJobsIdle', () => fired('exportJobs')),
  }
  expect(costs).toEqual({
    recount: 28,
    recountAgain: 19,
    // the digests' messages are sent by the run that writes them: + each one's outcome and grant bookkeeping
    weeklyDigest: 20,
    weeklyDigestAgain: 8,
    monthlyPerformance: 30,
    exportJobsIdle: 1,
  })
})

it('actions', async () => {
  const week = { from: '2026-10-05', to: '2026-10-11' }
  await cost('summary', 'committee', async () => ok(await call('summary', { ...week, committeeId: C1 })))
  await cost('summary', 'whole', async () => ok(await call('summary', week)))
  await cost('summary', 'admin', async () => ok(await call('summary', week, 'demo-admin-chen')))
  await cost('cases', 'overdue', async () => ok(await call('cases', { ...week, metric: 'overdue' })))
  await cost('cases', 'unsatisfied', async () =>
    ok(await call('cases', { ...week, metric: 'unsatisfied', committeeId: C1 })),
  )
  await cost('digest', 'by id', async () =>
    ok(await call('digest', { id: `digest:${SD}:weekly:2026-10-05` })),
  )
  await cost('digest', 'latest', async () => ok(await call('digest', { kind: 'weekly' })))
  await cost('sentiment', async () => ok(await call('sentiment', week)))
  await cost('performance', async () => ok(await call('performance', week)))
  let jobId = ''
  await cost('export', 'demands', async () => {
    jobId = ok(await call<{ jobId: string }>('export', { ...week, kind: 'demands' })).jobId
  })
  await cost('export', 'performance', async () => ok(await call('export', { ...week, kind: 'performance' })))
  await cost('exportStatus', async () => ok(await call('exportStatus', { jobId })))
})

it('a large export in the background', async () => {
  const docs = manyOpenCases('rt-big')
  await t.cloud.database.insertMany('demands', docs)
  const large = { kind: 'demands', committeeId: C2, from: '2026-10-10', to: '2026-10-10' }
  await cost('export', 'large', async () => ok(await call('export', large)))
  expect(await meter.cost('exportJobs', () => fired('exportJobs'))).toBe(12)
})

it('every reports action within its pinned number of database requests', () => {
  expect(problems()).toEqual([])
})
