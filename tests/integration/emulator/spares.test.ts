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

it('a burst binds every ready spare at once; only boots from scratch wait their turn', async () => {
  const b = await startTestCloud({ fixtures: true, realFunctions: false, maxInstances: 4, spares: 3 })
  try {
    const host = b.cloud.host!
    const sizes = new Set(host.stats().map((s) => s.memoryMb)).size
    expect(await waitFor(() => host.readySpares() >= 3 * sizes)).toBe(true)
    const before = host.readySpares()
    const calls = ['a', 'b', 'c'].map((tag) =>
      host.invoke('whoami', { tag, delayMs: 50 }, { caller: { openid: `burst-${tag}` } }),
    )
    // All three start now, each from a spare, although at most one instance boots from scratch at a time.
    expect(host.stats().find((s) => s.name === 'whoami')!.instances).toBe(3)
    expect(host.readySpares()).toBe(before - 3)
    const out = await Promise.all(calls)
    expect(out.map((o) => o.ok && (JSON.parse(o.json) as Whoami).after.OPENID)).toEqual([
      'burst-a',
      'burst-b',
      'burst-c',
    ])
    // The spares are made again only once nothing runs.
    expect(await waitFor(() => host.readySpares() >= 3 * sizes)).toBe(true)
  } finally {
    await b.stop()
  }
})
