/**
 * Excel 导入 rules: a sheet (as rows of cell texts, row 1 the header) becomes units of work — households with
 * their members, or buildings with their rooms — and a list of every problem by its row number as the user
 * sees it in Excel, in plain zh-CN. Nothing here touches the database.
 */
import type { ImportKind, ImportProblem, ImportUnit } from '../../../types/community'
import { MemberTag } from '../../../types/visits'

export const HOUSEHOLD_COLUMNS = [
  '片区',
  '楼栋',
  '房间号',
  '家庭分类',
  '姓名',
  '与户主关系',
  '手机号',
  '标签',
  '出生年份',
  '地址',
] as const
export const BUILDING_COLUMNS = ['片区', '楼栋', '房间号'] as const
export const STAFF_COLUMNS = ['姓名', '手机号', '岗位', '居委会', '片区', '服务中心'] as const
export const COLUMNS: Record<ImportKind, readonly string[]> = {
  households: HOUSEHOLD_COLUMNS,
  buildings: BUILDING_COLUMNS,
  staff: STAFF_COLUMNS,
}
/** Kept on the job and shown; more are counted. */
export const MAX_PROBLEMS = 200
/** Data rows one file may hold (a committee has a few thousand households). */
export const MAX_ROWS = 20_000

export interface SheetBlock {
  readonly id: string
  readonly name: string
}

export interface ParsedSheet {
  readonly rowCount: number
  readonly units: ImportUnit[]
  readonly problems: ImportProblem[]
  readonly problemCount: number
}

export const PHONE = /^1[3-9]\d{9}$/
const TAG_SPLIT = /[、,，;；/\s]+/
const TAGS: readonly string[] = MemberTag.options

/** A header cell as compared: spaces and a trailing note in brackets (（选填）) do not count. */
const headerText = (s: string) => s.replace(/\s+/g, '').replace(/[（(].*[)）]$/, '')

/** `3号楼` and `3` are one building to a person; rooms `0101` and `101` are not merged (people write both). */
export const clean = (s: string | undefined) => (s ?? '').replace(/\s+/g, ' ').trim()

/** Problems as a sheet collects them: every one counted, the first MAX_PROBLEMS kept. */
export function problemList() {
  const problems: ImportProblem[] = []
  let count = 0
  return {
    problems,
    count: () => count,
    add(row: number, message: string) {
      count++
      if (problems.length < MAX_PROBLEMS) problems.push({ row, message })
    },
  }
}

/**
 * The header checked and the data rows (blank rows skipped) with their row numbers; `null` when the file
 * cannot be read further (wrong header, no data, too many rows), with that problem added.
 */
export function dataRows(
  kind: ImportKind,
  rows: readonly (readonly string[])[],
  problem: (row: number, message: string) => void,
  maxRows = MAX_ROWS,
): { data: Array<{ row: number; cells: string[] }> } | { stop: true; rowCount: number } {
  const header = rows[0] ?? []
  const want = COLUMNS[kind]
  for (let i = 0; i < want.length; i++) {
    const got = headerText(clean(header[i]))
    if (got !== want[i]) {
      problem(
        1,
        got
          ? `第1行表头不对：第${i + 1}列应是“${want[i]}”，文件里是“${clean(header[i])}”。请用下载的模板，不要改动表头。`
          : `第1行表头不对：第${i + 1}列应是“${want[i]}”，文件里是空的。请用下载的模板，不要改动表头。`,
      )
      return { stop: true, rowCount: Math.max(0, rows.length - 1) }
    }
  }
  const data: Array<{ row: number; cells: string[] }> = []
  for (let i = 1; i < rows.length; i++) {
    const cells = want.map((_, c) => clean(rows[i]?.[c]))
    if (cells.every((c) => c === '')) continue
    data.push({ row: i + 1, cells })
  }
  if (data.length === 0) {
    problem(2, '文件里没有数据：请从第2行开始填写。')
    return { stop: true, rowCount: 0 }
  }
  if (data.length > maxRows) {
    problem(maxRows + 2, `一个文件最多${maxRows}行，这个文件有${data.length}行，请分成几个文件导入。`)
    return { stop: true, rowCount: data.length }
  }
  return { data }
}

export function parseSheet(
  kind: 'households' | 'buildings',
  rows: readonly (readonly string[])[],
  blocks: readonly SheetBlock[],
): ParsedSheet {
  const list = problemList()
  const { problems } = list
  const problem = list.add
  const got = dataRows(kind, rows, problem)
  if ('stop' in got) return { rowCount: got.rowCount, units: [], problems, problemCount: list.count() }
  const data = got.data
  const byName = new Map(blocks.map((b) => [b.name, b.id]))
  const blockNames = blocks.map((b) => b.name).join('、') || '（还没有片区）'
  const say = (row: number, message: string) => problem(row, `第${row}行：${message}`)
  const place = (row: number, cells: string[]) => {
    const [blockName, building, room] = cells
    if (!blockName) return void say(row, '没有填写片区。')
    const blockId = byName.get(blockName)
    if (!blockId)
      return void say(
        row,
        `片区“${blockName}”不存在。这个居委会的片区有：${blockNames}。请核对名称，或先在组织架构里添加。`,
      )
    if (!building) return void say(row, '没有填写楼栋。')
    if (building.length > 20) return void say(row, '楼栋名称太长（最多20个字）。')
    if (!room) return void say(row, '没有填写房间号。')
    if (room.length > 10) return void say(row, '房间号太长（最多10个字）。')
    return { blockId, building, room }
  }

  if (kind === 'buildings') {
    const seen = new Map<string, number>()
    const units = new Map<string, ImportUnit>()
    for (const { row, cells } of data) {
      const p = place(row, cells)
      if (!p) continue
      const key = `${p.blockId}\u0000${p.building}\u0000${p.room}`
      const first = seen.get(key)
      if (first !== undefined) {
        say(row, `${p.building}${p.room}室重复了（第${first}行已经有）。`)
        continue
      }
      seen.set(key, row)
      const ukey = `${p.blockId}\u0000${p.building}`
      const unit = units.get(ukey) ?? { rows: [], blockId: p.blockId, building: p.building, rooms: [] }
      unit.rows.push(row)
      unit.rooms!.push(p.room)
      units.set(ukey, unit)
    }
    return { rowCount: data.length, units: [...units.values()], problems, problemCount: list.count() }
  }

  // Households: one row per member; the rows of one home (片区 + 楼栋 + 房间号) are next to each other.
  const units: ImportUnit[] = []
  const homes = new Map<string, { unit: ImportUnit; firstRow: number; lastRow: number; classRow?: number }>()
  let previousKey: string | undefined
  for (const { row, cells } of data) {
    const p = place(row, cells)
    if (!p) {
      previousKey = undefined
      continue
    }
    const [, , , klass, name, relation, phone, tags, birthYear, address] = cells
    const key = `${p.blockId}\u0000${p.building}\u0000${p.room}`
    let home = homes.get(key)
    if (home && previousKey !== key) {
      say(
        row,
        `${p.building}${p.room}室重复了：第${home.firstRow}行已经有这一户。同一户的家人请写在相邻的几行里。`,
      )
      home.unit.flawed = true
      continue
    }
    previousKey = key
    if (!home) {
      home = {
        unit: { rows: [], blockId: p.blockId, building: p.building, room: p.room, members: [] },
        firstRow: row,
        lastRow: row,
      }
      homes.set(key, home)
      units.push(home.unit)
    }
    home.lastRow = row
    const bad = (message: string) => {
      say(row, message)
      home!.unit.flawed = true
    }
    const cls = klass.toUpperCase().replace(/类$/, '')
    if (klass && !['A', 'B', 'C'].includes(cls)) {
      bad(`家庭分类应填 A、B 或 C，现在是“${klass}”。`)
      continue
    }
    if (cls && home.unit.class && home.classRow !== undefined && home.unit.class !== cls) {
      bad(
        `${p.building}${p.room}室在第${home.classRow}行写的是${home.unit.class}类，这里写的是${cls}类，一户只能是一类。`,
      )
      continue
    }
    if (!name) {
      bad('没有填写姓名。')
      continue
    }
    if (name.length > 20) {
      bad('姓名太长（最多20个字）。')
      continue
    }
    if (relation.length > 10) {
      bad('与户主关系太长（最多10个字）。')
      continue
    }
    const digits = phone.replace(/[\s-]/g, '')
    if (phone && !PHONE.test(digits)) {
      bad(`手机号“${phone}”不对，应是11位手机号（以1开头）。`)
      continue
    }
    const tagList = tags ? tags.split(TAG_SPLIT).filter(Boolean) : []
    const unknownTag = tagList.find((t) => !TAGS.includes(t))
    if (unknownTag) {
      bad(`标签“${unknownTag}”不认识。可以填：${TAGS.join('、')}（多个用顿号隔开）。`)
      continue
    }
    const year = birthYear ? Number(birthYear) : undefined
    if (year !== undefined && (!Number.isInteger(year) || year < 1900 || year > 2100)) {
      bad(`出生年份应是四位数字，例如1950，现在是“${birthYear}”。`)
      continue
    }
    const members = home.unit.members!
    const twin = members.findIndex((m) => m.name === name)
    if (twin >= 0) {
      bad(`${p.building}${p.room}室已经有“${name}”（第${home.unit.rows[twin]}行），同一户不能重复。`)
      continue
    }
    if (cls) {
      home.unit.class = cls as 'A' | 'B' | 'C'
      home.classRow = row
    }
    if (address) home.unit.address = address.slice(0, 60)
    home.unit.rows.push(row)
    members.push({
      name,
      relation: relation || (members.length === 0 ? '户主' : '家人'),
      ...(phone ? { phone: digits } : {}),
      ...(year !== undefined ? { birthYear: year } : {}),
      tags: [...new Set(tagList)],
    })
  }
  for (const u of units) if (!u.class) u.class = 'B'
  return { rowCount: data.length, units, problems, problemCount: list.count() }
}

/** The units an import writes: all of them, or with the user's consent only what the good rows make up. */
export function unitsToImport(units: readonly ImportUnit[], goodRowsOnly: boolean): ImportUnit[] {
  if (!goodRowsOnly) return [...units]
  return units.filter((u) => (u.staff ? true : u.members ? u.members.length > 0 : (u.rooms?.length ?? 0) > 0))
}

/** Members as stored: the file's list, keeping what the family file knew of a member the file says less about. */
export function mergeMembers<
  M extends { name: string; relation: string; phone?: string; birthYear?: number; tags: string[] },
>(fromFile: readonly M[], existing: readonly M[]): M[] {
  return fromFile.map((m) => {
    const old = existing.find((e) => e.name === m.name)
    if (!old) return { ...m }
    return {
      ...old,
      ...m,
      ...(m.phone ? {} : old.phone ? { phone: old.phone } : {}),
      ...(m.birthYear !== undefined ? {} : old.birthYear !== undefined ? { birthYear: old.birthYear } : {}),
    }
  })
}
