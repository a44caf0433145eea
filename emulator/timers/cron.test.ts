import { parseCron } from './cron'

const at = (iso: string) => Date.parse(iso)

test('7-field cron in Asia/Shanghai: 03:00 daily is 19:00 UTC', () => {
  const s = parseCron('0 0 3 * * * *')
  expect(new Date(s.nextAfter(at('2026-03-01T00:00:00Z'))!).toISOString()).toBe('2026-03-01T19:00:00.000Z')
  expect(new Date(s.latestAtOrBefore(at('2026-03-01T19:00:00Z'))!).toISOString()).toBe(
    '2026-03-01T19:00:00.000Z',
  )
  expect(new Date(s.latestAtOrBefore(at('2026-03-01T18:59:59.999Z'))!).toISOString()).toBe(
    '2026-02-28T19:00:00.000Z',
  )
})

test('the year field filters occurrences', () => {
  const s = parseCron('0 0 0 1 1 * 2030')
  expect(new Date(s.nextAfter(at('2026-06-01T00:00:00Z'))!).toISOString()).toBe('2029-12-31T16:00:00.000Z')
  expect(s.nextAfter(at('2030-06-01T00:00:00Z'))).toBeUndefined()
  const range = parseCron('0 30 * * * * 2026-2027')
  expect(new Date(range.nextAfter(at('2027-12-31T15:00:00Z'))!).toISOString()).toBe(
    '2027-12-31T15:30:00.000Z',
  )
  expect(range.nextAfter(at('2027-12-31T15:59:00Z'))).toBeUndefined()
})

test('malformed expressions are rejected when loaded', () => {
  expect(() => parseCron('0 0 3 * * *')).toThrow('7 个字段')
  expect(() => parseCron('0 0 3 * * * nextyear')).toThrow('年份')
})

test('weekday names are read, digits refused (their meaning differs between platform pages)', () => {
  // 2026-03-02 is a Monday.
  const mon = parseCron('0 0 8 * * MON *')
  expect(new Date(mon.nextAfter(at('2026-02-27T00:00:00Z'))!).toISOString()).toBe('2026-03-02T00:00:00.000Z')
  expect(() => parseCron('0 0 8 * * 1 *')).toThrow('星期字段不能写数字')
  expect(() => parseCron('0 0 8 * * 0-4 *')).toThrow('星期字段不能写数字')
  expect(parseCron('0 0 8 ? * MON-FRI *').nextAfter(at('2026-02-28T00:00:00Z'))).toBe(
    at('2026-03-02T00:00:00Z'),
  )
})
