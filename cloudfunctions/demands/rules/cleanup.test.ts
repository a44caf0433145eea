import fc from 'fast-check'
import { CLEANUP_HOUR, cleanupDue, limitCutoff, uploadCutoff } from './cleanup'

describe('cleanupDue', () => {
  it('is the 03:xx run, Beijing time (19:xx UTC the day before)', () => {
    expect(cleanupDue(new Date('2026-11-23T19:00:00Z'))).toBe(true) // 03:00 on the 24th in Beijing
    expect(cleanupDue(new Date('2026-11-23T19:59:59Z'))).toBe(true)
    expect(cleanupDue(new Date('2026-11-23T03:00:00Z'))).toBe(false) // 03:00 UTC is 11:00 in Beijing
    expect(cleanupDue(new Date('2026-11-23T18:59:59Z'))).toBe(false)
    expect(cleanupDue(new Date('2026-11-23T20:00:00Z'))).toBe(false)
  })
  it('holds for exactly one of the 24 hourly runs of any day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
        (d) => {
          const dayStart = Math.floor(d.getTime() / 86_400_000) * 86_400_000
          const runs = Array.from({ length: 24 }, (_, h) => new Date(dayStart + h * 3_600_000 + 5 * 60_000))
          expect(runs.filter(cleanupDue)).toHaveLength(1)
        },
      ),
    )
    expect(CLEANUP_HOUR).toBe(3)
  })
})

describe('cutoffs', () => {
  const now = new Date('2026-11-24T19:30:00Z')
  it('keeps uploads for 24 hours and limit counters for 2 days', () => {
    expect(uploadCutoff(now)).toEqual(new Date('2026-11-23T19:30:00Z'))
    expect(limitCutoff(now)).toEqual(new Date('2026-11-22T19:30:00Z'))
  })
})
