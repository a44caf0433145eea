import { fireEvent, render, screen } from '@testing-library/react'
import { EmptyState } from './index'

test('says what is missing and offers the next step', () => {
  const onAction = jest.fn()
  render(
    <EmptyState
      title="您还没有提过诉求"
      description="提出后可以在这里看到进度"
      actionText="我要反映问题"
      onAction={onAction}
    />,
  )
  expect(screen.getByText('您还没有提过诉求')).toBeTruthy()
  fireEvent.click(screen.getByText('我要反映问题'))
  expect(onAction).toHaveBeenCalled()
})

test('compact: no picture', () => {
  const { container } = render(<EmptyState compact title="暂无" />)
  expect(container.querySelector('img, .state-image')).toBeNull()
})
