import fc from 'fast-check'
import type { WorkingPlan } from '../../../types/bookings'
import { dayStatus, planSlots, slotId, slotTimes } from './plan'
import { minutesOf } from './time'

const plan: WorkingPlan = {
  weekdays: [1, 2, 3, 4, 5],
  open: '09:00',
  close: '17:00',
  lunch: { start: '11:30', end: '13:30' },
  slotMinutes: 30,
  windows: 20,
  minNoticeMinutes: 30,
}
const center = {
  _id: 'sc-x',
  plan,
  closures: [{ date: '2026-11-26', reason: '系统升级' }],
  extraWorkdays: ['2026-11-29'],
}

describe('slotTimes', () => {
  it('cuts the day around the lunch break', () => {
    const t = slotTimes(plan)
    expect(t[0]).toEqual({ start: '09:00', end: '09:30' })
    expect(t.map((s) => s.start)).toContain('11:00')
    expect(t.map((s) => s.start)).not.toContain('11:30')
    expect(t.map((s) => s.start)).toContain('13:30')
    expect(t[t.length - 1]).toEqual({ start: '16:30', end: '17:00' })
    expect(t).toHaveLength(12)
  })

  it('never overlaps lunch nor runs past closing, for any plan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 6 * 60, max: 10 * 60 }),
        fc.integer({ min: 15 * 60, max: 20 * 60 }),
        fc.integer({ min: 11 * 60, max: 12 * 60 }),
        fc.integer({ min: 30, max: 120 }),
        fc.integer({ min: 10, max: 90 }),
        (open, close, lunchStart, lunchLen, slot) => {
          const hm = (m: number) =>
            `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`
          const p = {
            ...plan,
            open: hm(open),
            close: hm(close),
            lunch: { start: hm(lunchStart), end: hm(lunchStart + lunchLen) },
            slotMinutes: slot,
          }
          for (const s of slotTimes(p)) {
            const a = minutesOf(s.start)
            const b = minutesOf(s.end)
            expect(b - a).toBe(slot)
            expect(a).toBeGreaterThanOrEqual(open)
            expect(b).toBeLessThanOrEqual(close)
            expect(b <= lunchStart || a >= lunchStart + lunchLen).toBe(true)
          }
        },
      ),
    )
  })
})

describe('planSlots', () => {
  // Monday 2026-11-23 10:00 Asia/Shanghai
  const now = new Date('2026-11-23T02:00:00Z')
  it('skips weekends and closures, keeps worked weekend days, with derived ids', () => {
    const slots = planSlots(center, now, 14)
    const dates = [...new Set(slots.map((s) => s.date))]
    expect(dates).not.toContain('2026-11-28') // Saturday
    expect(dates).not.toContain('2026-11-26') // closure
    expect(dates).toContain('2026-11-29') // worked Sunday
    expect(dates[0]).toBe('2026-11-23')
    expect(slots[0]._id).toBe(slotId('sc-x', '2026-11-23', '09:00'))
    expect(slots[0]._id).toBe('slot:sc-x:2026-11-23:0900')
    expect(new Date(slots[0].startsAt).toISOString()).toBe('2026-11-23T01:00:00.000Z')
    expect(slots.every((s) => s.capacity === 20 && s.booked === 0)).toBe(true)
  })
  it('gives the same slots twice', () => {
    expect(planSlots(center, now, 14)).toEqual(planSlots(center, now, 14))
  })
  it('reports why a day is closed', () => {
    expect(dayStatus(center, '2026-11-26')).toEqual({ open: false, reason: '系统升级' })
    expect(dayStatus(center, '2026-11-28')).toEqual({ open: false, reason: '休息日' })
  })
})
