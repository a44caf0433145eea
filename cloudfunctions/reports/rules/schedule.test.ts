import { EXPORT_KEEP_DAYS, exportExpiryCutoff, jobsDue } from './schedule'

/** Beijing wall-clock time → the instant. */
const bj = (local: string) => new Date(`${local}+08:00`)
const names = (local: string) => jobsDue(bj(local)).map((d) => (d.catchUp ? `${d.job}?` : d.job))

// 2026-06-01 is a Monday and the 1st of the month.
describe('jobsDue: one hourly trigger, jobs by Beijing time', () => {
  test('an ordinary night and morning', () => {
    expect(names('2026-06-03T01:00:00')).toEqual(['exportJobs', 'expireExports'])
    expect(names('2026-06-03T02:00:00')).toEqual(['recount', 'exportJobs', 'expireExports'])
    expect(names('2026-06-03T07:00:00')).toEqual(['exportJobs', 'expireExports'])
    expect(names('2026-06-03T08:00:00')).toEqual(['dailyDigest', 'exportJobs', 'expireExports'])
  })

  test('the 1st at 07:00 sends the monthly list; a Monday at 08:00 the weekly digest too', () => {
    expect(names('2026-06-01T07:00:00')).toEqual(['monthlyPerformance', 'exportJobs', 'expireExports'])
    expect(names('2026-06-01T08:00:00')).toEqual([
      'monthlyPerformance?',
      'weeklyDigest',
      'dailyDigest',
      'exportJobs',
      'expireExports',
    ])
    expect(names('2026-06-08T08:00:00')).toEqual([
      'weeklyDigest',
      'dailyDigest',
      'exportJobs',
      'expireExports',
    ])
  })

  test('a missed hour is caught up later the same day, only if not done', () => {
    expect(names('2026-06-03T09:00:00')).toEqual(['dailyDigest?', 'exportJobs', 'expireExports'])
    expect(names('2026-06-08T23:00:00')).toEqual([
      'weeklyDigest?',
      'dailyDigest?',
      'exportJobs',
      'expireExports',
    ])
    // The next day it is a new day's digest, not yesterday's again.
    expect(names('2026-06-09T00:00:00')).toEqual(['exportJobs', 'expireExports'])
    expect(names('2026-06-02T07:59:59')).toEqual(['exportJobs', 'expireExports'])
  })

  test('UTC midnight is 08:00 in Beijing: the day is the Beijing day', () => {
    // 2026-05-31T23:30Z is Monday 2026-06-01 07:30 in Beijing.
    expect(jobsDue(new Date('2026-05-31T23:30:00Z')).map((d) => d.job)).toEqual([
      'monthlyPerformance',
      'exportJobs',
      'expireExports',
    ])
  })

  test('a timer that fires twice in the scheduled hour gets the same jobs both times (the jobs are idempotent)', () => {
    expect(jobsDue(bj('2026-06-03T08:00:00'))).toEqual(jobsDue(bj('2026-06-03T08:00:01')))
  })
})

describe('exportExpiryCutoff', () => {
  test(`an export is kept ${EXPORT_KEEP_DAYS} days to the millisecond`, () => {
    const now = new Date('2026-06-10T12:00:00Z')
    const cutoff = exportExpiryCutoff(now)
    expect(cutoff.toISOString()).toBe('2026-06-03T12:00:00.000Z')
    const created = (iso: string) => new Date(iso).getTime() < cutoff.getTime()
    expect(created('2026-06-03T11:59:59.999Z')).toBe(true)
    expect(created('2026-06-03T12:00:00.000Z')).toBe(false)
  })
})
