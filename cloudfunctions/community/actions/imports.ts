import { z } from 'zod'
import {
  BlockDoc,
  CommitteeDoc,
  type communityContract,
  ImportJobDoc,
  type ImportKind,
} from '../../../types/community'
import { lookupRows } from '../../shared/data'
import { forbidden, invalid, isDuplicateKey, notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { jobView, newJobId, readSheet, templateFile } from '../importer'
import { kickImport, runImport } from '../importRun'
import { loadCommittee, orgAudit } from '../org'
import { parseSheet, unitsToImport, type ParsedSheet } from '../rules/importSheet'
import { parseStaffSheet } from '../rules/staffSheet'

const MAX_FILE_BYTES = 4 * 1024 * 1024

/** 下载导入模板: the .xlsx with the header, examples and the rules in plain words. */
const TEMPLATE_NAME: Record<ImportKind, string> = {
  households: '家庭档案导入模板.xlsx',
  buildings: '楼栋房间导入模板.xlsx',
  staff: '工作人员名单导入模板.xlsx',
}

/** A committee admin imports their committee's staff list only; households and buildings are the officer's. */
function allowKind(ctx: Ctx, kind: ImportKind) {
  if (ctx.scope === 'committee' && kind !== 'staff')
    throw invalid('kind', '居委会管理员可以导入工作人员名单；家庭档案和楼栋由街道导入')
}

export const importTemplate: Handler<typeof communityContract.importTemplate> = async (input, ctx) => {
  allowKind(ctx, input.kind)
  const fileName = TEMPLATE_NAME[input.kind]
  const up = (await ctx.cloud.uploadFile({
    cloudPath: `templates/import-${input.kind}-v1.xlsx`,
    fileContent: await templateFile(input.kind),
  })) as { fileID: string }
  const res = (await ctx.cloud.getTempFileURL({ fileList: [up.fileID] })) as {
    fileList: Array<{ tempFileURL?: string }>
  }
  return { url: res.fileList[0]?.tempFileURL ?? '', fileName }
}

async function loadJob(ctx: Ctx, jobId: string): Promise<ImportJobDoc> {
  const job = await ctx.store.imports.get(jobId)
  if (!job || job.openid !== ctx.caller.openid) throw notFound('没有找到这个导入任务')
  return job
}

const CommitteeWithBlocks = CommitteeDoc.extend({ blocks: z.array(BlockDoc) })

/**
 * What a staff list is checked against, in three reads at once: the committees in reach with their blocks (one
 * aggregate), the sub-district's service centers (officers only: a committee admin invites no clerks), and the
 * retry check. An officer's list is the sub-district's (rows name their committee; `committeeId` is the one a
 * row without it means); a committee admin's is their committee's.
 */
async function staffOrg(ctx: Ctx, committeeId: string | undefined, jobId: string) {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  const own = ctx.scope === 'committee' ? me.committeeId : undefined
  if (ctx.scope === 'committee' && (!own || (committeeId && committeeId !== own)))
    throw notFound('没有找到这个居委会')
  const [rows, centers, existing] = await Promise.all([
    ctx.store.committees.aggregate(
      (p) =>
        p
          .match(own ? { _id: own } : { subdistrictId: me.subdistrictId })
          .lookup({
            from: ctx.store.blocks.name,
            localField: '_id',
            foreignField: 'committeeId',
            as: 'blocks',
          })
          .limit(1000),
      CommitteeWithBlocks,
    ),
    own
      ? Promise.resolve([])
      : ctx.store.serviceCenters.find({ subdistrictId: me.subdistrictId }, { limit: 1000 }),
    ctx.store.imports.get(jobId),
  ])
  const wanted = committeeId ?? own
  const committee = wanted ? rows.find((c) => c._id === wanted) : undefined
  if (wanted && !committee) throw notFound('没有找到这个居委会')
  return {
    committee,
    committees: rows.map(({ blocks: _blocks, ...c }) => c),
    blocks: rows.flatMap((c) => c.blocks),
    centers,
    existing,
  }
}

/**
 * 检查文件（试导入）: reads the file and lists every problem by its row; nothing is imported. The file comes from
 * storage (WeChat uploads it there first) or inline from the browser build, which is then kept in storage
 * for the run. A retry with the same clientRequestId answers the same check. Four requests.
 */
export const startImport: Handler<typeof communityContract.startImport> = async (input, ctx) => {
  allowKind(ctx, input.kind)
  const jobId = newJobId(ctx.caller.openid, input.clientRequestId)
  const org =
    input.kind === 'staff'
      ? await staffOrg(ctx, input.committeeId, jobId)
      : await Promise.all([
          loadCommittee(ctx, input.committeeId!),
          ctx.store.blocks.find({ committeeId: input.committeeId! }, { limit: 1000 }),
          ctx.store.imports.get(jobId),
        ]).then(([committee, blocks, existing]) => ({
          committee,
          blocks,
          existing,
          committees: [],
          centers: [],
        }))
  if (org.existing) return jobView(org.existing)
  const committee = org.committee
  if (committee?.retired) throw invalid('committeeId', '这个居委会已撤销，不能导入')
  let file: Buffer
  let fileId = input.fileId
  if (input.contentBase64 !== undefined) {
    file = Buffer.from(input.contentBase64, 'base64')
  } else {
    try {
      const got = (await ctx.cloud.downloadFile({ fileID: input.fileId! })) as { fileContent: Buffer }
      file = got.fileContent
    } catch {
      throw invalid('fileId', '文件读不到了，请重新选择文件')
    }
  }
  if (file.length === 0) throw invalid('fileId', '文件是空的')
  if (file.length > MAX_FILE_BYTES) throw invalid('fileId', '文件太大（不能超过4MB），请分成几个文件导入')
  let rows: string[][]
  try {
    rows = await readSheet(file)
  } catch {
    throw invalid('fileId', '这个文件打不开：请用 Excel 另存为 .xlsx 格式，或用下载的模板填写')
  }
  if (!fileId) {
    const up = (await ctx.cloud.uploadFile({ cloudPath: `imports/${jobId}.xlsx`, fileContent: file })) as {
      fileID: string
    }
    fileId = up.fileID
  }
  const me = ctx.caller.staff!
  const parsed: ParsedSheet =
    input.kind === 'staff'
      ? parseStaffSheet(
          rows,
          { role: me.role, subdistrictId: me.subdistrictId, committeeId: me.committeeId },
          {
            committees: org.committees.map((c) => ({ ...c, id: c._id })),
            blocks: org.blocks.map((b) => ({ ...b, id: b._id })),
            centers: org.centers.map((c) => ({ ...c, id: c._id })),
          },
          committee?._id,
        )
      : parseSheet(
          input.kind,
          rows,
          org.blocks.filter((b) => !b.retired).map((b) => ({ id: b._id, name: b.name })),
        )
  const job: ImportJobDoc = {
    _id: jobId,
    kind: input.kind,
    openid: ctx.caller.openid,
    subdistrictId: committee?.subdistrictId ?? me.subdistrictId,
    ...(committee ? { committeeId: committee._id } : {}),
    fileId,
    fileName: input.fileName,
    state: 'checked',
    rowCount: parsed.rowCount,
    problems: parsed.problems,
    problemCount: parsed.problemCount,
    units: parsed.units,
    goodRowsOnly: false,
    done: 0,
    counts: { created: 0, updated: 0, unchanged: 0, skippedRows: 0 },
    ...(input.kind === 'staff' ? { staffResults: [] } : {}),
    createdAt: ctx.now,
    updatedAt: ctx.now,
  }
  try {
    await ctx.store.imports.add(job)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    return jobView(await loadJob(ctx, jobId))
  }
  return jobView(job)
}

/**
 * 开始导入: a file with problems is imported only when the user chose its good rows; confirming twice is one
 * import. The work itself is done in the background (continueImport, chained): this call starts it and waits
 * briefly, so a small file answers already imported. Four requests, plus the worker's when it finishes in time.
 */
export const confirmImport: Handler<typeof communityContract.confirmImport> = async (input, ctx) => {
  const job = await loadJob(ctx, input.jobId)
  if (job.state !== 'checked') return jobView(job)
  if (job.problemCount > 0 && !input.goodRowsOnly)
    throw invalid(
      'goodRowsOnly',
      `文件里有${job.problemCount}处问题，请改好后重新选择文件，或选择“只导入没有问题的行”`,
    )
  if (unitsToImport(job.units, input.goodRowsOnly).length === 0)
    throw invalid('jobId', '文件里没有可以导入的内容')
  const badRows = new Set(job.problems.map((p) => p.row)).size
  const skippedRows = input.goodRowsOnly
    ? Math.max(badRows, job.problemCount > job.problems.length ? job.problemCount : 0)
    : 0
  const started = await ctx.store.imports.updateWhere(
    { _id: job._id, state: 'checked' },
    {
      state: 'importing',
      goodRowsOnly: input.goodRowsOnly,
      counts: { ...job.counts, skippedRows },
      leaseUntil: new Date(0),
      updatedAt: ctx.now,
    },
  )
  if (started === 0) return jobView(await loadJob(ctx, job._id))
  await ctx.store.audit.add(
    orgAudit(ctx, 'confirmImport', 'import', job._id, null, {
      kind: job.kind,
      committeeId: job.committeeId,
      fileName: job.fileName,
      goodRowsOnly: input.goodRowsOnly,
      problems: job.problemCount,
    }),
  )
  return (
    (await kickImport(ctx.cloud, job._id)) ??
    jobView({
      ...job,
      state: 'importing',
      goodRowsOnly: input.goodRowsOnly,
      counts: { ...job.counts, skippedRows },
    })
  )
}

/**
 * 导入进度: the caller's own job, read only (two requests with the caller). A job whose run stopped (its lease
 * ran out: the instance was killed, or a hand-on was lost) is started again, by a call, not a database request.
 */
export const importStatus: Handler<typeof communityContract.importStatus> = async (input, ctx) => {
  const job = await loadJob(ctx, input.jobId)
  if (job.state === 'importing' && isPast(job.leaseUntil, ctx.now))
    return (await kickImport(ctx.cloud, job._id)) ?? jobView(job)
  return jobView(job)
}

/**
 * 后台导入, the worker: one slice (IMPORT_SLICE_MS) of the caller's own job, unless a live run holds it; when
 * the slice ran out before the file did, it calls itself for the next slice and answers. One aggregate reads
 * the job with its committee's blocks (for the buildings and rooms the file adds); the run's own requests are
 * counted per household (importRun.ts).
 */
export const continueImport: Handler<typeof communityContract.continueImport> = async (input, ctx) => {
  const [row] = await ctx.store.imports.aggregate(
    (p) =>
      p.match({ _id: input.jobId }).lookup({
        from: ctx.store.blocks.name,
        localField: 'committeeId',
        foreignField: 'committeeId',
        as: 'blocks',
      }),
    JobWithBlocks,
  )
  if (!row || row.openid !== ctx.caller.openid) throw notFound('没有找到这个导入任务')
  const { blocks, ...job } = row
  if (job.state !== 'importing' || !isPast(job.leaseUntil, ctx.now)) return jobView(job)
  const after = (await runImport({ store: ctx.store, _: ctx._, now: ctx.now, blocks }, job)) ?? job
  if (after.state === 'importing' && isPast(after.leaseUntil, ctx.now))
    return (await kickImport(ctx.cloud, job._id)) ?? jobView(after)
  return jobView(after)
}

/** A job with its committee's blocks (none for a staff list without one). */
const JobWithBlocks = ImportJobDoc.extend({ blocks: lookupRows('blocks') })

const isPast = (at: unknown, now: Date): boolean =>
  at === undefined || at === null || new Date(at as string | Date).getTime() < now.getTime()
