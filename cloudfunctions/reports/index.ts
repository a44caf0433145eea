/**
 * The `reports` function (街道督办): the dashboard summary, the masked lists behind its numbers, digests,
 * the sentiment analysis, five-dimension performance and Excel exports. One hourly timer (the platform allows
 * one per function) runs what is due by Beijing time (rules/schedule.ts): the daily and weekly digests, the
 * monthly performance list, the nightly recount and the sweep of large exports nobody is polling.
 * Each job also answers a timer event under its own name (a console test event), which runs it alone.
 * Contract and counter names: types/reports.ts.
 */
import { reportsContract } from '../../types/reports'
import { logLine } from '../shared/log'
import { defineFunction, type TimerCtx } from '../shared/router'
import { cases } from './actions/cases'
import { digest } from './actions/digest'
import { exportAction, exportStatus } from './actions/export'
import { performance } from './actions/performance'
import { sentiment } from './actions/sentiment'
import { summary } from './actions/summary'
import { buildDigest, digestId, publishDigest, recipients, subdistrictIds } from './digests'
import { runExport } from './exporter'
import { expireExports } from './expiry'
import { performanceReport } from './performance'
import { recount } from './recount'
import { lastMonth, lastWeek, yesterday } from './rules/period'
import { jobsDue, type ReportJob } from './rules/schedule'
import { unitsOf } from './scope'
import type { DigestKind, Period } from '../../types/reports'

/**
 * No new job starts after this much of a run (the function's timeout is 60 s, cloudfunctions/functions.ts);
 * what is left is caught up by the next hour's run.
 */
const TICK_BUDGET_MS = 30_000

async function pushDigests(ctx: TimerCtx, kind: DigestKind, period: Period, catchUp = false) {
  const out = []
  for (const sd of await subdistrictIds(ctx.db)) {
    // Fired again for a period already stored: push what was stored (messages missing from a run that
    // died half-way are written; the rest are left alone), without building it again. A catch-up run
    // leaves a stored digest alone altogether.
    const existing = await ctx.store.digests.get(digestId(sd, kind, period))
    if (existing && catchUp) continue
    let doc = existing
    if (!doc) {
      const units = await unitsOf(ctx.db, sd)
      const perf = kind === 'performance' ? await performanceReport(ctx.db, sd, units, period) : undefined
      doc = await buildDigest(ctx.db, sd, kind, period, ctx.now, units, perf)
    }
    const res = await publishDigest(
      ctx.db,
      doc,
      await recipients(ctx.db, sd, kind),
      ctx.now,
      existing !== null,
    )
    out.push({ subdistrictId: sd, id: doc._id, ...res })
  }
  return out
}

/** Each scheduled job; `catchUp` runs it only if it has not been done (rules/schedule.ts). */
const JOBS: Record<ReportJob, (ctx: TimerCtx, catchUp: boolean, budgetEnd: number) => Promise<unknown>> = {
  /** 08:00 daily: yesterday's digest. */
  dailyDigest: (ctx, catchUp) => pushDigests(ctx, 'daily', yesterday(ctx.now), catchUp),
  /** 08:00 Monday: last week's digest. */
  weeklyDigest: (ctx, catchUp) => pushDigests(ctx, 'weekly', lastWeek(ctx.now), catchUp),
  /** 07:00 on the 1st: last month's five-dimension list, to officers and committee admins. */
  monthlyPerformance: (ctx, catchUp) => pushDigests(ctx, 'performance', lastMonth(ctx.now), catchUp),
  /** 02:00 nightly: recount the last finished days from the source records and repair drift. */
  recount: async (ctx) => {
    const reports = []
    for (const sd of await subdistrictIds(ctx.db)) {
      const report = await recount(ctx.db, sd, ctx.now)
      logLine(report.repaired.length ? 'warn' : 'info', {
        fn: 'reports',
        trigger: 'recount',
        subdistrictId: sd,
        checked: report.checked,
        repaired: report.repaired.length,
        repairs: JSON.stringify(report.repaired.slice(0, 20)).slice(0, 2000),
      })
      reports.push(report)
    }
    return reports
  },
  /**
   * Every run: large exports nobody is polling (a poll of exportStatus runs its own job), or abandoned by a
   * worker that died. At most three, and none started past the run's budget.
   */
  exportJobs: async (ctx, _catchUp, budgetEnd) => {
    const _ = ctx._
    const jobs = await ctx.store.exports.find(
      _.or([{ state: 'pending' }, { state: 'running', leaseUntil: _.lt(ctx.now) }]),
      { orderBy: [['createdAt', 'asc']], limit: 3, fields: { _id: true } },
    )
    const done = []
    for (const j of jobs) {
      if (Date.now() > budgetEnd) break
      done.push((await runExport(ctx.db, ctx.cloud, j._id, ctx.now))?.state)
    }
    return { jobs: jobs.length, done }
  },
  /** Every run: exports older than EXPORT_KEEP_DAYS lose their file (expiry.ts). */
  expireExports: (ctx) => expireExports(ctx.db, ctx.cloud, ctx.now),
}

export const main = defineFunction({
  name: 'reports',
  contract: reportsContract,
  handlers: { summary, cases, digest, sentiment, performance, export: exportAction, exportStatus },
  timers: {
    /** The one trigger, on the hour: whatever is due now. */
    hourly: async (ctx) => {
      const budgetEnd = Date.now() + TICK_BUDGET_MS
      const ran: Array<{ job: ReportJob; catchUp: boolean; result: unknown }> = []
      const deferred: ReportJob[] = []
      for (const { job, catchUp } of jobsDue(ctx.now)) {
        if (Date.now() > budgetEnd) deferred.push(job)
        else ran.push({ job, catchUp, result: await JOBS[job](ctx, catchUp, budgetEnd) })
      }
      if (deferred.length) logLine('warn', { fn: 'reports', trigger: 'hourly', deferred: deferred.join(',') })
      return { ran, deferred }
    },
    dailyDigest: (ctx) => JOBS.dailyDigest(ctx, false, Date.now() + TICK_BUDGET_MS),
    weeklyDigest: (ctx) => JOBS.weeklyDigest(ctx, false, Date.now() + TICK_BUDGET_MS),
    monthlyPerformance: (ctx) => JOBS.monthlyPerformance(ctx, false, Date.now() + TICK_BUDGET_MS),
    recount: (ctx) => JOBS.recount(ctx, false, Date.now() + TICK_BUDGET_MS),
    exportJobs: (ctx) => JOBS.exportJobs(ctx, false, Date.now() + TICK_BUDGET_MS),
    expireExports: (ctx) => JOBS.expireExports(ctx, false, Date.now() + TICK_BUDGET_MS),
  },
})
