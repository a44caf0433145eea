/**
 * Exports expire (导出过期): a finished export's file is deleted EXPORT_KEEP_DAYS after the job was made and the
 * job marked `expired`, so the file id or a copied link stops working and the page says 已过期，请重新导出.
 * Idempotent: deleting a file that is gone is answered per file and not an error, and a job is marked only
 * after its file is deleted (a run cut short between the two is finished by the next).
 */
import type { Database, cloud as Cloud } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { logLine } from '../shared/log'
import { exportExpiryCutoff } from './rules/schedule'

/** Jobs per run: a sub-district makes a few exports a day, so one run clears a week's backlog. */
export const EXPIRE_BATCH = 50

/** wx-server-sdk's status for a file that does not exist (TCB_ERR_CODE.STORAGE_FILE_NONEXIST). */
const FILE_GONE = -503003

export async function expireExports(
  db: Database,
  cloud: typeof Cloud,
  now: Date,
): Promise<{ expired: number; filesDeleted: number }> {
  const exports = storeOf(db).exports
  const jobs = await exports.find(
    { state: 'done', createdAt: db.command.lt(exportExpiryCutoff(now)) },
    { orderBy: [['createdAt', 'asc']], limit: EXPIRE_BATCH, fields: { _id: true, fileId: true } },
  )
  if (jobs.length === 0) return { expired: 0, filesDeleted: 0 }
  const fileIds = jobs.flatMap((j) => (j.fileId ? [j.fileId] : []))
  let filesDeleted = 0
  if (fileIds.length > 0) {
    // wx-server-sdk answers per file: status 0 deleted, STORAGE_FILE_NONEXIST already gone (a run cut short).
    const res = (await cloud.deleteFile({ fileList: fileIds })) as {
      fileList?: { fileID: string; status: number }[]
    }
    const results = res.fileList ?? []
    const failed = new Set(
      results.filter((f) => f.status !== 0 && f.status !== FILE_GONE).map((f) => f.fileID),
    )
    if (failed.size > 0) {
      // Left `done`: the next run tries them again.
      logLine('warn', { fn: 'reports', outcome: 'export-expiry-failed', files: failed.size })
      jobs.splice(0, jobs.length, ...jobs.filter((j) => !j.fileId || !failed.has(j.fileId)))
    }
    filesDeleted = results.filter((f) => f.status === 0).length
  }
  const n = await exports.updateWhere(
    { _id: db.command.in(jobs.map((j) => j._id)), state: 'done' },
    { state: 'expired', fileId: db.command.remove(), updatedAt: now },
  )
  return { expired: n, filesDeleted }
}
