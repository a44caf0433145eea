/**
 * Spare runtimes (emulator/host/index.ts `spares`): a cold start takes a worker that has Node and the SDK
 * up, binds it to one function and loads only its bundle. Bound, it is that function's instance like any
 * other: its own environment and caller context, one invocation at a time, counted as a cold start; the
 * spares are topped up again once the host is quiet. Bundles load through V8's code cache from the second
 * instance on, which nothing in the function can observe.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

jest.setTimeout(120_000)

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ fixtures: true, realFunctions: false, maxInstances: 2, spares: 1 })
})
afterAll(() => t?.stop())

const waitFor = async (cond: () => boolean, ms = 30_000) => {
  const until = Date.now() + ms
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
  return cond()
}

interface Whoami {
  before: { OPENID?: string }
  after: { OPENID?: string }
  tag?: string
  env?: string
}

it('a function started from a spare runs as itself, with its caller, one call at a time', async () => {
  const host = t.cloud.host!
  const spares = () =>
    (host as unknown as { spareWorkers: Map<number, Array<{ ready: boolean }>> }).spareWorkers
  expect(await waitFor(() => [...spares().values()].some((l) => l.some((s) => s.ready)))).toBe(true)

  const calls = await Promise.all(
    ['a', 'b', 'c', 'd'].map((tag) => t.call<Whoami>('whoami', { tag, delayMs: 50 }, `spare-user-${tag}`)),
  )
  for (const [i, tag] of ['a', 'b', 'c', 'd'].entries()) {
    const r = calls[i] as unknown as Whoami
    expect(r.tag).toBe(tag)
    expect(r.before.OPENID).toBe(`spare-user-${tag}`)
    expect(r.after.OPENID).toBe(`spare-user-${tag}`)
    expect(r.env).toBe(t.cloud.envId)
  }
  const stats = host.stats().find((s) => s.name === 'whoami')!
  expect(stats.instances).toBeLessThanOrEqual(2)
  expect(stats.coldStarts).toBeGreaterThanOrEqual(1)

  // From zero instances again: the next cold start loads the bundle from the first one's code cache.
  await host.retire('whoami')
  const again = (await t.call<Whoami>('whoami', { tag: 'e' }, 'spare-user-e')) as unknown as Whoami
  expect(again.after.OPENID).toBe('spare-user-e')
  // And the spares are topped up once the host is quiet.
  expect(
    await waitFor(() => [...spares().values()].every((l) => l.length >= 1 && l.every((s) => s.ready))),
  ).toBe(true)
})
