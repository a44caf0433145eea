import { parseStaffSheet } from './staffSheet'
import { STAFF_COLUMNS } from './importSheet'

const org = {
  committees: [
    { id: 'c1', name: '春晖社区居委会', subdistrictId: 'sd' },
    { id: 'c2', name: '枫林社区居委会', subdistrictId: 'sd' },
    { id: 'c3', name: '旧居委会', subdistrictId: 'sd', retired: true },
  ],
  blocks: [
    { id: 'b1', name: '第一片区', committeeId: 'c1' },
    { id: 'b2', name: '第二片区', committeeId: 'c1' },
    { id: 'b3', name: '东片', committeeId: 'c2' },
  ],
  centers: [{ id: 's1', name: '受理中心', subdistrictId: 'sd' }],
}
const officer = { role: 'officer', subdistrictId: 'sd' } as const
const admin = { role: 'committeeAdmin', subdistrictId: 'sd', committeeId: 'c1' } as const
const sheet = (...rows: string[][]) => [[...STAFF_COLUMNS], ...rows]

test('good rows become one invitation each, with committee, blocks or center resolved', () => {
  const r = parseStaffSheet(
    sheet(
      ['陈丽华', '139 0000 0002', '居委会管理员', '春晖社区居委会', '', ''],
      ['刘洋', '13900000003', '窗口工作人员', '', '', '受理中心'],
    ),
    officer,
    org,
  )
  expect(r.problems).toEqual([])
  expect(r.units.map((u) => u.staff)).toEqual([
    { name: '陈丽华', phone: '13900000002', role: 'committeeAdmin', committeeId: 'c1', blockIds: [] },
    { name: '刘洋', phone: '13900000003', role: 'windowClerk', centerId: 's1', blockIds: [] },
  ])
  const heads = parseStaffSheet(
    sheet(['张建国', '13900000001', '块长', '', '第一片区、第二片区', '']),
    admin,
    org,
    'c1',
  )
  expect(heads.units[0].staff).toMatchObject({ role: 'blockHead', committeeId: 'c1', blockIds: ['b1', 'b2'] })
})

test('every problem by its row, in plain words', () => {
  const r = parseStaffSheet(
    sheet(
      ['', '13900000001', '块长', '春晖社区居委会', '', ''],
      ['甲', '1390000', '块长', '春晖社区居委会', '', ''],
      ['乙', '13900000002', '块长', '春晖社区居委会', '', ''],
      ['丙', '13900000002', '块长', '春晖社区居委会', '', ''],
      ['丁', '13900000004', '主任', '春晖社区居委会', '', ''],
      ['戊', '13900000005', '块长', '旧居委会', '', ''],
      ['己', '13900000006', '块长', '春晖社区居委会', '东片', ''],
      ['庚', '13900000007', '窗口工作人员', '', '', '不存在中心'],
      ['辛', '13900000008', '块长', '枫林社区居委会', '', ''],
      ['壬', '13900000009', '窗口工作人员', '', '', '受理中心'],
    ),
    admin,
    org,
    'c1',
  )
  expect(r.problems.map((p) => p.row)).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11])
  const text = r.problems.map((p) => p.message)
  expect(text[0]).toBe('第2行：没有填写姓名。')
  expect(text[1]).toContain('手机号“1390000”不对')
  expect(text[2]).toContain('和第4行重复了')
  expect(text[3]).toContain('岗位“主任”不认识')
  expect(text[4]).toContain('居委会“旧居委会”不存在')
  expect(text[5]).toContain('片区“东片”不在春晖社区居委会')
  expect(text[6]).toContain('您不能导入窗口工作人员')
  expect(text[7]).toContain('不归您管')
  expect(text[8]).toBe('第11行：您不能导入窗口工作人员，您可以导入：块长、居委会管理员。')
  expect(r.units.map((u) => u.staff?.name)).toEqual(['乙'])
})

test('a wrong header stops the check at row 1', () => {
  const r = parseStaffSheet(
    [
      ['姓名', '电话'],
      ['甲', '13900000001'],
    ],
    officer,
    org,
  )
  expect(r.problems).toEqual([{ row: 1, message: expect.stringContaining('第2列应是“手机号”') }])
})
