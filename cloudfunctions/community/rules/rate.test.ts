import { BACKGROUND_REQUESTS_PER_SECOND, hourWindow, minutesLeftInHour, paceDelayMs, tooOften } from './rate'

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

describe('a background run’s pace', () => {
  it('waits only when it is ahead of its share of the environment’s requests a second', () => {
    // 102 requests (a batch of 50 new households) in 2 s at 15 a second: 6.8 s are due, so wait 4.8 s
    expect(paceDelayMs(102, 2_000, 15)).toBe(4_800)
    expect(paceDelayMs(102, 7_000, 15)).toBe(0)
    expect(paceDelayMs(0, 0)).toBe(0)
  })

  it('keeps any run at or below the pace, whatever its batches cost', () => {
    for (const perBatch of [2, 30, 102]) {
      let elapsed = 0
      let made = 0
      for (let i = 0; i < 20; i++) {
        made += perBatch
        elapsed += 50 + paceDelayMs(made, elapsed + 50) // 50 ms of work, then the wait
      }
      expect((made * 1000) / elapsed).toBeLessThanOrEqual(BACKGROUND_REQUESTS_PER_SECOND)
    }
  })
})
