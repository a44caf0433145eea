/**
 * The sweep (issue 19): every page of app.config, as each demo identity whose role reaches it, in normal and
 * 长辈模式. Each visit: a screenshot, axe-core (0 serious/critical), nothing wider than the phone outside a
 * scroll container; in 长辈模式 also no visible text under 18 px and no tap target under 48 px.
 *
 * Pages come from src/app.config.ts, so a page added there is swept without touching this file; which
 * identities reach it comes from the workbench tiles (src/pkg-staff/workbench/tiles.ts) and the package it
 * lives in, and a page that shows one thing is opened the way its link opens it (PARAMS, from the seed).
 * A page that shows an error, or never finishes loading, is a finding too.
 *
 * One product, one browser, one context per identity; each mode is one pass over that identity's pages.
 * Any finding fails: there is no list of tolerated ones. Each identity's test prints where its time went.
 */
import type { Page } from 'playwright-core'
import { COMMITTEES, DEMO_IDENTITIES, type DemoIdentity } from '../../emulator/seed/identities'
import type { Role } from '../../types/roles'
import { WORK_TILES } from '../../src/pkg-staff/workbench/tiles'
import {
  axeSerious,
  browserSuite,
  describeViolations,
  openSession,
  screenshot,
  signInAs,
  useStage,
  type Stage,
} from './harness'

const suite = browserSuite()
// A bound, not a target: the sweep takes a few minutes (see the timing each identity's test prints).
jest.setTimeout(900_000)

/** The H5 app.config, read the way Taro reads it. */
function appPages(): string[] {
  const g = globalThis as { defineAppConfig?: (c: unknown) => unknown }
  const before = process.env.TARO_ENV
  g.defineAppConfig = (c) => c
  process.env.TARO_ENV = 'h5'
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../../src/app.config').default as {
      pages: string[]
      subPackages?: { root: string; pages: string[] }[]
    }
    return [
      ...config.pages.map((p) => `/${p}`),
      ...(config.subPackages ?? []).flatMap((s) => s.pages.map((p) => `/${s.root}/${p}`)),
    ]
  } finally {
    process.env.TARO_ENV = before
  }
}

const OPENID: Record<Role, string> = {
  resident: 'demo-resident-wang',
  blockHead: 'demo-blockhead-zhang',
  committeeAdmin: 'demo-admin-chen',
  windowClerk: 'demo-clerk-liu',
  officer: 'demo-officer-zhao',
} as Record<Role, string>

/** The roles a page is for: a workbench tile names them; otherwise the package and folder say. */
function rolesFor(route: string): Role[] {
  const tile = WORK_TILES.find((t) => t.url === route)
  if (tile) return [...tile.roles]
  if (route.startsWith('/pkg-office/')) return ['officer']
  if (route === '/pkg-staff/workbench/index') return ['blockHead', 'committeeAdmin', 'windowClerk']
  if (/^\/pkg-staff\/(bookings|learning)\//.test(route)) return ['windowClerk']
  if (/^\/pkg-staff\/(demands|visits)\//.test(route)) return ['blockHead']
  if (route.startsWith('/pkg-staff/')) return ['committeeAdmin']
  return ['resident']
}

type Api = <T>(fn: string, action: string, input: Record<string, unknown>) => Promise<T>

/**
 * The query a page is opened with where it shows one thing (what the link that leads there carries), from
 * the seed; a page without a row here is visited without parameters. A page opened without what it needs
 * would only show its error state, and the sweep would look at nothing.
 */
const PARAMS: Record<string, (api: Api) => Promise<Record<string, string | undefined>>> = {
  '/demands/pages/detail/index': async (api) => ({
    id: (await api<{ items: { id: string }[] }>('demands', 'mine', { limit: 5 })).items[0]?.id,
  }),
  '/pkg-staff/demands/detail/index': async (api) => ({
    id: (await api<{ items: { id: string }[] }>('demands', 'inbox', { limit: 5 })).items[0]?.id,
  }),
  '/bookings/pages/item/index': async (api) => ({ id: await firstItem(api) }),
  '/bookings/pages/book/index': async (api) => ({ items: await firstItem(api) }),
  '/pkg-staff/learning/lesson/index': async (api) => ({ id: await firstItem(api) }),
  '/pkg-staff/bookings/item-edit/index': async (api) => ({ id: await firstItem(api) }),
  '/bookings/pages/ticket/index': async (api) => {
    const mine = await api<{ upcoming: { id: string }[]; past: { id: string }[] }>('bookings', 'mine', {})
    return { id: (mine.upcoming[0] ?? mine.past[0])?.id }
  },
  '/community/pages/notice/index': async (api) => ({
    id: (await api<{ items: { id: string }[] }>('community', 'notices', {})).items[0]?.id,
  }),
  '/pkg-staff/visits/household/index': async (api) => ({ id: await firstHousehold(api) }),
  '/pkg-staff/visits/edit/index': async (api) => ({ id: await firstHousehold(api) }),
  '/pkg-staff/visits/record/index': async (api) => ({ id: await firstHousehold(api) }),
  '/pkg-staff/visits/online/index': async (api) => ({ id: await firstHousehold(api) }),
  '/pkg-office/org/committee/index': async () => ({ id: COMMITTEES[0].id }),
  '/pkg-office/org/import/index': async () => ({ committeeId: COMMITTEES[0].id }),
  '/pkg-office/org/poster/index': async () => ({ kind: 'follow', committeeId: COMMITTEES[0].id }),
}

async function firstItem(api: Api): Promise<string | undefined> {
  return (await api<{ items: { id: string }[] }>('bookings', 'items', {})).items[0]?.id
}

async function firstHousehold(api: Api): Promise<string | undefined> {
  const { items } = await api<{ items: { householdId?: string; id?: string }[] }>('visits', 'catalogue', {
    limit: 1,
  })
  return items.map((i) => i.householdId ?? i.id)[0]
}

/** Page-side checks: overflow always; in 长辈模式 text and tap-target sizes. Returns readable findings. */
async function layoutProblems(page: Page, elder: boolean): Promise<string[]> {
  return page.evaluate((elder) => {
    const found: string[] = []
    const shell = Array.from(document.querySelectorAll<HTMLElement>('.page-shell')).find(
      (el) => el.offsetParent !== null,
    )
    if (!shell) return ['no visible page']
    const error = Array.from(shell.querySelectorAll<HTMLElement>('.state-error')).find(
      (el) => el.offsetParent,
    )
    if (error) found.push(`shows an error: ${(error.textContent ?? '').trim().slice(0, 60)}`)
    const vw = document.documentElement.clientWidth
    const visible = (el: Element) => {
      const s = getComputedStyle(el)
      if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false
      const r = el.getBoundingClientRect()
      return r.width > 0 && r.height > 0
    }
    const describe = (el: Element) => {
      const cls = (el.getAttribute('class') ?? '').split(/\s+/).filter(Boolean).slice(0, 2).join('.')
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 24)
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls ? `.${cls}` : ''} “${text}”`
    }
    const hiddenFromEyes = (el: Element) => Boolean(el.closest('.sr-only, [aria-hidden="true"] canvas'))
    const scrollsSideways = (el: Element) => {
      for (let a = el.parentElement; a && a !== shell.parentElement; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX
        if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') return a !== shell
      }
      return false
    }
    const scope = [shell, ...Array.from(document.querySelectorAll('.taro-tabbar__tabbar'))]
    const all = scope.flatMap((root) => [root, ...Array.from(root.querySelectorAll('*'))])
    const overflowing = new Set<string>()
    for (const el of all) {
      if (!visible(el) || hiddenFromEyes(el)) continue
      const r = el.getBoundingClientRect()
      if ((r.right > vw + 1 || r.left < -1) && !scrollsSideways(el)) overflowing.add(describe(el))
    }
    for (const o of [...overflowing].slice(0, 5)) found.push(`wider than the phone: ${o}`)
    if (!elder) return found

    const small = new Set<string>()
    for (const root of scope) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement
        if (!el || !(n.textContent ?? '').trim() || !visible(el) || hiddenFromEyes(el)) continue
        const size = parseFloat(getComputedStyle(el).fontSize)
        if (size < 17.5) small.add(`${size.toFixed(1)}px ${describe(el)}`)
      }
    }
    for (const s of [...small].slice(0, 8)) found.push(`text under 18 px: ${s}`)

    const targets = new Set<string>()
    const tappable =
      'button, a[href], input:not([type=hidden]), textarea, select, [role=button], [role=link], [role=radio], ' +
      '[role=checkbox], [role=switch], [role=tab], .nut-button, .weui-tabbar__item'
    for (const root of scope)
      for (const el of Array.from(root.querySelectorAll(tappable))) {
        if (!visible(el) || hiddenFromEyes(el)) continue
        // A link inside a sentence is exempt (WCAG 2.5.8); so is the control inside a bigger tappable box.
        if (getComputedStyle(el).display === 'inline') continue
        const r = el.getBoundingClientRect()
        const box = el.closest(
          '.nut-button, [role=button], [role=radio], [role=checkbox], [role=switch], [role=link]',
        )
        const outer = box && box !== el ? box.getBoundingClientRect() : r
        if (Math.max(r.height, outer.height) < 47.5 || Math.max(r.width, outer.width) < 47.5)
          targets.add(`${Math.round(r.width)}×${Math.round(r.height)} ${describe(el)}`)
      }
    for (const t of [...targets].slice(0, 8)) found.push(`tap target under 48 px: ${t}`)
    return found
  }, elder)
}

async function setElder(page: Page, on: boolean) {
  await page.evaluate((on) => localStorage.setItem('linli.elderMode', JSON.stringify({ data: on })), on)
}

/**
 * The page is there to look at: the visible page has rendered, nothing on it is still loading, and Taro's
 * page-enter slide has ended (the page sits at the left edge, untransformed) — waited for, not guessed.
 */
async function ready(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const shell = Array.from(document.querySelectorAll<HTMLElement>('.page-shell')).find(
        (el) => el.offsetParent !== null,
      )
      if (!shell) return false
      if (Array.from(document.querySelectorAll<HTMLElement>('.state-loading')).some((el) => el.offsetParent))
        return false
      const slide = shell.closest('.taro_page')
      return !slide || Math.abs(slide.getBoundingClientRect().left) < 0.5
    },
    undefined,
    { polling: 50 },
  )
}

/** How many identities are swept at once (each is its own browser context on the one product). */
const PARALLEL = Math.max(1, Number(process.env.LINLI_SWEEP_PARALLEL ?? 2))

interface Sweep {
  problems: string[]
  visits: number
  /** Milliseconds spent per step, over all visits: where the sweep's time goes. */
  spent: Record<'open' | 'ready' | 'screenshot' | 'axe' | 'layout', number>
}

/** Visits every route as one identity, normal then 长辈模式; never throws (a failure is a problem). */
async function sweepIdentity(
  stage: Stage,
  identity: DemoIdentity,
  routes: readonly string[],
): Promise<Sweep> {
  const result: Sweep = {
    problems: [],
    visits: 0,
    spent: { open: 0, ready: 0, screenshot: 0, axe: 0, layout: 0 },
  }
  const timed = async <T>(step: keyof Sweep['spent'], work: () => Promise<T>): Promise<T> => {
    const t0 = Date.now()
    try {
      return await work()
    } finally {
      result.spent[step] += Date.now() - t0
    }
  }
  const { problems } = result
  let session: Awaited<ReturnType<typeof openSession>> | undefined
  try {
    session = await openSession(stage.browser, stage.product.url, { consent: true })
    const { page } = session
    await signInAs(page, identity.openid)
    const api: Api = async (fn, action, input) => {
      const res = await fetch(`${stage.product.url}/fn/${fn}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': identity.openid },
        body: JSON.stringify({ action, ...input }),
      })
      const body = (await res.json()) as { ok: boolean; data: unknown }
      if (!body.ok) throw new Error(`${fn}.${action}: ${JSON.stringify(body)}`)
      return body.data as never
    }
    const urls = new Map<string, string>()
    for (const route of routes) {
      const params = PARAMS[route] ? await PARAMS[route](api) : {}
      const missing = Object.keys(params).filter((k) => !params[k])
      if (missing.length) problems.push(`${identity.openid} ${route}: the seed gave no ${missing.join(', ')}`)
      const query = new URLSearchParams(params as Record<string, string>).toString()
      urls.set(route, query ? `${route}?${query}` : route)
    }
    for (const elder of [false, true]) {
      await setElder(page, elder)
      for (const route of routes) {
        const where = `${identity.openid} ${route}${elder ? ' (长辈模式)' : ''}`
        const shot = `sweep-${identity.openid}-${route.replace(/\/index$/, '')}${elder ? '-elder' : ''}`
        result.visits++
        await timed('open', () => page.goto(urls.get(route)!))
        try {
          await timed('ready', () => ready(page))
        } catch (e) {
          await screenshot(page, `${shot}-UNSETTLED`)
          const loading = await page.locator('.state-loading:visible').count()
          problems.push(
            `${where}: never ready (${loading ? 'still loading' : 'no page shown'}): ${String(e).split('\n')[0]}`,
          )
          continue
        }
        if (new URL(page.url()).pathname !== route) {
          problems.push(`${where}: went to ${new URL(page.url()).pathname}`)
          continue
        }
        await timed('screenshot', () => screenshot(page, shot))
        const violations = await timed('axe', () => axeSerious(page))
        if (violations.length) problems.push(describeViolations(where, violations))
        const layout = await timed('layout', () => layoutProblems(page, elder))
        problems.push(...layout.map((p) => `${where}: ${p}`))
      }
    }
  } catch (e) {
    problems.push(`${identity.openid}: the sweep stopped: ${String(e).split('\n')[0]}`)
  } finally {
    await session?.context.close().catch(() => undefined)
  }
  return result
}

/** Runs `jobs` at most `limit` at a time; the n-th promise settles with the n-th job. */
function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T>[] {
  let free = limit
  const waiting: (() => void)[] = []
  const slot = () => (free > 0 ? (free--, Promise.resolve()) : new Promise<void>((r) => waiting.push(r)))
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else free++
  }
  return jobs.map(async (job) => {
    await slot()
    try {
      return await job()
    } finally {
      release()
    }
  })
}

suite('the sweep: every page, every role that reaches it, normal and 长辈模式', () => {
  const stage = useStage()
  const pages = appPages()

  test('app.config lists the pages the sweep reads', () => {
    expect(pages).toContain('/community/pages/home/index')
    expect(pages.some((p) => p.startsWith('/pkg-office/'))).toBe(true)
  })

  const byIdentity = new Map<string, string[]>()
  for (const route of pages) {
    if (route === '/shared/pages/signin/index') continue // shell.e2e checks it signed out, with its prompt
    for (const role of rolesFor(route)) {
      const openid = OPENID[role]
      byIdentity.set(openid, [...(byIdentity.get(openid) ?? []), route])
    }
  }
  const swept = DEMO_IDENTITIES.filter((i) => byIdentity.has(i.openid))

  // Every identity's sweep starts with the first test that needs one (the stage is up by then), PARALLEL at
  // a time; each identity's test waits for its own and reports its own findings.
  let sweeps: Map<string, Promise<Sweep>> | undefined
  const sweepOf = (openid: string) => {
    sweeps ??= new Map(
      limited(
        swept.map((i) => () => sweepIdentity(stage, i, byIdentity.get(i.openid)!)),
        PARALLEL,
      ).map((p, n) => [swept[n].openid, p]),
    )
    return sweeps.get(openid)!
  }

  for (const identity of swept) {
    test(`${identity.name} (${identity.role}): ${byIdentity.get(identity.openid)!.length} pages`, async () => {
      const t0 = Date.now()
      const { problems, visits, spent } = await sweepOf(identity.openid)
      console.log(
        `${identity.openid}: ${visits} visits, waited ${Date.now() - t0} ms here; time per step (ms): ${JSON.stringify(spent)}`,
      )
      expect(problems).toEqual([])
    })
  }
})
