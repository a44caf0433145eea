import { AppError } from '../../shared/errors'
import { daysOf, lastMonth, lastWeek, previousPeriod, resolvePeriod, yesterday } from './period'

// 2026-03-02 is a Monday; 00:30 in Shanghai is still 03-01 in UTC.
const now = new Date('2026-03-01T16:30:00Z')

const fieldOf = (f: () => unknown): string | undefined => {
  try {
    f()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('INVALID_INPUT')
    return ((err as AppError).details as { issues: { path: string }[] }).issues[0].path
  }
  return undefined
}

describe('periods', () => {
  test('defaults end today in Shanghai', () => {
    expect(resolvePeriod({}, now, { days: 30 })).toEqual({ from: '2026-02-01', to: '2026-03-02', days: 30 })
    expect(resolvePeriod({}, now, { months: 2 })).toEqual({ from: '2026-01-03', to: '2026-03-02', days: 59 })
    expect(resolvePeriod({}, now, 'lastMonth')).toEqual({ from: '2026-02-01', to: '2026-02-28', days: 28 })
  })

  test('an explicit period is kept', () => {
    expect(resolvePeriod({ from: '2025-03-02', to: '2026-03-02' }, now, { days: 30 }).days).toBe(366)
  })

  test('future, reversed, half-given, impossible or over a year → INVALID_INPUT on the field', () => {
    expect(fieldOf(() => resolvePeriod({ from: '2026-03-01', to: '2026-03-03' }, now, { days: 30 }))).toBe(
      'to',
    )
    expect(fieldOf(() => resolvePeriod({ from: '2026-02-10', to: '2026-02-01' }, now, { days: 30 }))).toBe(
      'to',
    )
    expect(fieldOf(() => resolvePeriod({ from: '2026-02-10' }, now, { days: 30 }))).toBe('to')
    expect(fieldOf(() => resolvePeriod({ to: '2026-02-10' }, now, { days: 30 }))).toBe('from')
    expect(fieldOf(() => resolvePeriod({ from: '2026-02-30', to: '2026-03-01' }, now, { days: 30 }))).toBe(
      'from',
    )
    expect(fieldOf(() => resolvePeriod({ from: '2025-03-01', to: '2026-03-02' }, now, { days: 30 }))).toBe(
      'from',
    )
  })

  test('digest periods', () => {
    expect(yesterday(now)).toEqual({ from: '2026-03-01', to: '2026-03-01', days: 1 })
    expect(lastWeek(now)).toEqual({ from: '2026-02-23', to: '2026-03-01', days: 7 })
    // On a Sunday the last full week still ends the Sunday before.
    expect(lastWeek(new Date('2026-03-08T02:00:00Z'))).toEqual({
      from: '2026-02-23',
      to: '2026-03-01',
      days: 7,
    })
    expect(lastMonth('2026-01-01')).toEqual({ from: '2025-12-01', to: '2025-12-31', days: 31 })
    expect(previousPeriod({ from: '2026-02-01', to: '2026-03-02', days: 30 })).toEqual({
      from: '2026-01-02',
      to: '2026-01-31',
      days: 30,
    })
    expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ])
  })
})
