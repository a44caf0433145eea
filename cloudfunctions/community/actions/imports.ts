import type { communityContract, ImportJobDoc } from '../../../types/community'
import { AppError, conflict, invalid, isDuplicateKey, notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { jobView, newJobId, readSheet, runImport, templateFile } from '../importer'
import { loadCommittee, orgAudit } from '../org'
import { parseSheet, unitsToImport } from '../rules/importSheet'

const MAX_FILE_BYTES = 4 * 1024 * 1024

/** 下载导入模板: the .xlsx with the header, examples and the rules in plain words. */
export const importTemplate: Handler<typeof communityContract.importTemplate> = async (input, ctx) => {
  const fileName = input.kind === 'households' ? '家庭档案导入模板.xlsx' : '楼栋房间导入模板.xlsx'
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

/**
 * 检查文件（试导入）: reads the file and lists every problem by its row; nothing is imported. The file comes from
 * storage (WeChat uploads it there first) or inline from the browser build, which is then kept in storage
 * for the run. A retry with the same clientRequestId answers the same check. Four requests.
 */
export const startImport: Handler<typeof communityContract.startImport> = async (input, ctx) => {
  const jobId = newJobId(ctx.caller.openid, input.clientRequestId)
  const [committee, blocks, existing] = await Promise.all([
    loadCommittee(ctx, input.committeeId),
    ctx.store.blocks.find({ committeeId: input.committeeId }, { limit: 1000 }),
    ctx.store.imports.get(jobId),
  ])
  if (existing) return jobView(existing)
  if (committee.retired) throw invalid('committeeId', '这个居委会已撤销，不能导入')
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
  const parsed = parseSheet(
    input.kind,
    rows,
    blocks.filter((b) => !b.retired).map((b) => ({ id: b._id, name: b.name })),
  )
  const job: ImportJobDoc = {
    _id: jobId,
    kind: input.kind,
    openid: ctx.caller.openid,
    subdistrictId: committee.subdistrictId,
    committeeId: committee._id,
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
 * import. The work itself is done by importStatus polls. Four requests.
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
  return jobView({
    ...job,
    state: 'importing',
    goodRowsOnly: input.goodRowsOnly,
    counts: { ...job.counts, skippedRows },
  })
}

/**
 * 导入进度: the caller's own job. A job nobody works on (just confirmed, or its run died) is worked on by this
 * poll for up to IMPORT_SLICE_MS, so a large file needs no timer: the page polls until it is done. This is the
 * background worker, so its requests are counted per batch (importer.ts), not against the action budget.
 */
export const importStatus: Handler<typeof communityContract.importStatus> = async (input, ctx) => {
  let job = await loadJob(ctx, input.jobId)
  if (job.state === 'importing' && isPast(job.leaseUntil, ctx.now)) {
    try {
      job = (await runImport({ store: ctx.store, _: ctx._, now: ctx.now }, job._id)) ?? job
    } catch (err) {
      // The lease runs out and the next poll carries on from the last finished batch.
      if (err instanceof AppError) throw err
      throw conflict('导入中断了，请稍等片刻再看进度，会从中断的地方接着导入')
    }
  }
  return jobView(job)
}

const isPast = (at: unknown, now: Date): boolean =>
  at === undefined || at === null || new Date(at as string | Date).getTime() < now.getTime()
