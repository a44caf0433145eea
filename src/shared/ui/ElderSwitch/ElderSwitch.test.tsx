import { fireEvent, render, screen } from '@testing-library/react'
import { elderMode } from '../../prefs'
import { ElderSwitch } from './index'

beforeEach(() => elderMode.set(false))

test('a switch that a tap or the keyboard turns on and off, and says what it does', () => {
  const { container } = render(<ElderSwitch id="first-screen-elder" />)
  const sw = container.querySelector('#first-screen-elder') as HTMLElement
  expect(sw.getAttribute('role')).toBe('switch')
  expect(sw.getAttribute('aria-checked')).toBe('false')
  fireEvent.click(screen.getByText('长辈模式'))
  expect(elderMode.get()).toBe(true)
  expect(sw.getAttribute('aria-checked')).toBe('true')
  fireEvent.keyDown(sw, { key: 'Enter' })
  expect(elderMode.get()).toBe(false)
})
