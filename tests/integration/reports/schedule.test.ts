/**
 * The reports function's one timer trigger (`hourly`) against the known history: on Monday 08:00 Beijing it
 * runs the weekly and the daily digest, fired twice it stores and sends each once, an hour later it only
 * catches up what is missing; and a large export is finished by the app's progress poll, with no timer.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { backbone, history, manyOpenCases, C2, NOW, OFFICER, OFFICER2, SD } from './history'

let t: TestCloud
const setBeijing = (local: string) => t.dev.setClock(Date.parse(`${local}+08:00`) - Date.now())

beforeAll(async () => {
  t = await startTestCloud()
  for (const [name, docs] of Object.entries({ ...backbone, ...history }))
    await t.cloud.database.insertMany(name, docs)
  await t.dev.setClock(NOW.getTime() - Date.now())
}, 120_000)
afterAll(async () => {
  await t?.dev.setClock(0)
  await t?.stop()
})

type Ran = { ran: Array<{ job: string; catchUp: boolean; result: unknown }>; deferred: string[] }
const hourly = async (): Promise<Ran> => {
  const fired = await t.dev.fire('reports')
  expect(fired.ok).toBe(true)
  const r = fired.result as { ok: boolean; data: Ran }
  expect(r.ok).toBe(true)
  return r.data
}

test('the deployed config has one trigger, on the hour, with names in the weekday field', () => {
  expect(t.cloud.host!.config('reports')!.triggers).toEqual([
    { name: 'hourly', type: 'timer', config: '0 0 * * * * *' },
  ])
})

test('Monday 08:00: weekly and daily digests, once each however often the timer fires', async () => {
  for (const o of [OFFICER, OFFICER2]) await t.dev.grant(o, ['digest'], 5)
  await setBeijing('2026-10-12T08:00:05')
  const first = await hourly()
  expect(first.ran.map((r) => r.job)).toEqual(['weeklyDigest', 'dailyDigest', 'exportJobs', 'expireExports'])
  expect(first.deferred).toEqual([])
  const second = await hourly()
  const weekly = second.ran.find((r) => r.job === 'weeklyDigest')!.result as Array<{ stored: boolean }>
  expect(weekly.every((w) => w.stored === false)).toBe(true)
  expect(
    t.cloud.database
      .find('digests', { subdistrictId: SD })
      .map((d) => d._id)
      .sort(),
  ).toEqual(['digest:sd-mingde:daily:2026-10-11', 'digest:sd-mingde:weekly:2026-10-05'])
  await t.dev.fire('outbox', 'deliver')
  for (const o of [OFFICER, OFFICER2]) {
    const msgs = (await t.dev.messages(o)).filter((m) => m.templateId === 'digest')
    // One weekly and one daily digest, not two of either.
    expect(msgs).toHaveLength(2)
  }
})

test('an hour later the catch-up run leaves stored digests alone', async () => {
  await setBeijing('2026-10-12T09:00:03')
  const later = await hourly()
  expect(later.ran.map((r) => `${r.job}${r.catchUp ? '?' : ''}`)).toEqual([
    'weeklyDigest?',
    'dailyDigest?',
    'exportJobs',
    'expireExports',
  ])
  expect(later.ran.find((r) => r.job === 'dailyDigest')!.result).toEqual([])
})

test('a missed 08:00 is caught up at 10:00 the next day: the digest of that day is built once', async () => {
  await setBeijing('2026-10-13T10:00:00')
  const caught = await hourly()
  expect(caught.ran.map((r) => r.job)).toEqual(['dailyDigest', 'exportJobs', 'expireExports'])
  expect(t.cloud.database.find('digests', { _id: 'digest:sd-mingde:daily:2026-10-12' })).toHaveLength(1)
  const again = await hourly()
  expect(again.ran.find((r) => r.job === 'dailyDigest')!.result).toEqual([])
  await t.dev.setClock(NOW.getTime() - Date.now())
})

test('a large export is finished by the progress poll, without any timer', async () => {
  const docs = manyOpenCases('poll')
  await t.cloud.database.insertMany('demands', docs)
  const job = await t.call<{ jobId: string; status: string }>(
    'reports',
    { action: 'export', kind: 'demands', committeeId: C2, from: '2026-10-10', to: '2026-10-10' },
    OFFICER,
  )
  expect(job.data).toMatchObject({ status: 'pending' })
  const status = await t.call<{ status: string; done: number; url?: string }>(
    'reports',
    { action: 'exportStatus', jobId: job.data!.jobId },
    OFFICER,
  )
  expect(status.data).toMatchObject({ status: 'done', done: 2100 })
  expect(status.data!.url).toBeTruthy()
  // Someone else's poll neither sees nor runs it; the sweep finds nothing left.
  const stranger = await t.call('reports', { action: 'exportStatus', jobId: job.data!.jobId }, OFFICER2)
  expect(stranger.error?.code).toBe('NOT_FOUND')
  const swept = await t.dev.fire('reports', 'exportJobs')
  expect((swept.result as { data: { jobs: number } }).data.jobs).toBe(0)
})
