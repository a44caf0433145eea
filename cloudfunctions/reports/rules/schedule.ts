/**
 * Which scheduled reports jobs are due at a given moment. The platform allows one timer trigger per function,
 * so `reports` has one, on the hour, and this rule decides what each run does — by Beijing time, like the
 * timers themselves.
 *
 * Missed and repeated runs: a digest is stored once per (sub-district, kind, period) and the period depends
 * only on the day (daily), the week (weekly) or the month (monthly), so a later run the same day builds the
 * same digest. The scheduled hour re-pushes an existing digest (a timer that fires twice, or a run that died
 * half-way, sends each missing message once); the hours after it are catch-up runs that only build a digest
 * that does not exist yet, so a missed hour costs nothing but a late digest, and a normal day one read per
 * sub-district and hour. The recount is not caught up: it rechecks the last seven finished days every night.
 * Exports waiting for a worker are swept every run.
 */
export type ReportJob =
  'recount' | 'monthlyPerformance' | 'weeklyDigest' | 'dailyDigest' | 'exportJobs' | 'expireExports'

export interface DueJob {
  readonly job: ReportJob
  /** A run after the scheduled hour: do the job only if it has not been done. */
  readonly catchUp: boolean
}

/** Beijing hours of the scheduled jobs. */
export const SCHEDULE = {
  /** Finished days recounted before anyone reads them. */
  recount: 2,
  /** On the 1st of the month. */
  monthlyPerformance: 7,
  /** On Mondays. */
  weeklyDigest: 8,
  dailyDigest: 8,
} as const

const SHANGHAI_OFFSET_MS = 8 * 3_600_000 // no daylight saving since 1991

/** Jobs due at `now`, in the order to run them (the longest-waiting readers first, exports last). */
export function jobsDue(now: Date): DueJob[] {
  const local = new Date(now.getTime() + SHANGHAI_OFFSET_MS)
  const hour = local.getUTCHours()
  const monday = local.getUTCDay() === 1
  const first = local.getUTCDate() === 1
  const due: DueJob[] = []
  const at = (job: ReportJob, scheduledHour: number, onDay = true) => {
    if (onDay && hour >= scheduledHour) due.push({ job, catchUp: hour > scheduledHour })
  }
  if (hour === SCHEDULE.recount) due.push({ job: 'recount', catchUp: false })
  at('monthlyPerformance', SCHEDULE.monthlyPerformance, first)
  at('weeklyDigest', SCHEDULE.weeklyDigest, monday)
  at('dailyDigest', SCHEDULE.dailyDigest)
  due.push({ job: 'exportJobs', catchUp: false })
  // Every run, after the exports: a bounded sweep that usually reads one empty page, and a missed hour is
  // simply done by the next.
  due.push({ job: 'expireExports', catchUp: false })
  return due
}

/**
 * Export files hold a sub-district's cases: they are kept this many days, then deleted (the job says
 * 已过期，请重新导出), so a link or file id that leaks stops working and storage does not grow forever.
 */
export const EXPORT_KEEP_DAYS = 7

/** Exports created before this moment have expired. */
export const exportExpiryCutoff = (now: Date): Date => new Date(now.getTime() - EXPORT_KEEP_DAYS * 86_400_000)
