/**
 * The `reports` function (街道督办): the dashboard summary, the masked lists behind its numbers, digests,
 * the sentiment analysis, five-dimension performance and Excel exports; timers push the daily and weekly
 * digests and the monthly performance list, recount the counters nightly and run large exports.
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
import { performanceReport } from './performance'
import { recount } from './recount'
import { lastMonth, lastWeek, yesterday } from './rules/period'
import { unitsOf } from './scope'
import type { DigestKind, Period } from '../../types/reports'

async function pushDigests(ctx: TimerCtx, kind: DigestKind, period: Period) {
  const out = []
  for (const sd of await subdistrictIds(ctx.db)) {
    // Fired again for a period already stored: push what was stored (messages missing from a run that
    // died half-way are written; the rest are left alone), without building it again.
    const existing = await ctx.store.digests.get(digestId(sd, kind, period))
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

export const main = defineFunction({
  name: 'reports',
  contract: reportsContract,
  handlers: { summary, cases, digest, sentiment, performance, export: exportAction, exportStatus },
  timers: {
    /** 08:00 daily: yesterday's digest. */
    dailyDigest: (ctx) => pushDigests(ctx, 'daily', yesterday(ctx.now)),
    /** 08:00 Monday: last week's digest. */
    weeklyDigest: (ctx) => pushDigests(ctx, 'weekly', lastWeek(ctx.now)),
    /** 07:00 on the 1st: last month's five-dimension list, to officers and committee admins. */
    monthlyPerformance: (ctx) => pushDigests(ctx, 'performance', lastMonth(ctx.now)),
    /** 02:30 nightly: recount the last finished days from the source records and repair drift. */
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
    /** Every minute: large exports waiting or abandoned by a worker that died. */
    exportJobs: async (ctx) => {
      const _ = ctx._
      const jobs = await ctx.store.exports.find(
        _.or([{ state: 'pending' }, { state: 'running', leaseUntil: _.lt(ctx.now) }]),
        { orderBy: [['createdAt', 'asc']], limit: 3, fields: { _id: true } },
      )
      const done = []
      for (const j of jobs) done.push((await runExport(ctx.db, ctx.cloud, j._id, ctx.now))?.state)
      return { jobs: jobs.length, done }
    },
  },
})
