import { act, render, screen } from '@testing-library/react'
import { elderMode } from '../../prefs'
import { DataTable, type DataColumn } from './index'

interface Row {
  name: string
  a: number
  b: number
  c: number
}
const rows: Row[] = [
  { name: '春晖社区', a: 12, b: 95, c: 88 },
  { name: '明德社区', a: 7, b: 90, c: 100 },
]
const cols = (n: number): DataColumn<Row>[] =>
  (
    [
      { key: 'name', title: '居委会', cell: (r: Row) => r.name },
      { key: 'a', title: '诉求', cell: (r: Row) => r.a, numeric: true },
      { key: 'b', title: '解决率', cell: (r: Row) => `${r.b}%`, numeric: true },
      { key: 'c', title: '满意率', cell: (r: Row) => `${r.c}%`, numeric: true },
      { key: 'd', title: '超期', cell: () => 0, numeric: true },
    ] as DataColumn<Row>[]
  ).slice(0, n)

beforeEach(() => elderMode.set(false))

test('scroll layout: the first column is the sticky row header, a cue says it scrolls, the region takes focus', () => {
  const { container } = render(
    <DataTable caption="各单位" columns={cols(4)} rows={rows} rowKey={(r) => r.name} />,
  )
  expect(container.querySelector('[role=table]')?.getAttribute('aria-label')).toBe('各单位')
  expect(container.querySelectorAll('[role=rowheader].dtable__cell--first')).toHaveLength(2)
  expect(screen.getByText(/左右滑动/)).toBeTruthy()
  expect(container.querySelector('.dtable__scroll')?.getAttribute('tabindex')).toBe('0')
  expect(screen.getByText('95%')).toBeTruthy()
})

test('a wide table, or any table in 长辈模式, becomes one card per row with every column labelled', () => {
  const wide = render(<DataTable caption="五维" columns={cols(5)} rows={rows} rowKey={(r) => r.name} />)
  expect(wide.container.querySelectorAll('.dtable-card')).toHaveLength(2)
  expect(wide.container.querySelectorAll('.dtable-card__label')).toHaveLength(8)
  wide.unmount()
  const narrow = render(<DataTable caption="各单位" columns={cols(3)} rows={rows} rowKey={(r) => r.name} />)
  expect(narrow.container.querySelector('.dtable')).toBeTruthy()
  act(() => elderMode.set(true))
  expect(narrow.container.querySelector('.dtable')).toBeNull()
  expect(narrow.container.querySelectorAll('.dtable-card')).toHaveLength(2)
})

test('no rows: the empty message instead of an empty table', () => {
  render(
    <DataTable
      caption="x"
      columns={cols(2)}
      rows={[]}
      rowKey={(r) => r.name}
      empty={<span>暂无数据</span>}
    />,
  )
  expect(screen.getByText('暂无数据')).toBeTruthy()
})
