/**
 * Builds .xlsx files for import tests (the same library the function reads them with), and the household
 * rows of a made-up committee: `households(n, blocks)` gives n homes of one or two members each.
 */
import ExcelJS from 'exceljs'

export const HOUSEHOLD_HEADER = [
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
]

export async function xlsx(rows: readonly (readonly (string | number)[])[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  const ws = wb.addWorksheet('家庭档案')
  for (const r of rows) ws.addRow([...r])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'
const GIVEN = ['秀英', '建国', '桂兰', '志强', '丽华', '明', '海燕', '国庆', '淑珍', '伟']

/** Member rows of `n` households spread over the blocks: every third home has a second member. */
export function householdRows(n: number, blocks: readonly string[]): string[][] {
  const rows: string[][] = []
  for (let i = 0; i < n; i++) {
    const block = blocks[i % blocks.length]
    const building = `${1 + Math.floor(i / 20)}号楼`
    const room = `${1 + Math.floor((i % 20) / 4)}0${1 + (i % 4)}`
    const cls = i % 5 === 0 ? 'C' : i % 7 === 0 ? 'A' : 'B'
    const head = `${SURNAMES[i % SURNAMES.length]}${GIVEN[i % GIVEN.length]}`
    const phone = `139${String(10000000 + i).padStart(8, '0')}`
    rows.push([block, building, room, cls, head, '户主', phone, cls === 'C' ? '独居老人' : '', '1950', ''])
    if (i % 3 === 0)
      rows.push([
        block,
        building,
        room,
        cls,
        `${SURNAMES[(i + 3) % SURNAMES.length]}${GIVEN[(i + 5) % GIVEN.length]}`,
        '配偶',
        '',
        '',
        '1952',
        '',
      ])
  }
  return rows
}

/** The staff list's header (工作人员名单). */
export const STAFF_HEADER = ['姓名', '手机号', '岗位', '居委会', '片区', '服务中心']
