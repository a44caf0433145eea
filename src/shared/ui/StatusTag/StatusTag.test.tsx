import { render, screen } from '@testing-library/react'
import { DemandStatus, STATUS_LABEL } from '../../../../types/demands'
import { StatusTag, demandTone, bookingTone } from './index'

test('不予办理 reads as refused and an open case past its deadline as overdue', () => {
  expect(demandTone('rejected')).toBe('refused')
  expect(demandTone('rejected', true)).toBe('refused')
  expect(demandTone('pending', true)).toBe('overdue')
  expect(demandTone('in_progress', true)).toBe('overdue')
  expect(demandTone('resolved', true)).toBe('done')
  expect(demandTone('pending')).toBe('waiting')
  expect(demandTone('escalated')).toBe('progress')
  expect(bookingTone('noShow')).toBe('overdue')
  expect(bookingTone('served')).toBe('done')
})

test('refused, done and overdue never share a look, and each says so in a glyph as well as a colour', () => {
  const tones = DemandStatus.options.map((s) => demandTone(s))
  expect(new Set(tones).size).toBeGreaterThanOrEqual(4)
  const { container } = render(
    <>
      <StatusTag tone="refused">{STATUS_LABEL.rejected}</StatusTag>
      <StatusTag tone="done">{STATUS_LABEL.resolved}</StatusTag>
      <StatusTag tone="overdue">已超时</StatusTag>
    </>,
  )
  const tags = Array.from(container.querySelectorAll('.status-tag'))
  expect(tags.map((t) => t.className.match(/status-tag--(\w+)/)?.[1])).toEqual(['refused', 'done', 'overdue'])
  expect(tags.map((t) => t.querySelector('.status-tag__glyph')?.textContent)).toEqual(['✕', '✓', '!'])
  expect(screen.getByText('不予办理')).toBeTruthy()
})
