import dayjs from 'dayjs'
import { businessDay, shanghaiTime, statsId, TZ } from './stats'

test('business days are Asia/Shanghai days, not UTC days', () => {
  // 2026-11-23 16:30 UTC is already 00:30 on the 24th in Shanghai.
  expect(businessDay(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24')
  expect(businessDay(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23')
})

test('Shanghai times read as dayjs reads them in Asia/Shanghai, midnight included', () => {
  expect(shanghaiTime(new Date('2026-11-23T16:00:00Z'))).toBe('2026-11-24 00:00')
  expect(shanghaiTime('2026-11-23T06:05:59Z')).toBe('2026-11-23 14:05')
  const start = Date.parse('2026-01-01T00:00:00Z')
  for (let i = 0; i < 400; i++) {
    const at = new Date(start + i * 22 * 3_600_000 + i * 61_000)
    expect(businessDay(at)).toBe(dayjs(at).tz(TZ).format('YYYY-MM-DD'))
    expect(shanghaiTime(at)).toBe(dayjs(at).tz(TZ).format('YYYY-MM-DD HH:mm'))
  }
})

test('one counters document per committee and day', () => {
  expect(statsId('c-chunhui', '2026-11-23')).toBe('stats:c-chunhui:2026-11-23')
})
