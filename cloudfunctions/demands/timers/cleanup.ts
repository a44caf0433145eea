/**
 * Daily cleanup (清理上传), run by the 03:xx slaScan (rules/cleanup.ts): photos uploaded more than a day ago
 * that no demand took are deleted from storage, and limit counters whose window ended long ago are removed.
 *
 * Every upload has a record in `uploads` (attachPhoto and photoSlot insert it before the bytes can exist), so
 * the files to consider come from there, oldest first, UPLOAD_BATCH per run. A record is removed only once its
 * file is settled: referenced by a demand (the demand owns it now; the file stays), deleted, or already gone (a
 * slot handed out but never used, a run cut short). A delete that fails keeps its record for the next run.
 * A resident who submits a day-old upload while this runs may find the photo gone: the app uploads right
 * before submitting, so that is a draft left open for a day.
 *
 * Storage requests: one probe upload, one deleteFile. Database requests: uploads 1 · demands 1 · uploads
 * removal 1 · limits 2.
 */
import { LIMIT_KEEP_DAYS, UPLOAD_KEEP_HOURS } from '../../../types/demands'
import type { cloud as Cloud } from '../../shared/cloud'
import { logLine } from '../../shared/log'
import type { TimerCtx } from '../../shared/router'
import { cloudPathOf } from '../photos'
import { limitCutoff, uploadCutoff } from '../rules/cleanup'

/** Uploads settled per run: a few hundred residents' abandoned drafts a day at most. */
export const UPLOAD_BATCH = 200
/** Limit counters removed per run (a few per active user and day). */
export const LIMIT_BATCH = 1000

/** wx-server-sdk's status for a file that does not exist (TCB_ERR_CODE.STORAGE_FILE_NONEXIST). */
const FILE_GONE = -503003

/** Where the probe goes: outside every owner's folder, so no one can attach it. */
const PROBE_PATH = 'demands/.fileid-probe.txt'

export interface CleanupResult {
  /** Unreferenced old uploads whose file is gone now (deleted, or found gone). */
  deleted: number
  /** Old uploads a demand took: the record is dropped, the file stays. */
  kept: number
  /** Deletes that failed; tried again next run. */
  failed: number
  /** Limit counters removed. */
  limits: number
}

export async function cleanupUploads(ctx: TimerCtx): Promise<CleanupResult> {
  const { store, _, now } = ctx
  const result: CleanupResult = { deleted: 0, kept: 0, failed: 0, limits: 0 }

  const old = await store.uploads.find(
    { at: _.lt(uploadCutoff(now)) },
    { orderBy: [['at', 'asc']], limit: UPLOAD_BATCH, fields: { _id: true, openid: true, cloudPath: true } },
  )
  if (old.length > 0) {
    const prefix = await fileIdPrefix(ctx.cloud)
    const fileIdOf = (cloudPath: string) => prefix + cloudPath
    // Only a photo's owner can attach it (submit's checkPhotos), so the owners' demands are all that can
    // reference these files: one query through the residentOpenid index.
    const owners = [...new Set(old.map((u) => u.openid))]
    const fileIds = old.map((u) => fileIdOf(u.cloudPath))
    const taking = await store.demands.find(
      { residentOpenid: _.in(owners), photos: _.in(fileIds) },
      { limit: 1000, fields: { _id: true, photos: true } },
    )
    const referenced = new Set(taking.flatMap((d) => d.photos.map(cloudPathOf)))
    const settled: string[] = []
    const unreferenced = old.filter((u) => {
      if (!referenced.has(u.cloudPath)) return true
      settled.push(u._id)
      result.kept++
      return false
    })
    if (unreferenced.length > 0) {
      // The SDK answers per file: 0 deleted, STORAGE_FILE_NONEXIST already gone; anything else stays.
      const res = (await ctx.cloud.deleteFile({
        fileList: unreferenced.map((u) => fileIdOf(u.cloudPath)),
      })) as { fileList?: { fileID: string; status: number }[] }
      const gone = new Set(
        (res.fileList ?? []).filter((f) => f.status === 0 || f.status === FILE_GONE).map((f) => f.fileID),
      )
      for (const u of unreferenced) {
        if (gone.has(fileIdOf(u.cloudPath))) {
          settled.push(u._id)
          result.deleted++
        } else result.failed++
      }
    }
    if (settled.length > 0) await store.uploads.removeWhere({ _id: _.in(settled) })
  }

  const counters = await store.limits.find(
    { createdAt: _.lt(limitCutoff(now)) },
    { limit: LIMIT_BATCH, fields: { _id: true } },
  )
  if (counters.length > 0)
    result.limits = await store.limits.removeWhere({ _id: _.in(counters.map((c) => c._id)) })

  logLine(result.failed > 0 ? 'warn' : 'info', {
    fn: 'demands',
    trigger: 'cleanupUploads',
    keepHours: UPLOAD_KEEP_HOURS,
    limitKeepDays: LIMIT_KEEP_DAYS,
    ...result,
  })
  return result
}

/**
 * The environment's file-id prefix (`cloud://<env>.<bucket>/`). A WeChat upload is recorded by its path only
 * (photoSlot hands out the path before the file exists), deleteFile takes file ids, and wx-server-sdk has no
 * call that names the bucket — but uploadFile answers with a file id, so a tiny file at a fixed path tells.
 */
async function fileIdPrefix(cloud: typeof Cloud): Promise<string> {
  const res = (await cloud.uploadFile({
    cloudPath: PROBE_PATH,
    fileContent: Buffer.from('linli'),
  })) as { fileID: string }
  if (!res.fileID.endsWith(`/${PROBE_PATH}`)) throw new Error(`unexpected file id ${res.fileID}`)
  return res.fileID.slice(0, -PROBE_PATH.length)
}
