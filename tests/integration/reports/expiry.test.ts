/**
 * Exports belong to their owner and expire: only the officer who made an export gets its link, and the hourly
 * tick deletes the file of an export older than EXPORT_KEEP_DAYS and marks the job expired, once.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { backbone, history, NOW, OFFICER, OFFICER2 } from './history'
import { EXPORT_KEEP_DAYS } from '../../../cloudfunctions/reports/rules/schedule'
import type { ExportJob } from '../../../types/reports'

let t: TestCloud
const call = async (action: string, input: Record<string, unknown>, openid = OFFICER) =>
  t.call<ExportJob>('reports', { action, ...input }, openid)
const DAY = 86_400_000
const at = (ms: number) => t.dev.setClock(NOW.getTime() + ms - Date.now())
/** Where the local cloud keeps a stored file (cloud://env.bucket/<path>). */
const onDisk = (fileId: string) =>
  join(t.dataDir, 'storage', 'files', ...fileId.replace(/^cloud:\/\/[^/]+\//, '').split('/'))

beforeAll(async () => {
  t = await startTestCloud()
  for (const [name, docs] of Object.entries({ ...backbone, ...history }))
    await t.cloud.database.insertMany(name, docs)
  await at(0)
}, 120_000)
afterAll(async () => {
  await t?.dev.setClock(0)
  await t?.stop()
})

test(`an export is its owner's, and after ${EXPORT_KEEP_DAYS} days its file is gone and the job expired`, async () => {
  const made = await call('export', { kind: 'demands', from: '2026-10-05', to: '2026-10-11' })
  expect(made.data).toMatchObject({ status: 'done' })
  const jobId = made.data!.jobId
  // Another officer of the same sub-district cannot see it, let alone download it.
  expect((await call('exportStatus', { jobId }, OFFICER2)).error?.code).toBe('NOT_FOUND')
  const [doc] = (await t.dev.collection<{ _id: string; fileId?: string }>('exports')).filter(
    (d) => d._id === jobId,
  )
  const fileId = doc.fileId!
  expect(existsSync(onDisk(fileId))).toBe(true)

  // A day short of the limit: kept.
  await at((EXPORT_KEEP_DAYS - 1) * DAY)
  await t.dev.fire('reports', 'hourly')
  expect((await call('exportStatus', { jobId })).data).toMatchObject({
    status: 'done',
    url: expect.any(String),
  })

  await at(EXPORT_KEEP_DAYS * DAY + 3_600_000)
  const fired = await t.dev.fire('reports', 'expireExports')
  expect((fired.result as { data: unknown }).data).toEqual({ expired: 1, filesDeleted: 1 })
  expect(existsSync(onDisk(fileId))).toBe(false)
  const status = await call('exportStatus', { jobId })
  expect(status.data).toMatchObject({ status: 'expired' })
  expect(status.data!.url).toBeUndefined()
  // Fired again (or by the hourly tick): nothing left to do, nothing broken.
  expect(((await t.dev.fire('reports', 'expireExports')).result as { data: unknown }).data).toEqual({
    expired: 0,
    filesDeleted: 0,
  })
  const hourly = await t.dev.fire('reports', 'hourly')
  expect(hourly.ok).toBe(true)
  expect((await call('exportStatus', { jobId })).data).toMatchObject({ status: 'expired' })
})
