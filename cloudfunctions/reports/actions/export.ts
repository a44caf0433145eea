import type { ExportJobDoc, reportsContract } from '../../../types/reports'
import { derivedId, newId } from '../../shared/ids'
import { notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { INLINE_ROWS, countRows, jobView, runExport } from '../exporter'
import { resolvePeriod } from '../rules/period'
import { reach } from '../scope'

/**
 * 导出 Excel: writes the job; small ones finish now, large ones are run by the app's next progress poll
 * (exportStatus), or by the hourly sweep if nobody polls.
 */
export const exportAction: Handler<typeof reportsContract.export> = async (input, ctx) => {
  const period = resolvePeriod(input, ctx.now, input.kind === 'performance' ? 'lastMonth' : { days: 30 })
  const r = await reach(ctx, input.committeeId)
  const base = {
    kind: input.kind,
    units: [...r.units],
    period,
    category: input.category,
    status: input.status,
  }
  const total = await countRows(ctx.db, base)
  const jobId = derivedId(ctx.caller.openid, 'reports.export', newId())
  const label = input.kind === 'demands' ? '诉求明细' : '五维绩效'
  const job: ExportJobDoc = {
    _id: jobId,
    ...base,
    ...(input.category ? {} : { category: undefined }),
    openid: ctx.caller.openid,
    subdistrictId: r.subdistrictId,
    state: 'pending',
    done: 0,
    total: input.kind === 'demands' ? total : 1,
    fileName: `${label}_${period.from}_${period.to}.xlsx`,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  await ctx.store.exports.add(job)
  if (input.kind === 'performance' || total <= INLINE_ROWS) {
    const done = await runExport(ctx.db, ctx.cloud, jobId, ctx.now)
    return jobView(ctx.cloud, done ?? job)
  }
  return jobView(ctx.cloud, job)
}

/**
 * 导出进度: the caller's own job only. A job nobody works on (waiting, or its worker's lease run out) is run
 * by this poll, so a large export needs no every-minute timer: at 50,000 rows it takes about 7 s
 * (bench/RESULTS.md), inside the function's 60 s. A poll while another one works on it answers the progress.
 */
export const exportStatus: Handler<typeof reportsContract.exportStatus> = async (input, ctx) => {
  let job = await ctx.store.exports.get(input.jobId)
  if (!job || job.openid !== ctx.caller.openid) throw notFound('没有找到这个导出任务')
  const idle = job.state === 'pending' || (job.state === 'running' && isPast(job.leaseUntil, ctx.now))
  if (idle) job = (await runExport(ctx.db, ctx.cloud, job._id, ctx.now)) ?? job
  return jobView(ctx.cloud, job)
}

const isPast = (at: unknown, now: Date): boolean =>
  at === undefined || at === null || new Date(at as string | Date).getTime() < now.getTime()
