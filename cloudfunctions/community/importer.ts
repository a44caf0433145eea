/**
 * Excel 导入, the work behind the actions: reading the .xlsx, the template, and the run that writes what a
 * checked file holds. A run takes a lease on the job, works through the units in batches of IMPORT_BATCH and
 * records how far it got after each batch; a run that dies is resumed by the next poll once its lease has run
 * out. Every write is keyed by the household's address (committee + block + building + room), so a batch done
 * twice writes each household once: what the first run wrote reads back as unchanged.
 *
 * Database requests per batch of 50 households: one read of the batch's addresses, then per household that
 * changes two writes (its version record, then the household), and one write of the job's progress — 2 for a
 * file that changes nothing, at most 102. The end of a run adds one read of the committee's blocks, one write
 * per block whose buildings or rooms grew, one audit entry and the job's final state.
 */
import type {
  BlockDoc,
  ImportCounts,
  ImportJobDoc,
  ImportJobView,
  ImportKind,
  ImportUnit,
} from '../../types/community'
import type { HouseholdDoc, HouseholdVersionDoc, MemberTag } from '../../types/visits'
import type { Command } from '../shared/cloud'
import { isDuplicateKey } from '../shared/errors'
import { derivedId, newId } from '../shared/ids'
import type { Store } from '../shared/data'
import { activeNames, mergeUnits, unitsOf } from './rules/org'
import { COLUMNS, mergeMembers, unitsToImport } from './rules/importSheet'

export const IMPORT_BATCH = 50
/** A run starts no batch after this long (the function's timeout is 20 s). */
export const IMPORT_SLICE_MS = 8_000
/** A run's hold on its job; a run that died is taken over after this. */
export const IMPORT_LEASE_MS = 30_000

type ExcelModule = typeof import('exceljs')
// eslint-disable-next-line @typescript-eslint/no-require-imports
const excel = (): ExcelModule => require('exceljs') as ExcelModule

/** The first sheet as rows of cell texts (row 1 first). */
export async function readSheet(file: Buffer): Promise<string[][]> {
  const wb = new (excel().Workbook)()
  await wb.xlsx.load(file as unknown as ArrayBuffer)
  const ws = wb.worksheets[0]
  if (!ws) return []
  const rows: string[][] = []
  const width = Math.max(ws.columnCount, 1)
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r)
    const cells: string[] = []
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)))
    rows.push(cells)
  }
  return rows
}

function cellText(cell: { value: unknown; text?: string }): string {
  const v = cell.value
  if (v === null || v === undefined) return ''
  // A phone typed as a number comes back as a number: its digits, never 1.38e10.
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v)
  try {
    return String(cell.text ?? '')
  } catch {
    return ''
  }
}

const EXAMPLES: Record<ImportKind, string[][]> = {
  households: [
    ['第一片区', '3号楼', '101', 'C', '王秀英', '户主', '13800000001', '独居老人、高龄', '1942', ''],
    ['第一片区', '3号楼', '102', 'B', '李明', '户主', '13800000002', '', '1985', ''],
    ['第一片区', '3号楼', '102', 'B', '张丽', '配偶', '', '', '1987', ''],
  ],
  buildings: [
    ['第一片区', '3号楼', '101'],
    ['第一片区', '3号楼', '102'],
  ],
}

const NOTES: Record<ImportKind, string[]> = {
  households: [
    '每一行是一位家庭成员；同一户（同一片区、楼栋、房间号）的家人写在相邻的几行。',
    '片区必须是组织架构里已有的片区名称；楼栋和房间号没有登记过的，导入时会自动登记。',
    '家庭分类填 A、B 或 C：A 不便上门（线上联系），B 常规，C 特殊群体（多走访）；不填按 B 类。',
    '与户主关系：第一位不填就是“户主”。手机号填11位手机号，可以不填。',
    '标签可以填：独居老人、孤老、失独、低保、优抚对象、残疾、高龄、困境儿童，多个用顿号隔开。',
    '同一个文件再导入一次不会重复；改正后的文件再导入，会更新原来的档案。',
  ],
  buildings: [
    '每一行是一个房间。片区必须是组织架构里已有的片区名称。',
    '同一栋楼的同一个房间号只能出现一次。再导入一次不会重复。',
  ],
}

/** 导入模板: the header row, a few example rows and the rules in plain words on a second sheet. */
export async function templateFile(kind: ImportKind): Promise<Buffer> {
  const wb = new (excel().Workbook)()
  const ws = wb.addWorksheet(kind === 'households' ? '家庭档案' : '楼栋和房间')
  ws.addRow([...COLUMNS[kind]])
  ws.getRow(1).font = { bold: true }
  for (const r of EXAMPLES[kind]) ws.addRow(r)
  ws.columns.forEach((c) => (c.width = 14))
  // Phones and rooms stay text, so Excel does not turn 0101 into 101 or a phone into 1.38E+10.
  for (let c = 1; c <= COLUMNS[kind].length; c++) ws.getColumn(c).numFmt = '@'
  const notes = wb.addWorksheet('填写说明')
  notes.addRow(['填写说明'])
  for (const n of NOTES[kind]) notes.addRow([n])
  notes.getColumn(1).width = 90
  return Buffer.from(await wb.xlsx.writeBuffer())
}

export function jobView(job: ImportJobDoc): ImportJobView {
  return {
    jobId: job._id,
    kind: job.kind,
    committeeId: job.committeeId,
    fileName: job.fileName,
    state: job.state,
    rowCount: job.rowCount,
    total: job.units.length,
    flawed: job.units.filter((u) => u.flawed).length,
    toImport: unitsToImport(job.units, job.goodRowsOnly || job.problemCount > 0).length,
    problems: job.problems,
    problemCount: job.problemCount,
    goodRowsOnly: job.goodRowsOnly,
    done: job.done,
    counts: job.counts,
    ...(job.error ? { error: job.error } : {}),
  }
}

export const householdId = (committeeId: string, u: Pick<ImportUnit, 'blockId' | 'building' | 'room'>) =>
  `hh-${derivedId('import', committeeId, u.blockId, u.building, u.room ?? '').slice(0, 24)}`

export interface RunDeps {
  readonly store: Store
  readonly _: Command
  readonly now: Date
  /** Test hook: the run dies after this many household writes, as a killed instance would. */
  readonly dieAfterWrites?: number
}

/** Runs the job if nobody else is (or whoever was has died); answers the job as it then stands. */
export async function runImport(deps: RunDeps, jobId: string): Promise<ImportJobDoc | null> {
  const { store, _, now } = deps
  const claimed = await store.imports.updateWhere(
    { _id: jobId, state: 'importing', leaseUntil: _.lt(now) },
    { leaseUntil: new Date(now.getTime() + IMPORT_LEASE_MS), updatedAt: now },
  )
  const job = await store.imports.get(jobId)
  if (!job || claimed === 0) return job
  const units = unitsToImport(job.units, job.goodRowsOnly)
  const started = Date.now()
  let done = job.done
  const counts: ImportCounts = { ...job.counts }
  const writes = { n: 0 }
  if (job.kind === 'households') {
    while (done < units.length && Date.now() - started < IMPORT_SLICE_MS) {
      const batch = units.slice(done, done + IMPORT_BATCH)
      const c = await writeHouseholds(deps, job, batch, writes)
      counts.created += c.created
      counts.updated += c.updated
      counts.unchanged += c.unchanged
      done += batch.length
      await store.imports.update(job._id, {
        done,
        counts,
        leaseUntil: new Date(now.getTime() + (Date.now() - started) + IMPORT_LEASE_MS),
        updatedAt: now,
      })
    }
    if (done < units.length) {
      // Out of time, not dead: the next poll carries on at once instead of waiting out the lease.
      await store.imports.update(job._id, { leaseUntil: new Date(0), updatedAt: now })
      return { ...job, done, counts }
    }
  }
  // The buildings and rooms the file names join the blocks' registers (both kinds).
  const grown = await mergeIntoBlocks(deps, job.committeeId, units)
  if (job.kind === 'buildings') {
    counts.created += grown.created
    counts.updated += grown.updated
    counts.unchanged += Math.max(0, units.length - grown.created - grown.updated)
    done = units.length
  }
  await store.audit
    .add({
      _id: `import-${job._id}`,
      at: now,
      actorOpenid: job.openid,
      action: 'community.import',
      subjectId: job._id,
      subjectKind: 'import',
      before: null,
      after: {
        kind: job.kind,
        committeeId: job.committeeId,
        fileName: job.fileName,
        goodRowsOnly: job.goodRowsOnly,
        ...counts,
        blocksChanged: grown.blocks,
      },
    })
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err
    })
  const finished = { done, counts, state: 'done' as const, leaseUntil: _.remove(), updatedAt: now }
  await store.imports.update(job._id, finished)
  return { ...job, done, counts, state: 'done', leaseUntil: undefined }
}

type Member = HouseholdDoc['members'][number]

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

async function writeHouseholds(
  deps: RunDeps,
  job: ImportJobDoc,
  batch: readonly ImportUnit[],
  writes: { n: number },
): Promise<Omit<ImportCounts, 'skippedRows'>> {
  const { store, _, now } = deps
  const counts = { created: 0, updated: 0, unchanged: 0 }
  const existing = await store.households.find(
    {
      committeeId: job.committeeId,
      blockId: _.in([...new Set(batch.map((u) => u.blockId))]),
      building: _.in([...new Set(batch.map((u) => u.building))]),
      room: _.in([...new Set(batch.map((u) => u.room ?? ''))]),
    },
    { limit: 1000 },
  )
  const wrote = () => {
    writes.n++
    if (deps.dieAfterWrites !== undefined && writes.n >= deps.dieAfterWrites)
      throw new Error('import run killed (test)')
  }
  for (const u of batch) {
    const members = (u.members ?? []).map((m) => ({ ...m, tags: m.tags as MemberTag[] })) as Member[]
    const h = existing.find((e) => e.blockId === u.blockId && e.building === u.building && e.room === u.room)
    const version = (
      v: number,
      changes: HouseholdVersionDoc['changes'],
      id: string,
    ): HouseholdVersionDoc => ({
      _id: `${id}:v${v}`,
      householdId: id,
      committeeId: job.committeeId,
      version: v,
      at: now,
      byOpenid: job.openid,
      byName: `Excel 导入（${job.fileName}）`.slice(0, 40),
      changes,
      clientRequestId: job._id,
    })
    // The version record goes first: a run killed between the two writes redoes the household and finds its
    // record already there.
    const addVersion = async (doc: HouseholdVersionDoc) => {
      try {
        await store.householdVersions.add(doc)
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
    }
    if (!h) {
      const id = householdId(job.committeeId, u)
      const doc: HouseholdDoc = {
        _id: id,
        committeeId: job.committeeId,
        blockId: u.blockId,
        building: u.building,
        room: u.room ?? '',
        class: u.class ?? 'B',
        members,
        notes: '',
        residentOpenids: [],
        version: 1,
        updatedAt: now,
        createdAt: now,
        createdBy: job.openid,
        ...(u.address ? { address: u.address } : {}),
      }
      await addVersion(
        version(
          1,
          [
            { field: 'class', before: null, after: doc.class },
            { field: 'members', before: null, after: members },
          ],
          id,
        ),
      )
      wrote()
      try {
        await store.households.add(doc)
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
      wrote()
      counts.created++
      continue
    }
    const merged = mergeMembers(members, h.members) as Member[]
    const changes: HouseholdVersionDoc['changes'] = []
    if (h.class !== u.class && u.class) changes.push({ field: 'class', before: h.class, after: u.class })
    if (!same(h.members, merged)) changes.push({ field: 'members', before: h.members, after: merged })
    const oldAddress = (h as { address?: string }).address
    if (u.address && u.address !== oldAddress)
      changes.push({ field: 'address', before: oldAddress ?? null, after: u.address })
    if (changes.length === 0) {
      counts.unchanged++
      continue
    }
    const v = (h.version ?? 1) + 1
    await addVersion(version(v, changes, h._id))
    wrote()
    await store.households.update(h._id, {
      class: u.class ?? h.class,
      members: merged,
      ...(u.address ? { address: u.address } : {}),
      version: v,
      updatedAt: now,
    })
    wrote()
    counts.updated++
  }
  return counts
}

/** Adds the file's buildings and rooms to the committee's blocks; one write per block that grew. */
async function mergeIntoBlocks(
  deps: RunDeps,
  committeeId: string,
  units: readonly ImportUnit[],
): Promise<{ blocks: number; created: number; updated: number }> {
  const { store, now } = deps
  const blocks = await store.blocks.find({ committeeId }, { limit: 1000 })
  let changedBlocks = 0
  let created = 0
  let updated = 0
  for (const block of blocks) {
    const mine = units.filter((u) => u.blockId === block._id)
    if (mine.length === 0) continue
    const found = new Map<string, string[]>()
    for (const u of mine)
      found.set(u.building, [...(found.get(u.building) ?? []), ...(u.rooms ?? (u.room ? [u.room] : []))])
    const before = unitsOf(block)
    const merged = mergeUnits(
      before,
      [...found].map(([building, rooms]) => ({ building, rooms })),
      (name) => derivedId('unit', block._id, name).slice(0, 8),
    )
    if (!merged.changed) continue
    for (const u of merged.units) {
      const old = before.find((b) => b.id === u.id)
      if (!old) created++
      else if (old.rooms.length !== u.rooms.length) updated++
    }
    changedBlocks++
    await store.blocks.update(block._id, blockPatch(block, merged.units, now))
  }
  return { blocks: changedBlocks, created, updated }
}

const blockPatch = (block: BlockDoc, units: BlockDoc['units'] & object, now: Date) => ({
  units,
  buildings: activeNames(units),
  rev: (block.rev ?? 0) + 1,
  updatedAt: now,
})

export const newJobId = (openid: string, clientRequestId: string) =>
  derivedId(openid, 'community.startImport', clientRequestId)
export { newId }
