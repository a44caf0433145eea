/**
 * When the demands function cleans up storage (清理上传). The platform allows one timer trigger per function
 * and demands' is the hourly SLA scan, so the cleanup rides on it: only the run in CLEANUP_HOUR (Beijing
 * time, when nobody uploads) does it. A second fire in that hour repeats it harmlessly — what was deleted is
 * gone from the records, and what is left is what the first left.
 */
import { LIMIT_KEEP_DAYS, UPLOAD_KEEP_HOURS } from '../../../types/demands'

/** Beijing hour of the daily cleanup. */
export const CLEANUP_HOUR = 3

const SHANGHAI_OFFSET_MS = 8 * 3_600_000 // no daylight saving since 1991
const HOUR_MS = 3_600_000

/** Whether the hourly run at `now` also does the daily cleanup. */
export const cleanupDue = (now: Date): boolean =>
  new Date(now.getTime() + SHANGHAI_OFFSET_MS).getUTCHours() === CLEANUP_HOUR

/** Uploads made before this and referenced by no demand are deleted. */
export const uploadCutoff = (now: Date): Date => new Date(now.getTime() - UPLOAD_KEEP_HOURS * HOUR_MS)

/** Limit counters created before this are removed: a day's or an hour's window ended long ago. */
export const limitCutoff = (now: Date): Date => new Date(now.getTime() - LIMIT_KEEP_DAYS * 24 * HOUR_MS)
