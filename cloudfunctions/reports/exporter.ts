/**
 * Excel exports (导出): the demands of a period with filters, or the five-dimension table, as .xlsx with
 * personal data masked. Small exports finish inside the call; large ones are run by the app's next progress
 * poll (`exportStatus`) or, if nobody polls, by the hourly timer's sweep (`exportJobs`); the worker writes
 * progress on the job as it goes and puts the file into storage.
 */
import { PassThrough } from 'node:stream'
import type { Workbook } from 'exceljs'
import { z } from 'zod'
import { OPEN_STATUSES, SATISFACTION_LABEL, STATUS_LABEL } from '../../types/demands'
import type {
  ExportJob,
  ExportJobDoc,
  FiveDimensions,
  PerformanceOutput,
  WindowDimensions,
} from '../../types/reports'
import type { cloud as Cloud, Database } from '../shared/cloud'
import { storeOf, type WhereFields } from '../shared/data'
import { logLine } from '../shared/log'
import { performanceReport } from './performance'
import { dayStart, periodEnd } from './rules/period'
import { caseNames, type CaseNames } from './mask'
import { maskName, maskText } from './rules/mask'
import { blockNames, committeeIdsOf } from './scope'
import { categoryLabel, forEachSubmittedPage, toDate, type ExportRow } from './source'

/** Up to this many rows an export is written inside the call. */
export const INLINE_ROWS = 2000
/** A running job whose worker went silent this long (past the 60 s timeout) is taken over by the next poll or timer run. */
const LEASE_MS = 75_000
const EXCERPT = 100

type ExcelModule = typeof import('exceljs')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const excel = (): ExcelModule => require('exceljs') as ExcelModule

export function demandsWhere(
  db: Database,
  job: Pick<ExportJobDoc, 'units' | 'period' | 'category' | 'status'>,
  committeeIds: readonly string[] = committeeIdsOf(job.units),
): WhereFields<'demands'> {
  const _ = db.command
  const where: Record<string, unknown> = {
    committeeId: _.in([...committeeIds]),
    submittedAt: _.and(_.gte(dayStart(job.period.from)), _.lt(periodEnd(job.period))),
  }
  if (job.category) where.category = job.category
  if (job.status === 'open') where.status = _.in([...OPEN_STATUSES])
  else if (job.status) where.status = job.status
  return where
}

const fmt = (v: unknown): string => {
  if (v === undefined || v === null || v === '') return ''
  const d = toDate(v)
  // Shanghai wall-clock time, as the committees read it.
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}
const pct = (r: number | null): string => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)
const num = (n: number | null): string | number => (n === null ? '—' : n)

/** The five dimensions as spreadsheet columns: header and value. */
const DIMENSION_COLUMNS: [string, (f: FiveDimensions) => string | number][] = [
  ['处理诉求数', (f) => f.quantity.demandsHandled],
  ['走访户次', (f) => f.quantity.visitsMade],
  ['窗口办结数', (f) => f.quantity.bookingsServed],
  ['首次响应时长中位数(小时)', (f) => num(f.efficiency.medianFirstResponseHours)],
  ['24小时响应率', (f) => pct(f.efficiency.answeredIn24hRate)],
  ['即答即办率', (f) => pct(f.efficiency.answeredAtOnceRate)],
  ['办结时长中位数(小时)', (f) => num(f.efficiency.medianResolutionHours)],
  ['微实事', (f) => f.value.microMatters],
  ['上报件办结', (f) => f.value.escalationsResolved],
  ['发现能人', (f) => f.value.talentsFound],
  ['诉求满意率', (f) => pct(f.rating.demandSatisfactionRate)],
  ['窗口满意率', (f) => pct(f.rating.windowSatisfactionRate)],
  ['重新办理率', (f) => pct(f.quality.reopenRate)],
  ['超期件数', (f) => f.quality.overdueCount],
  ['未经调研不予办理', (f) => f.quality.rejectionsWithoutResearch],
]

/** A window clerk's own five dimensions (`WindowDimensions`), on their own sheet: demands are not their work. */
export const WINDOW_COLUMNS: [string, (w: WindowDimensions) => string | number][] = [
  ['办结件数（含未办结）', (w) => w.quantity.casesFinished],
  ['窗口用时中位数(分钟)', (w) => num(w.efficiency.medianMinutesAtWindow)],
  ['加权件数（按事项分值）', (w) => w.value.weightedCases],
  ['窗口满意率', (w) => pct(w.rating.windowSatisfactionRate)],
  ['未办结率', (w) => pct(w.quality.notDoneRate)],
  ['差评率', (w) => pct(w.quality.complaintRate)],
  ['常办事项持证率', (w) => pct(w.quality.certificationCoverage)],
]

export const DEMAND_HEADERS = [
  '编号',
  '居委会',
  '片区',
  '类别',
  '内容摘要',
  '状态',
  '提交时间',
  '首次响应时间',
  '办结时间',
  '是否超时',
  '满意度',
  '居民',
]

/** A 不满意 rating as the demands feature keeps it beside the case it reopened. */
const LastRating = z.object({ level: z.string() })

async function writeWorkbook(
  fill: (wb: Workbook | import('exceljs').stream.xlsx.WorkbookWriter) => Promise<void>,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  const stream = new PassThrough()
  stream.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', () => resolve())
    stream.on('error', reject)
  })
  const wb = new (excel().stream.xlsx.WorkbookWriter)({ stream, useStyles: false, useSharedStrings: false })
  await fill(wb)
  await wb.commit()
  await done
  return Buffer.concat(chunks)
}

/** The demands sheet of `fill`'s pages (forEachSubmittedPage's order), with `progress` after each page. */
function demandsSheet(
  names: CaseNames,
  fill: (each: (page: readonly ExportRow[]) => Promise<void>) => Promise<void>,
  progress: (done: number) => Promise<void> = async () => {},
): Promise<Buffer> {
  return writeWorkbook(async (wb) => {
    const ws = wb.addWorksheet('诉求')
    ws.addRow(DEMAND_HEADERS).commit()
    let done = 0
    await fill(async (page) => {
      for (const d of page) {
        const level = d.rating?.level ?? LastRating.safeParse(d.lastRating).data?.level
        ws.addRow([
          d._id,
          names.unit(d.committeeId),
          names.block(d.blockId),
          categoryLabel(d.category),
          maskText(d.text ?? '', { max: EXCERPT, names: [d.residentName] }),
          (STATUS_LABEL as Record<string, string>)[d.status] ?? d.status,
          fmt(d.submittedAt),
          fmt(d.firstRespondedAt),
          fmt(d.resolvedAt),
          d.overdue ? '是' : '否',
          level ? ((SATISFACTION_LABEL as Record<string, string>)[level] ?? '') : '',
          maskName(d.residentName),
        ]).commit()
      }
      done += page.length
      await progress(done)
    })
    ws.commit()
  })
}

async function demandsWorkbook(
  db: Database,
  job: ExportJobDoc,
  progress: (done: number) => Promise<void>,
): Promise<Buffer> {
  const committeeIds = committeeIdsOf(job.units)
  const names = caseNames(job.units, await blockNames(db, committeeIds))
  const { committeeId: _c, submittedAt: _s, ...extra } = demandsWhere(db, job, committeeIds)
  return demandsSheet(
    names,
    (each) =>
      forEachSubmittedPage(db, committeeIds, dayStart(job.period.from), periodEnd(job.period), extra, each),
    progress,
  )
}

/**
 * A small export finished inside the call: the file is made from what the call read and the job is written
 * once, done (or failed), in one request — nothing to take over, no progress to write.
 */
export async function exportNow(
  db: Database,
  cloud: typeof Cloud,
  job: ExportJobDoc,
  make: { demands: readonly ExportRow[]; names: CaseNames } | { performance: PerformanceOutput },
): Promise<ExportJobDoc> {
  const started = Date.now()
  let doc: ExportJobDoc
  try {
    const file =
      'demands' in make
        ? await demandsSheet(make.names, async (each) => each(make.demands))
        : await performanceSheets(make.performance)
    const up = (await cloud.uploadFile({ cloudPath: `exports/${job._id}.xlsx`, fileContent: file })) as {
      fileID: string
    }
    doc = {
      ...job,
      state: 'done',
      fileId: up.fileID,
      done: job.total,
      updatedAt: new Date(toDate(job.updatedAt).getTime() + (Date.now() - started)),
    }
    logLine('info', {
      fn: 'reports',
      job: job._id,
      rows: job.total,
      bytes: file.length,
      durationMs: Date.now() - started,
      outcome: 'export-done',
    })
  } catch (err) {
    logLine('error', {
      fn: 'reports',
      job: job._id,
      outcome: 'export-failed',
      error: String(err).slice(0, 300),
    })
    doc = { ...job, state: 'failed', error: '导出失败，请稍后重试' }
  }
  await storeOf(db).exports.add(doc)
  return doc
}

async function performanceWorkbook(db: Database, job: ExportJobDoc): Promise<Buffer> {
  return performanceSheets(await performanceReport(db, job.subdistrictId, job.units, job.period))
}

function performanceSheets(report: PerformanceOutput): Promise<Buffer> {
  return writeWorkbook(async (wb) => {
    const people = wb.addWorksheet('人员')
    people.addRow(['姓名', '岗位', '单位', ...DIMENSION_COLUMNS.map(([h]) => h)]).commit()
    for (const s of report.staff)
      people.addRow([s.name, s.role, s.unitName, ...DIMENSION_COLUMNS.map(([, f]) => f(s))]).commit()
    people.commit()
    const clerks = wb.addWorksheet('窗口人员')
    clerks.addRow(['姓名', '单位', ...WINDOW_COLUMNS.map(([h]) => h)]).commit()
    for (const s of report.staff)
      if (s.window)
        clerks.addRow([s.name, s.unitName, ...WINDOW_COLUMNS.map(([, f]) => f(s.window!))]).commit()
    clerks.commit()
    const units = wb.addWorksheet('单位')
    units.addRow(['单位', ...DIMENSION_COLUMNS.map(([h]) => h)]).commit()
    for (const u of report.units)
      units.addRow([u.unitName, ...DIMENSION_COLUMNS.map(([, f]) => f(u))]).commit()
    units.commit()
  })
}

/** Takes the job if nobody is working on it; false when another run holds it. */
async function acquire(db: Database, job: ExportJobDoc, now: Date): Promise<boolean> {
  const _ = db.command
  const updated = await storeOf(db).exports.updateWhere(
    _.and([{ _id: job._id }, _.or([{ state: 'pending' }, { state: 'running', leaseUntil: _.lt(now) }])]),
    { state: 'running', leaseUntil: new Date(now.getTime() + LEASE_MS), updatedAt: now },
  )
  return updated === 1
}

export async function runExport(
  db: Database,
  cloud: typeof Cloud,
  jobId: string,
  now: Date,
): Promise<ExportJobDoc | null> {
  const exports = storeOf(db).exports
  const job = await exports.get(jobId)
  if (!job || job.state === 'done' || job.state === 'failed') return job
  if (!(await acquire(db, job, now))) return job
  const started = Date.now()
  try {
    const progress = async (done: number) => {
      const at = new Date(now.getTime() + (Date.now() - started))
      await exports.update(jobId, { done, leaseUntil: new Date(at.getTime() + LEASE_MS), updatedAt: at })
    }
    const file =
      job.kind === 'demands' ? await demandsWorkbook(db, job, progress) : await performanceWorkbook(db, job)
    const up = (await cloud.uploadFile({ cloudPath: `exports/${jobId}.xlsx`, fileContent: file })) as {
      fileID: string
    }
    const at = new Date(now.getTime() + (Date.now() - started))
    await exports.update(jobId, {
      state: 'done',
      fileId: up.fileID,
      done: job.kind === 'demands' ? job.total : 1,
      updatedAt: at,
    })
    logLine('info', {
      fn: 'reports',
      job: jobId,
      rows: job.total,
      bytes: file.length,
      durationMs: Date.now() - started,
      outcome: 'export-done',
    })
  } catch (err) {
    logLine('error', {
      fn: 'reports',
      job: jobId,
      outcome: 'export-failed',
      error: String(err).slice(0, 300),
    })
    await exports.update(jobId, { state: 'failed', error: '导出失败，请稍后重试', updatedAt: now })
  }
  return exports.get(jobId)
}

/** The job as the app sees it, with a fresh temporary download link once done. */
export async function jobView(cloud: typeof Cloud, job: ExportJobDoc): Promise<ExportJob> {
  let url: string | undefined
  if (job.state === 'done' && job.fileId) {
    const res = (await cloud.getTempFileURL({ fileList: [job.fileId] })) as {
      fileList: { tempFileURL?: string }[]
    }
    url = res.fileList[0]?.tempFileURL || undefined
  }
  return {
    jobId: job._id,
    status: job.state,
    kind: job.kind,
    done: job.done,
    total: job.total,
    fileName: job.fileName,
    ...(url ? { url } : {}),
    ...(job.error ? { error: job.error } : {}),
  }
}
