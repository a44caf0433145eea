import { hourWindow, minutesLeftInHour, tooOften } from './rate'

describe('hourly windows', () => {
  it('puts every moment of one clock hour in the same window and the next hour in another', () => {
    const a = new Date('2026-12-02T09:00:00.000Z')
    const b = new Date('2026-12-02T09:59:59.999Z')
    const c = new Date('2026-12-02T10:00:00.000Z')
    expect(hourWindow(a)).toBe('2026-12-02T09')
    expect(hourWindow(b)).toBe(hourWindow(a))
    expect(hourWindow(c)).not.toBe(hourWindow(a))
  })

  it('says how many minutes are left, rounded up and never zero', () => {
    expect(minutesLeftInHour(new Date('2026-12-02T09:00:00.000Z'))).toBe(60)
    expect(minutesLeftInHour(new Date('2026-12-02T09:45:10.000Z'))).toBe(15)
    expect(minutesLeftInHour(new Date('2026-12-02T09:59:59.900Z'))).toBe(1)
    expect(tooOften(new Date('2026-12-02T09:50:00.000Z'))).toBe('操作太频繁，请10分钟后再试')
  })
})
