import fc from 'fast-check'
import { DEFAULT_CADENCE, type Cadence } from '../../../types/visits'
import {
  compareDue,
  daysOverdue,
  dueStatus,
  effectiveCadence,
  nextDue,
  weeklyTarget,
  weekWindow,
} from './cadence'

const DAY = 86_400_000
const cls = fc.constantFrom('A' as const, 'B' as const, 'C' as const)
const instant = fc.date({
  min: new Date('2020-01-01T00:00:00Z'),
  max: new Date('2030-01-01T00:00:00Z'),
  noInvalidDate: true,
})
const cadence: fc.Arbitrary<Cadence> = fc.record({
  A: fc.integer({ min: 7, max: 365 }),
  B: fc.integer({ min: 7, max: 365 }),
  C: fc.integer({ min: 1, max: 90 }),
})

describe('nextDue', () => {
  it('uses the defaults: C every 14 days, B every 90, A online every 90', () => {
    const last = new Date('2026-11-01T02:00:00Z')
    expect(nextDue({ class: 'C' }, last, DEFAULT_CADENCE)?.toISOString()).toBe('2026-11-15T02:00:00.000Z')
    expect(nextDue({ class: 'B' }, last, DEFAULT_CADENCE)?.toISOString()).toBe('2027-01-30T02:00:00.000Z')
    expect(nextDue({ class: 'A' }, last, DEFAULT_CADENCE)?.toISOString()).toBe('2027-01-30T02:00:00.000Z')
  })

  it('is null for a household never contacted', () => {
    expect(nextDue({ class: 'C' }, undefined, DEFAULT_CADENCE)).toBeNull()
    expect(nextDue({ class: 'B' }, new Date('nope'), DEFAULT_CADENCE)).toBeNull()
  })

  it('is exactly the interval after the last contact, so a later contact never moves it earlier', () => {
    fc.assert(
      fc.property(cls, instant, instant, cadence, (c, a, b, cad) => {
        const [early, late] = a <= b ? [a, b] : [b, a]
        const dueEarly = nextDue({ class: c }, early, cad)!
        const dueLate = nextDue({ class: c }, late, cad)!
        expect(dueEarly.getTime() - early.getTime()).toBe(cad[c] * DAY)
        expect(dueLate.getTime()).toBeGreaterThanOrEqual(dueEarly.getTime())
        expect(dueLate.getTime()).toBeGreaterThan(late.getTime())
      }),
    )
  })

  it('visits class C at least as often as class B under the defaults', () => {
    fc.assert(
      fc.property(instant, (last) => {
        expect(nextDue({ class: 'C' }, last, DEFAULT_CADENCE)!.getTime()).toBeLessThanOrEqual(
          nextDue({ class: 'B' }, last, DEFAULT_CADENCE)!.getTime(),
        )
      }),
    )
  })

  it('takes a committee override over the defaults', () => {
    expect(effectiveCadence({ C: 7 })).toEqual({ A: 90, B: 90, C: 7 })
    expect(effectiveCadence(null)).toEqual(DEFAULT_CADENCE)
  })
})

describe('weekWindow and dueStatus', () => {
  it('starts the week on Monday 00:00 in Asia/Shanghai', () => {
    // 2026-11-23 is a Monday; 01:00 Shanghai is still Sunday 17:00 UTC.
    const w = weekWindow(new Date('2026-11-22T17:00:00Z'))
    expect(w.start.toISOString()).toBe('2026-11-22T16:00:00.000Z')
    expect(w.end.toISOString()).toBe('2026-11-29T16:00:00.000Z')
    const sunday = weekWindow(new Date('2026-11-22T15:59:00Z'))
    expect(sunday.start.toISOString()).toBe('2026-11-15T16:00:00.000Z')
  })

  it('always contains now, and is seven days long', () => {
    fc.assert(
      fc.property(instant, (now) => {
        const w = weekWindow(now)
        expect(w.start.getTime()).toBeLessThanOrEqual(now.getTime())
        expect(w.end.getTime()).toBeGreaterThan(now.getTime())
        expect(w.end.getTime() - w.start.getTime()).toBe(7 * DAY)
      }),
    )
  })

  it('classifies against now', () => {
    const now = new Date('2026-11-25T04:00:00Z') // Wednesday
    expect(dueStatus(null, now)).toBe('never')
    expect(dueStatus(new Date('2026-11-20T00:00:00Z'), now)).toBe('overdue')
    expect(dueStatus(new Date('2026-11-28T00:00:00Z'), now)).toBe('dueThisWeek')
    expect(dueStatus(new Date('2026-12-05T00:00:00Z'), now)).toBe('later')
    expect(daysOverdue(new Date('2026-11-20T00:00:00Z'), now)).toBe(5)
    expect(daysOverdue(new Date('2026-11-28T00:00:00Z'), now)).toBe(0)
  })

  it('puts never-visited first, then overdue oldest first, then by due date', () => {
    fc.assert(
      fc.property(fc.array(fc.option(instant, { nil: null }), { maxLength: 30 }), instant, (dues, now) => {
        const items = dues.map((d) => ({ nextDueAt: d, status: dueStatus(d, now) }))
        const sorted = [...items].sort(compareDue)
        const rank = { never: 0, overdue: 1, dueThisWeek: 2, later: 3 }
        for (let i = 1; i < sorted.length; i++) {
          expect(rank[sorted[i - 1].status]).toBeLessThanOrEqual(rank[sorted[i].status])
          if (sorted[i - 1].nextDueAt && sorted[i].nextDueAt && sorted[i - 1].status === sorted[i].status)
            expect(sorted[i - 1].nextDueAt!.getTime()).toBeLessThanOrEqual(sorted[i].nextDueAt!.getTime())
        }
      }),
    )
  })
})

describe('weeklyTarget', () => {
  it('keeps every household on its cadence: 14 class C households need 7 visits a week', () => {
    expect(weeklyTarget(Array(14).fill('C'), DEFAULT_CADENCE)).toBe(7)
    expect(weeklyTarget([], DEFAULT_CADENCE)).toBe(0)
    expect(weeklyTarget(['B'], DEFAULT_CADENCE)).toBe(1)
  })
  it('takes the committee number when set', () => {
    expect(weeklyTarget(['C', 'C'], { ...DEFAULT_CADENCE, weeklyTarget: 20 })).toBe(20)
  })
})
