import { fireEvent, render, screen } from '@testing-library/react'
import { DemandCard } from './index'

const base = {
  id: 'd1',
  categoryLabel: '环境卫生',
  text: '楼道堆满杂物',
  reopened: false,
}

test('a refused case reads as refused, an overdue one as urgent', () => {
  const { container, rerender } = render(
    <DemandCard d={{ ...base, status: 'rejected', statusLabel: '不予办理', overdue: false }} />,
  )
  expect(container.querySelector('.status-tag--refused')?.textContent).toContain('不予办理')
  rerender(
    <DemandCard
      d={{ ...base, status: 'pending', statusLabel: '待响应', overdue: true }}
      due="回复已超时5小时"
    />,
  )
  expect(container.querySelector('.status-tag--overdue')?.textContent).toContain('已超时')
  expect(container.querySelector('.demand-card__due--urgent')?.textContent).toBe('回复已超时5小时')
})

test('a tappable card is a link a keyboard reaches; meta lines skip empty parts', () => {
  const onClick = jest.fn()
  const { container } = render(
    <DemandCard
      d={{ ...base, status: 'in_progress', statusLabel: '处理中', overdue: false }}
      meta={['5月1日 提交', null, '负责人：张建国']}
      onClick={onClick}
    />,
  )
  const card = container.querySelector('.demand-card')!
  expect(card.getAttribute('role')).toBe('link')
  expect(card.getAttribute('tabindex')).toBe('0')
  expect(screen.getByText('5月1日 提交 · 负责人：张建国')).toBeTruthy()
  fireEvent.click(card)
  expect(onClick).toHaveBeenCalled()
})
