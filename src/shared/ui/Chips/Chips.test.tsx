import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { Chips, RadioChips, optionsOf } from './index'

function Radio() {
  const [v, setV] = useState<'a' | 'b' | null>(null)
  return (
    <RadioChips
      label="满意程度"
      idPrefix="rate"
      options={optionsOf(['a', 'b'] as const, { a: '满意', b: '不满意' })}
      value={v}
      onChange={setV}
    />
  )
}

test('a radio group: one chip checked at a time, announced as radio with aria-checked', () => {
  const { container } = render(<Radio />)
  const group = container.querySelector('[role=radiogroup]')!
  expect(group.getAttribute('aria-label')).toBe('满意程度')
  const radios = () => Array.from(container.querySelectorAll('[role=radio]'))
  expect(radios().map((r) => r.getAttribute('aria-checked'))).toEqual(['false', 'false'])
  fireEvent.click(screen.getByText('满意'))
  expect(radios().map((r) => r.getAttribute('aria-checked'))).toEqual(['true', 'false'])
  fireEvent.click(screen.getByText('不满意'))
  expect(radios().map((r) => r.getAttribute('aria-checked'))).toEqual(['false', 'true'])
  expect(container.querySelector('#rate-b')?.className).toMatch(/chip--on/)
})

test('a radio chip is reachable by keyboard and picked with Enter or Space', () => {
  const { container } = render(<Radio />)
  const first = container.querySelector('#rate-a') as HTMLElement
  expect(first.getAttribute('tabindex')).toBe('0')
  fireEvent.keyDown(first, { key: ' ' })
  expect(first.getAttribute('aria-checked')).toBe('true')
})

test('checkbox chips toggle each value on and off', () => {
  const onChange = jest.fn()
  const { container, rerender } = render(
    <Chips
      label="标签"
      options={optionsOf(['x', 'y'] as const, { x: '独居', y: '残疾' })}
      values={['x']}
      onChange={onChange}
    />,
  )
  expect(container.querySelector('[role=group]')).toBeTruthy()
  fireEvent.click(screen.getByText('残疾'))
  expect(onChange).toHaveBeenLastCalledWith(['x', 'y'])
  fireEvent.click(screen.getByText('独居'))
  expect(onChange).toHaveBeenLastCalledWith([])
  rerender(
    <Chips
      label="标签"
      options={optionsOf(['x', 'y'] as const, { x: '独居', y: '残疾' })}
      values={[]}
      onChange={onChange}
    />,
  )
  expect(
    Array.from(container.querySelectorAll('[role=checkbox]')).map((c) => c.getAttribute('aria-checked')),
  ).toEqual(['false', 'false'])
})
