import type { ExportJobDoc, reportsContract } from '../../../types/reports'
import { derivedId, newId } from '../../shared/ids'
import { notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { z } from 'zod'
import { MAX_PAGE } from '../../shared/data'
import { INLINE_ROWS, demandsWhere, exportNow, jobView, runExport } from '../exporter'
import { caseNames } from '../mask'
import { performanceReport } from '../performance'
import { resolvePeriod } from '../rules/period'
import { blockRead, knownCommittees, reach, reachWith, type Reach } from '../scope'
import { EXPORT_FIELDS } from '../source'

const Count = z.object({ n: z.number() })

/**
 * 导出 Excel: up to INLINE_ROWS rows (and the performance table) are made inside the call and the job is
 * written once, done; a larger export writes its job waiting, and the app's next progress poll
 * (exportStatus), or the hourly sweep if nobody polls, runs it. The units, block names and row count are
 * one request, the rows one more (two past a page).
 */
export const exportAction: Handler<typeof reportsContract.export> = async (input, ctx) => {
  const period = resolvePeriod(input, ctx.now, input.kind === 'performance' ? 'lastMonth' : { days: 30 })
  const filter = { kind: input.kind, period, category: input.category, status: input.status }
  return input.kind === 'performance'
    ? exportPerformance(ctx, input, filter)
    : exportDemands(ctx, input, filter)
}

type Filter = Pick<ExportJobDoc, 'kind' | 'period' | 'category' | 'status'>

function newJob(ctx: Ctx, r: Reach, filter: Filter, total: number): ExportJobDoc {
  const label = filter.kind === 'demands' ? '诉求明细' : '五维绩效'
  return {
    _id: derivedId(ctx.caller.openid, 'reports.export', newId()),
    ...filter,
    units: [...r.units],
    ...(filter.category ? {} : { category: undefined }),
    openid: ctx.caller.openid,
    subdistrictId: r.subdistrictId,
    state: 'pending',
    done: 0,
    total,
    fileName: `${label}_${filter.period.from}_${filter.period.to}.xlsx`,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
}

async function exportPerformance(ctx: Ctx, input: { committeeId?: string }, filter: Filter) {
  const r = await reach(ctx, input.committeeId)
  const report = await performanceReport(ctx.db, r.subdistrictId, r.units, filter.period)
  return jobView(
    ctx.cloud,
    await exportNow(ctx.db, ctx.cloud, newJob(ctx, r, filter, 1), { performance: report }),
  )
}

async function exportDemands(ctx: Ctx, input: { committeeId?: string }, filter: Filter) {
  const _ = ctx._
  const known = knownCommittees(ctx, input.committeeId)
  // Read with the units, before they are known: the count is of the committees known, or of the whole
  // sub-district.
  const { committeeId: _c, ...rest } = demandsWhere(ctx.db, { ...filter, units: [] }, [])
  const counted = known
    ? { ...rest, committeeId: _.in(known) }
    : { ...rest, subdistrictId: ctx.caller.staff?.subdistrictId }
  const r = await reachWith(ctx, input.committeeId, {
    blocks: blockRead(_, known),
    total: { from: 'demands', where: counted, count: true, row: Count },
  })
  const job = newJob(ctx, r, filter, r.also.total[0]?.n ?? 0)
  if (job.total > INLINE_ROWS) {
    await ctx.store.exports.add(job)
    return jobView(ctx.cloud, job)
  }
  // The committees in id order (the units' order), each in submission order: the order of a background run.
  const where = demandsWhere(ctx.db, job)
  const pages = await Promise.all(
    Array.from({ length: Math.max(1, Math.ceil(job.total / MAX_PAGE)) }, (_x, i) =>
      ctx.store.demands.find(where, {
        orderBy: [
          ['committeeId', 'asc'],
          ['submittedAt', 'asc'],
          ['_id', 'asc'],
        ],
        skip: i * MAX_PAGE,
        limit: MAX_PAGE,
        fields: EXPORT_FIELDS,
      }),
    ),
  )
  const names = caseNames(r.units, new Map(r.also.blocks.map((b) => [b._id, b.name])))
  return jobView(ctx.cloud, await exportNow(ctx.db, ctx.cloud, job, { demands: pages.flat(), names }))
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
