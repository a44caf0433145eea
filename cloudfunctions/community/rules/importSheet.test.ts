import { HOUSEHOLD_COLUMNS, mergeMembers, parseSheet, unitsToImport } from './importSheet'

const blocks = [{ id: 'b1', name: '东片' }]
const header = [...HOUSEHOLD_COLUMNS]
const row = (...cells: string[]) => cells

test('rows of one home become one household with its members; blank class is B, first relation 户主', () => {
  const p = parseSheet(
    'households',
    [
      header,
      row('东片', '1号楼', '101', '', '王秀英', '', '138 0000 0001', '独居老人、高龄', '1942', ''),
      row('东片', '1号楼', '101', '', '李强', '儿子', '', '', '', ''),
      row('', '', '', '', '', '', '', '', '', ''),
      row('东片', '1号楼', '102', 'c类', '赵阿姨', '户主', '', '', '', '春晖路1号'),
    ],
    blocks,
  )
  expect(p.problems).toEqual([])
  expect(p.rowCount).toBe(3)
  expect(p.units).toEqual([
    expect.objectContaining({
      rows: [2, 3],
      class: 'B',
      members: [
        {
          name: '王秀英',
          relation: '户主',
          phone: '13800000001',
          birthYear: 1942,
          tags: ['独居老人', '高龄'],
        },
        { name: '李强', relation: '儿子', tags: [] },
      ],
    }),
    expect.objectContaining({ rows: [5], class: 'C', address: '春晖路1号' }),
  ])
})

test('every problem is said by its row in plain words', () => {
  const p = parseSheet(
    'households',
    [
      header,
      row('西片', '1号楼', '101', 'B', '甲'),
      row('东片', '1号楼', '', 'B', '乙'),
      row('东片', '1号楼', '103', 'B', '丙', '', '12345'),
      row('东片', '1号楼', '104', 'B', '丁', '', '', '孤寡'),
      row('东片', '1号楼', '104', 'B', '丁'),
      row('东片', '1号楼', '105', 'B', '戊', '', '', '', '19'),
      row('东片', '1号楼', '105', 'B', '己'),
      row('东片', '1号楼', '105', 'B', '己'),
    ].map((r) => [...r, ...Array(10 - r.length).fill('')]),
    blocks,
  )
  expect(p.problems.map((x) => x.message)).toEqual([
    '第2行：片区“西片”不存在。这个居委会的片区有：东片。请核对名称，或先在组织架构里添加。',
    '第3行：没有填写房间号。',
    '第4行：手机号“12345”不对，应是11位手机号（以1开头）。',
    expect.stringMatching(/^第5行：标签“孤寡”不认识/),
    '第7行：出生年份应是四位数字，例如1950，现在是“19”。',
    '第9行：1号楼105室已经有“己”（第8行），同一户不能重复。',
  ])
  // Good rows only: the homes with a good row are kept, without the bad rows.
  expect(unitsToImport(p.units, true).map((u) => u.room)).toEqual(['104', '105'])
})

test('a wrong header stops at row 1', () => {
  const bad: string[] = [...header]
  bad[4] = '名字'
  const p = parseSheet('households', [bad, row('东片', '1号楼', '101', 'B', '甲')], blocks)
  expect(p.problems).toEqual([
    { row: 1, message: expect.stringContaining('第5列应是“姓名”，文件里是“名字”') },
  ])
  expect(p.units).toEqual([])
})

test('a header note in brackets is fine; buildings: a room twice is a problem', () => {
  const p = parseSheet(
    'buildings',
    [
      ['片区', '楼栋（必填）', '房间号'],
      ['东片', '1号楼', '101'],
      ['东片', '1号楼', '102'],
      ['东片', '1号楼', '101'],
    ],
    blocks,
  )
  expect(p.problems).toEqual([{ row: 4, message: '第4行：1号楼101室重复了（第2行已经有）。' }])
  expect(p.units).toEqual([{ rows: [2, 3], blockId: 'b1', building: '1号楼', rooms: ['101', '102'] }])
})

test('the file is the source for members, keeping what it says nothing about', () => {
  const merged = mergeMembers(
    [{ name: '王秀英', relation: '户主', tags: [] as string[] }],
    [{ name: '王秀英', relation: '本人', phone: '13800000001', birthYear: 1942, tags: ['高龄'] }],
  )
  expect(merged).toEqual([
    { name: '王秀英', relation: '户主', phone: '13800000001', birthYear: 1942, tags: [] },
  ])
})
