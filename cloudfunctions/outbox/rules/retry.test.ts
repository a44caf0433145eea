import { afterError, backoffMs, MAX_ATTEMPTS } from './retry'

const now = new Date('2026-11-23T00:00:00Z')

describe('delivery retries', () => {
  it('records 43101 as not granted and never retries it', () => {
    expect(afterError({ errCode: 43101, errMsg: 'user refuse' }, 1, now).status).toBe('not_granted')
  })
  it('backs off 1, 2, 4, 8 minutes', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000])
    const o = afterError({ errCode: -1, errMsg: 'system error' }, 3, now)
    expect(o).toMatchObject({ status: 'pending', nextAttemptAt: new Date(now.getTime() + 240_000) })
  })
  it('gives up after the last attempt', () => {
    expect(afterError({ errCode: -1 }, MAX_ATTEMPTS, now).status).toBe('failed')
    expect(afterError({ errCode: -1 }, MAX_ATTEMPTS - 1, now).status).toBe('pending')
  })
})
