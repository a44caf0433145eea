/**
 * Issue 22, item 3: unreferenced uploads are removed after a day. Through the real wx-server-sdk and function
 * host: uploads made the H5 way (attachPhoto) and the WeChat way (photoSlot, then a direct upload), the clock
 * moved two days on, and demands' one timer trigger (slaScan) fired — it cleans up only in its 03:xx run.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CleanupResult } from '../../../cloudfunctions/demands/timers/cleanup'

jest.setTimeout(180_000)

let t: TestCloud
const WANG = 'demo-resident-wang'
const LI = 'demo-resident-li'
let seq = 0
const req = () => `cu-${Date.now().toString(36)}-${(seq++).toString(36)}`
// 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const attach = async (openid: string) =>
  ok(
    await t.call<{ fileId: string }>(
      'demands',
      { action: 'attachPhoto', contentType: 'image/png', contentBase64: PNG, clientRequestId: req() },
      openid,
    ),
  ).fileId
const slot = async (openid: string) =>
  ok(
    await t.call<{ cloudPath: string }>(
      'demands',
      { action: 'photoSlot', contentType: 'image/jpeg', size: 2048, clientRequestId: req() },
      openid,
    ),
  ).cloudPath
const submit = async (openid: string, photos: string[]) =>
  ok(
    await t.call<{ id: string }>(
      'demands',
      {
        action: 'submit',
        category: 'sanitation',
        text: '楼道里堆满了杂物，消防通道被堵住了',
        location: { blockId: 'c-chunhui-b1' },
        clientRequestId: req(),
        photos,
      },
      openid,
    ),
  ).id
const pathOf = (fileId: string) => fileId.replace(/^cloud:\/\/[^/]+\//, '')
const onDisk = (fileId: string) =>
  existsSync(join(t.dataDir, 'storage', 'files', ...pathOf(fileId).split('/')))
const at = (when: Date) => t.dev.setClock(when.getTime() - Date.now())
const HOUR = 3_600_000
/** The first 03:30 Beijing time (19:30 UTC) at least `hours` after `from`. */
const beijing0330After = (from: Date, hours: number) => {
  const d = new Date(from.getTime() + hours * HOUR)
  const c = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 19, 30))
  return c >= d ? c : new Date(c.getTime() + 24 * HOUR)
}
const hourly = async () => {
  const fired = await t.dev.fire('demands', 'slaScan')
  expect(fired.ok).toBe(true)
  return (fired.result as { data: { cleanup?: CleanupResult } }).data
}
type Limit = { _id: string; createdAt: string | { $date: string } }
const createdAt = (l: Limit) =>
  new Date(typeof l.createdAt === 'string' ? l.createdAt : l.createdAt.$date).getTime()

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
  await at(new Date())
})
afterAll(async () => {
  await t?.dev.setClock(0)
  await t?.stop()
})

test('a day-old upload no demand took is deleted by the 03:xx run; taken and fresh ones stay; twice is harmless', async () => {
  const start = new Date()
  const abandoned = await attach(WANG)
  const taken = await attach(WANG)
  const demandId = await submit(WANG, [taken])
  // WeChat: a path from photoSlot, the bytes straight to storage, never submitted.
  const wechat = await t.cloud.storage.putFile(await slot(LI), Buffer.from(PNG, 'base64'))
  // A slot handed out and never used: no file, only the record.
  await slot(LI)
  for (const f of [abandoned, taken, wechat]) expect(onDisk(f)).toBe(true)
  expect(await t.dev.collection('uploads')).toHaveLength(4)
  const oldCounters = (await t.dev.collection<Limit>('limits')).filter(
    (l) => createdAt(l) <= Date.now() + 1000,
  )
  expect(oldCounters.length).toBeGreaterThan(0)

  const cleanupAt = beijing0330After(start, 49)
  // Two days on but not the cleanup hour: the hourly scan leaves storage alone.
  await at(new Date(cleanupAt.getTime() - 4 * HOUR))
  expect((await hourly()).cleanup).toBeUndefined()
  expect(onDisk(abandoned)).toBe(true)

  await at(cleanupAt)
  const fresh = await attach(WANG)
  const first = (await hourly()).cleanup!
  expect(first).toEqual({ deleted: 3, kept: 1, failed: 0, limits: expect.any(Number) })
  expect(first.limits).toBeGreaterThanOrEqual(oldCounters.length)
  expect(onDisk(abandoned)).toBe(false)
  expect(onDisk(wechat)).toBe(false)
  expect(onDisk(taken)).toBe(true)
  expect(onDisk(fresh)).toBe(true)
  // Only the fresh upload is still waiting to be taken.
  expect((await t.dev.collection<{ cloudPath: string }>('uploads')).map((u) => u.cloudPath)).toEqual([
    pathOf(fresh),
  ])
  // Counters older than two days are gone; today's (the fresh upload's) is kept.
  const limits = await t.dev.collection<Limit>('limits')
  expect(limits.filter((l) => createdAt(l) < cleanupAt.getTime() - 48 * HOUR)).toEqual([])
  for (const old of oldCounters) expect(limits.map((l) => l._id)).not.toContain(old._id)
  expect(limits.some((l) => l._id.startsWith('limit:uploads:') && l._id.includes(WANG))).toBe(true)

  // Fired again in the same hour (a double fire): nothing more to do, nothing broken.
  expect((await hourly()).cleanup).toEqual({ deleted: 0, kept: 0, failed: 0, limits: 0 })
  expect(onDisk(taken)).toBe(true)
  expect(onDisk(fresh)).toBe(true)
  const detail = ok(
    await t.call<{ photos: { url: string }[] }>('demands', { action: 'get', id: demandId }, WANG),
  )
  expect(detail.photos[0].url).toMatch(/^http/)
})
