/**
 * Hourly allowances of community: an admin's notices and a person's invitation-code attempts, through the real
 * wx-server-sdk. The clock is moved to the middle of an hour so that no burst straddles two windows.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'
import { MAX_NOTICES_PER_HOUR, MAX_REDEEMS_PER_HOUR } from '../../../cloudfunctions/community/rules/rate'

let t: TestCloud
const call = <A extends ContractAction<'community'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'community', A>>('community', { action, ...input }, openid)
const fresh = (name: string) => `test-${name}-${Math.random().toString(36).slice(2, 8)}`
const HOUR = 3_600_000

/** A new committee admin of 春晖, made through an invitation. */
async function newAdmin(): Promise<string> {
  const who = fresh('admin')
  const { code } = ok(await call('invite', { role: 'committeeAdmin' }, 'demo-admin-chen'))
  ok(await call('redeem', { code }, who))
  return who
}

let offset = 0
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
  // 25 minutes past an hour: the bursts below take seconds, far from the next window.
  const now = Date.now()
  offset = HOUR - (now % HOUR) + 25 * 60_000
  await t.dev.setClock(offset)
})
afterAll(() => t?.stop())

const notice = (i: number, extra: Record<string, unknown> = {}) => ({
  title: `通知${i}`,
  body: '周四上午楼道灯维修。',
  ...extra,
})

describe('publishNotice', () => {
  it(`allows ${MAX_NOTICES_PER_HOUR} an hour per admin; a retry costs nothing; the next is told when to try`, async () => {
    const admin = await newAdmin()
    const first = ok(await call('publishNotice', notice(0, { clientRequestId: 'rate-limit-retry-1' }), admin))
    const again = ok(await call('publishNotice', notice(0, { clientRequestId: 'rate-limit-retry-1' }), admin))
    expect(again.notice.id).toBe(first.notice.id)
    for (let i = 1; i < MAX_NOTICES_PER_HOUR; i++) ok(await call('publishNotice', notice(i), admin))
    const refused = await call('publishNotice', notice(99), admin)
    expect(refused.error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^操作太频繁，请3[45]分钟后再试$/),
    })
    const mine = (await t.dev.collection<{ authorOpenid: string }>('notices', 1000)).filter(
      (n) => n.authorOpenid === admin,
    )
    expect(mine).toHaveLength(MAX_NOTICES_PER_HOUR)
    // Another admin of the same committee has an hour of their own.
    ok(await call('publishNotice', notice(100), 'demo-admin-chen'))
  })

  it('holds under 20 simultaneous publishes, and the next hour opens a new window', async () => {
    const admin = await newAdmin()
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, i) => call('publishNotice', notice(i), admin)),
    )
    expect(all.filter((r) => r.ok)).toHaveLength(MAX_NOTICES_PER_HOUR)
    expect(all.filter((r) => r.error?.code === 'RATE_LIMITED')).toHaveLength(20 - MAX_NOTICES_PER_HOUR)
    await t.dev.setClock(offset + HOUR)
    try {
      ok(await call('publishNotice', notice(21), admin))
    } finally {
      await t.dev.setClock(offset)
    }
  })
})

describe('redeem', () => {
  it(`counts every attempt: after ${MAX_REDEEMS_PER_HOUR} wrong codes even a right one waits`, async () => {
    const guesser = fresh('guess')
    for (let i = 0; i < MAX_REDEEMS_PER_HOUR; i++) {
      const code = `ZZ${String(i).padStart(6, '0')}`
      expect((await call('redeem', { code }, guesser)).error?.code).toBe('NOT_FOUND')
    }
    const { code } = ok(await call('invite', { role: 'blockHead' }, 'demo-admin-chen'))
    expect((await call('redeem', { code }, guesser)).error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^操作太频繁，请\d+分钟后再试$/),
    })
    // The code is still unused: someone else redeems it.
    expect(ok(await call('redeem', { code }, fresh('head'))).staff.role).toBe('blockHead')
  })

  it('holds under 30 simultaneous guesses', async () => {
    const guesser = fresh('burst')
    const all = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        call('redeem', { code: `YY${String(i).padStart(6, '0')}` }, guesser),
      ),
    )
    expect(all.filter((r) => r.error?.code === 'NOT_FOUND')).toHaveLength(MAX_REDEEMS_PER_HOUR)
    expect(all.filter((r) => r.error?.code === 'RATE_LIMITED')).toHaveLength(30 - MAX_REDEEMS_PER_HOUR)
  })
})
