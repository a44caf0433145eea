/**
 * Timer triggers fire on their 7-field cron schedule in Asia/Shanghai against the local clock: moving the
 * clock to just before 03:00 makes the nightly trigger fire by itself, without a caller.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ fixtures: true, realFunctions: false, timers: true })
})
afterAll(() => t?.stop())

type Tick = { type: string; trigger: string; time: string; openid: string | null; offset: string }

const waitFor = async <T>(probe: () => Promise<T | undefined>, ms: number): Promise<T | undefined> => {
  const until = Date.now() + ms
  while (Date.now() < until) {
    const v = await probe()
    if (v !== undefined) return v
    await new Promise((r) => setTimeout(r, 100))
  }
  return undefined
}

test('moving the clock to 02:59:59 Shanghai makes the nightly 03:00 trigger fire on schedule', async () => {
  // The first 03:00 Asia/Shanghai (19:00 UTC) ahead: the jump to just before it passes no other 03:00.
  const day = 86_400_000
  const next3am = Math.ceil((Date.now() + 5000 - 19 * 3600_000) / day) * day + 19 * 3600_000
  const offset = next3am - 700 - Date.now()
  await t.dev.setClock(offset)
  expect(await t.dev.collection('test_ticks')).toEqual([])

  const tick = await waitFor(async () => (await t.dev.collection<Tick>('test_ticks'))[0], 4000)
  expect(tick).toMatchObject({
    type: 'Timer',
    trigger: 'nightly',
    time: new Date(next3am).toISOString().replace('.000Z', 'Z'),
    openid: null,
  })
  expect(Number(tick!.offset)).toBe(offset)
  // Once per occurrence: a second later it has not fired again.
  await new Promise((r) => setTimeout(r, 600))
  expect(await t.dev.collection('test_ticks')).toHaveLength(1)
  await t.dev.setClock(0)
})

test('on-demand firing returns the function result; the year field is honoured', async () => {
  const fired = await t.dev.fire('ticker', 'nightly')
  expect(fired.ok).toBe(true)
  expect(fired.result).toMatchObject({ type: 'Timer', trigger: 'nightly', openid: null })
  const timers = (await (await fetch(`${t.url}/_dev/api/timers`, { headers: t.devHeaders })).json()) as {
    timers: Array<{ trigger: string; next?: string }>
  }
  expect(timers.timers.find((x) => x.trigger === 'someYear')?.next).toBe('2098-12-31T16:00:00Z')
  // Another name is sent as a console test event would be: the function decides what it means.
  const other = await t.dev.fire('ticker', 'byHand')
  expect(other.result).toMatchObject({ type: 'Timer', trigger: 'byHand' })
  const none = await fetch(`${t.url}/_dev/api/timers/whoami/fire`, {
    method: 'POST',
    headers: { ...t.devHeaders, 'content-type': 'application/json' },
    body: '{}',
  })
  expect(none.status).toBe(404)
})
