/** The dev console's JSON API and pages, and the static H5 site with its SPA fallback. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startLocalCloud, type LocalCloud } from '../../../emulator/server'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ fixtures: true, realFunctions: false })
})
afterAll(() => t?.stop())

const get = async <T>(path: string): Promise<T> =>
  (await (await fetch(`${t.url}${path}`, { headers: t.devHeaders })).json()) as T
const post = (path: string, body?: string): Promise<Response> =>
  fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { ...t.devHeaders, 'content-type': 'application/json' },
    body,
  })

test('identities, clock and the console page', async () => {
  const ids = await get<Array<{ openid: string; role: string }>>('/_dev/api/identities')
  expect(ids.find((i) => i.openid === 'demo-resident-wang')?.role).toBe('resident')
  expect((await t.dev.setClock(3_600_000)).offsetMs).toBe(3_600_000)
  expect(t.cloud.clock.offsetMs).toBe(3_600_000)
  const abs = await (await post('/_dev/api/clock', JSON.stringify({ now: '2030-01-01T00:00:00Z' }))).json()
  expect(
    Math.abs(Date.parse((abs as { now: string }).now) - Date.parse('2030-01-01T00:00:00Z')),
  ).toBeLessThan(1000)
  await t.dev.setClock(0)
  const bad = await post('/_dev/api/clock', '{"offsetMs":"soon"}')
  expect(bad.status).toBe(400)
  const page = await fetch(`${t.url}/_dev/`)
  expect(page.headers.get('content-type')).toContain('text/html')
  expect(await page.text()).toContain('开发者控制台')
})

test('collections are browsed newest first, limited', async () => {
  await t.cloud.database.insertMany(
    'notices',
    [1, 2, 3, 4, 5].map((n) => ({ _id: `n${n}`, n })),
  )
  const docs = await t.dev.collection<{ n: number }>('notices', 3)
  expect(docs.map((d) => d.n)).toEqual([5, 4, 3])
  expect((await fetch(`${t.url}/_dev/api/collections/bad%20name`, { headers: t.devHeaders })).status).toBe(
    400,
  )
})

test('stats expose function and database counters; reset clears the database ones', async () => {
  await t.call('whoami', { delayMs: 0 }, 'o-stats')
  const stats = await get<{
    functions: Array<{ name: string; invocations: number }>
    database: Record<string, number> | null
  }>('/_dev/api/stats')
  expect(stats.functions.find((f) => f.name === 'whoami')?.invocations).toBeGreaterThan(0)
  expect(stats.database).not.toBeNull()
  await post('/_dev/api/stats/reset')
  const after = await get<{ database: Record<string, number> }>('/_dev/api/stats')
  expect(Object.values(after.database).reduce((a, b) => a + b, 0)).toBe(0)
})

test('unknown dev API paths are 404 with a message', async () => {
  const res = await fetch(`${t.url}/_dev/api/nothing`, { headers: t.devHeaders })
  expect(res.status).toBe(404)
  expect(((await res.json()) as { error: string }).error).toContain('没有这个接口')
})

describe('the H5 site at /', () => {
  let cloud: LocalCloud
  const h5 = mkdtempSync(join(tmpdir(), 'linli-h5-'))
  beforeAll(async () => {
    cloud = await startLocalCloud({
      dataDir: mkdtempSync(join(tmpdir(), 'linli-')),
      port: 0,
      quiet: true,
      functions: false,
      h5Dir: h5,
    })
  })
  afterAll(() => cloud?.stop())

  test('without a build, / explains in Chinese how to build it', async () => {
    const res = await fetch(`${cloud.url}/`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('npm run build:h5')
  })

  test('with a build, assets are served and app routes fall back to index.html', async () => {
    mkdirSync(join(h5, 'js'))
    writeFileSync(join(h5, 'index.html'), '<div id="app"></div>')
    writeFileSync(join(h5, 'js', 'app.1234abcd.js'), 'console.log(1)')
    expect(await (await fetch(`${cloud.url}/pages/demands/detail?id=1`)).text()).toBe('<div id="app"></div>')
    const js = await fetch(`${cloud.url}/js/app.1234abcd.js`)
    expect(js.headers.get('content-type')).toContain('javascript')
    expect(js.headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${cloud.url}/js/missing.js`)).status).toBe(404)
    expect((await fetch(`${cloud.url}/..%2f..%2fetc/passwd`)).status).not.toBe(500)
  })
})
