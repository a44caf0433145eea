/**
 * The function host through POST /fn: per-invocation caller isolation, cloud.callFunction between functions,
 * and every failure answered with an envelope (never a hung request), the host serving on afterwards.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ fixtures: true, maxInstances: 4 })
})
afterAll(() => t?.stop())

interface Who {
  before: { OPENID?: string; APPID?: string; ENV?: string }
  after: { OPENID?: string }
  tag: string
  requestId: string
  offset: string
  env: string
  validate: string
}

test('50 concurrent invocations with 50 OPENIDs each see only their own caller', async () => {
  const ids = Array.from({ length: 50 }, (_, i) => `o-user-${i}-${Math.random().toString(36).slice(2, 8)}`)
  const results = await Promise.all(ids.map((id, i) => t.call<never>('whoami', { tag: String(i) }, id)))
  results.forEach((r, i) => {
    const who = r as unknown as Who
    expect(who.tag).toBe(String(i))
    expect(who.before.OPENID).toBe(ids[i])
    // Still its own after awaiting while other invocations ran in other instances.
    expect(who.after.OPENID).toBe(ids[i])
    expect(who.before.ENV).toBe(t.cloud.envId)
  })
  expect(new Set(results.map((r) => (r as unknown as Who).requestId)).size).toBe(50)
  // Capped: 50 invocations served by at most 4 warm-reused instances.
  const stats = t.cloud.host!.stats().find((s) => s.name === 'whoami')!
  expect(stats.coldStarts).toBeLessThanOrEqual(4)
  expect(stats.invocations).toBeGreaterThanOrEqual(50)
})

test('the runtime environment is what CloudBase sets, plus the clock offset', async () => {
  await t.dev.setClock(86_400_000)
  const who = (await t.call('whoami', { delayMs: 0 }, 'o-env')) as unknown as Who
  await t.dev.setClock(0)
  expect(who.env).toBe(t.cloud.envId)
  expect(who.offset).toBe('86400000')
  expect(who.validate).toBe('1')
  expect(who.before.APPID).toBeTruthy()
  const anon = (await t.call('whoami', { delayMs: 0 })) as unknown as Who
  expect(anon.before.OPENID).toBeUndefined()
})

test('console output is kept with the requestId', async () => {
  const who = (await t.call('whoami', { tag: 'log-me', delayMs: 0 }, 'o-log')) as unknown as Who
  const logs = await t.dev.logs({ requestId: who.requestId })
  expect(logs.map((l) => l.text)).toContain('whoami log-me')
  expect(logs.every((l) => l.fn === 'whoami')).toBe(true)
})

test("cloud.callFunction runs the callee with the caller's user context", async () => {
  const r = (await t.call(
    'caller',
    { callee: 'whoami', data: { tag: 'inner', delayMs: 0 } },
    'o-caller',
  )) as unknown as {
    me: { OPENID: string }
    result: Who
    errMsg: string
  }
  expect(r.errMsg).toBe('callFunction:ok')
  expect(r.me.OPENID).toBe('o-caller')
  expect(r.result.tag).toBe('inner')
  expect(r.result.before.OPENID).toBe('o-caller')
})

test('a callee that throws surfaces as FUNCTIONS_EXECUTE_FAIL in the caller', async () => {
  const r = (await t.call('caller', { callee: 'thrower' }, 'o-caller')) as unknown as {
    error: { code: string; errMsg: string }
  }
  expect(r.error.code).toBe('FUNCTIONS_EXECUTE_FAIL')
  expect(r.error.errMsg).toContain('boom')
})

describe('failures are INTERNAL envelopes and the host keeps serving', () => {
  const expectInternal = (r: {
    ok: boolean
    error?: { code: string; message: string; requestId?: string }
  }) => {
    expect(r.ok).toBe(false)
    expect(r.error?.code).toBe('INTERNAL')
    expect(r.error?.message).toMatch(/[\u4e00-\u9fff]/)
    expect(r.error?.requestId).toBeTruthy()
  }

  test('unknown function', async () => {
    expectInternal(await t.call('nope', {}, 'o-x'))
  })

  test('a throw', async () => {
    const r = await t.call('thrower', {}, 'o-x')
    expectInternal(r)
    const logs = await t.dev.logs({ requestId: r.error!.requestId })
    expect(logs.some((l) => l.level === 'error' && l.text.includes('boom'))).toBe(true)
  })

  test('a timeout (none set: the platform default, 3 s) answers at 3 s and the instance is replaced', async () => {
    const started = Date.now()
    const r = await t.call('sleeper', { ms: 6000 }, 'o-x')
    expectInternal(r)
    expect(r.error?.message).toBe('云函数执行超时，请稍后再试')
    const took = Date.now() - started
    expect(took).toBeGreaterThanOrEqual(2900)
    expect(took).toBeLessThan(5000)
    expect(t.cloud.host!.config('sleeper')?.timeout).toBe(3)
    expect(await t.call('sleeper', { ms: 10 }, 'o-x')).toEqual({ slept: 10 })
  })

  test('a CPU-bound hang is cut off too', async () => {
    expectInternal(await t.call('sleeper', { spin: true }, 'o-x'))
    expect(await t.call('sleeper', { ms: 1 }, 'o-x')).toEqual({ slept: 1 })
  })

  test('a crashing instance (exit, unhandled rejection) is replaced', async () => {
    expectInternal(await t.call('thrower', { how: 'exit' }, 'o-x'))
    expectInternal(await t.call('thrower', { how: 'reject' }, 'o-x'))
    expect(await t.call('thrower', { how: 'ok' }, 'o-x')).toEqual({ fine: true })
  })

  test('a malformed body is INVALID_INPUT', async () => {
    const res = await fetch(`${t.url}/fn/whoami`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"action":',
    })
    const r = (await res.json()) as { ok: boolean; error: { code: string } }
    expect(res.status).toBe(200)
    expect(r.ok).toBe(false)
    expect(r.error.code).toBe('INVALID_INPUT')
  })
})

test('instances run below the main thread (the local stand-in for the cloud services they call)', async () => {
  if (!existsSync('/proc/self/task')) {
    console.log('skipped: no per-thread priorities to read on this platform')
    return
  }
  /** nice of each thread of this process (field 19 of /proc/<pid>/task/<tid>/stat). */
  const nices = () =>
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')
      return [tid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])] as const
    })
  await t.call('whoami', { tag: 'nice' }, 'o-nice')
  const all = nices()
  expect(all.find(([tid]) => tid === String(process.pid))?.[1]).toBe(0)
  expect(all.filter(([, nice]) => nice === 10).length).toBeGreaterThanOrEqual(1)
})
