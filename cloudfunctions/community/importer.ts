/**
 * Excel 导入, what the actions need of a file: reading the .xlsx, the template and the job's view. The run
 * that writes a checked file is importRun.ts.
 */
import {
  IMPORT_KIND_LABEL,
  type ImportJobDoc,
  type ImportJobView,
  type ImportKind,
} from '../../types/community'
import { derivedId, newId } from '../shared/ids'
import { COLUMNS, unitsToImport } from './rules/importSheet'

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
  staff: [
    ['张建国', '13900000001', '块长', '春晖社区居委会', '第一片区、第二片区', ''],
    ['陈丽华', '13900000002', '居委会管理员', '春晖社区居委会', '', ''],
    ['刘洋', '13900000003', '窗口工作人员', '', '', '社区事务受理服务中心'],
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
  staff: [
    '每一行是一位工作人员。导入后每人得到一个邀请码，本人在小程序“我的 → 使用邀请码”输入后即可上岗。',
    '岗位填：块长、居委会管理员或窗口工作人员。街道工作人员可以导入居委会管理员和窗口工作人员；居委会管理员可以导入本居委会的块长。',
    '块长和居委会管理员要填居委会（和组织架构里的名称一样）；块长可以填负责的片区，多个用顿号隔开。',
    '窗口工作人员要填服务中心，居委会和片区空着。',
    '手机号必填，每人一行、不能重复：同一个人凭手机号对应同一个邀请码。',
    '同一个文件再导入一次不会重复；改正后的文件再导入，会更新还没使用的邀请码。已经上岗的人员，岗位变动请在工作人员名单里办理。',
  ],
}

/** 导入模板: the header row, a few example rows and the rules in plain words on a second sheet. */
export async function templateFile(kind: ImportKind): Promise<Buffer> {
  const wb = new (excel().Workbook)()
  const ws = wb.addWorksheet(IMPORT_KIND_LABEL[kind])
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
    ...(job.staffResults ? { staffResults: job.staffResults } : {}),
    ...(job.error ? { error: job.error } : {}),
  }
}

export const newJobId = (openid: string, clientRequestId: string) =>
  derivedId(openid, 'community.startImport', clientRequestId)
export { newId }
