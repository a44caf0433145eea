import { businessDay, statsId } from './stats'

test('business days are Asia/Shanghai days, not UTC days', () => {
  // 2026-11-23 16:30 UTC is already 00:30 on the 24th in Shanghai.
  expect(businessDay(new Date('2026-11-23T16:30:00Z'))).toBe('2026-11-24')
  expect(businessDay(new Date('2026-11-23T15:59:59Z'))).toBe('2026-11-23')
})

test('one counters document per committee and day', () => {
  expect(statsId('c-chunhui', '2026-11-23')).toBe('stats:c-chunhui:2026-11-23')
})
