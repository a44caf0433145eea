/**
 * Browser-test harness: starts the product (`emulator/cli.ts start` on a free port with a temporary data
 * dir, serving the already built dist/h5), drives Debian's chromium through playwright-core at 375×812,
 * signs in as demo identities, takes screenshots and runs axe-core on every page it visits.
 *
 * Set LINLI_E2E_URL to test a product that is already running instead of starting one.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const ROOT = resolve(__dirname, '..', '..')
export const SCREENSHOT_DIR = join(ROOT, 'test-artifacts', 'screenshots')

/** Storage keys of src/shared/prefs.ts (Taro stores `{ data: value }` JSON in localStorage). */
const KEYS = { openid: 'linli.openid', elderMode: 'linli.elderMode', privacyConsent: 'linli.privacyConsent' }

export const ROUTES = {
  signin: '/shared/pages/signin/index',
  privacy: '/shared/pages/privacy/index',
  home: '/community/pages/home/index',
  demands: '/demands/pages/mine/index',
  bookings: '/bookings/pages/items/index',
  me: '/community/pages/me/index',
  workbench: '/pkg-staff/workbench/index',
  office: '/pkg-office/home/index',
} as const

// ---- chromium ------------------------------------------------------------------------------------

/** CHROMIUM_PATH, else `chromium` (or `chromium-browser`) on PATH. */
export function findChromium(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : undefined
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim()
      if (found) return found
    } catch {
      // not on PATH
    }
  }
  return undefined
}

/**
 * `describe` for a browser suite, or `describe.skip` without a browser: then it fails when
 * LINLI_REQUIRE_E2E=1, else prints a loud reason.
 */
export function browserSuite(): jest.Describe {
  return browserOrSkip() ? describe : describe.skip
}

function browserOrSkip(): string | undefined {
  const path = findChromium()
  if (path) return path
  const reason =
    'No Chromium found (set CHROMIUM_PATH or install it: apt-get install -y chromium fonts-noto-cjk); browser tests are SKIPPED.'
  if (process.env.LINLI_REQUIRE_E2E === '1') throw new Error(`LINLI_REQUIRE_E2E=1 but ${reason}`)
  console.warn(`\n${'!'.repeat(100)}\n!! ${reason}\n${'!'.repeat(100)}\n`)
  return undefined
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  })
}

/** What a browser suite runs against: the product and one Chromium, both started once per file. */
export interface Stage {
  readonly product: Product
  readonly browser: Browser
}

/**
 * Starts the product and Chromium before the enclosing block's tests and stops both after them; the
 * returned stage is filled in by the time a test runs. `beforeStop` runs first, while the product still
 * answers (e.g. to put a moved clock back on a product started elsewhere, see LINLI_E2E_URL).
 */
export function useStage(beforeStop?: (product: Product) => Promise<unknown>): Stage {
  const stage = {} as { product: Product; browser: Browser }
  beforeAll(async () => {
    const executablePath = findChromium()
    if (!executablePath) throw new Error('useStage() runs only inside a browserSuite()')
    stage.product = await startProduct()
    stage.browser = await launchBrowser(executablePath)
  })
  afterAll(async () => {
    if (stage.product && beforeStop) await beforeStop(stage.product).catch(() => undefined)
    await stage.browser?.close()
    await stage.product?.stop()
  })
  return stage
}

// ---- the product ---------------------------------------------------------------------------------

export interface Product {
  url: string
  /** What a request to the dev API needs: the local cloud's per-start token (`<dataDir>/dev-token`). */
  devHeaders: Readonly<Record<string, string>>
  stop(): Promise<void>
}

/** The token header for the local cloud whose data dir is `dataDir`. */
function devHeadersOf(dataDir: string): Record<string, string> {
  const file = join(dataDir, 'dev-token')
  return { 'x-linli-dev-token': existsSync(file) ? readFileSync(file, 'utf8').trim() : '' }
}

/** Starts `npm start`'s server on a free port with a fresh data dir; resolves once it prints its URL. */
export async function startProduct(timeoutMs = 120_000): Promise<Product> {
  if (process.env.LINLI_E2E_URL)
    return {
      url: process.env.LINLI_E2E_URL.replace(/\/$/, ''),
      // A product started elsewhere: its token is in its data dir (LINLI_DATA_DIR, as npm start reads it).
      devHeaders: devHeadersOf(resolve(ROOT, process.env.LINLI_DATA_DIR ?? '.data')),
      stop: async () => {},
    }
  if (!existsSync(join(ROOT, 'dist', 'h5', 'index.html')))
    throw new Error('dist/h5 is missing: run `npx taro build --type h5` before the browser tests')
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-e2e-'))
  const tsxCli = require.resolve('tsx/cli')
  const child: ChildProcess = spawn(
    process.execPath,
    [tsxCli, 'emulator/cli.ts', 'start', '--port', '0', '--data-dir', dataDir, '--no-h5-build'],
    {
      cwd: ROOT,
      env: { ...process.env, LINLI_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  )
  let output = ''
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`product did not start in ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /Linli local cloud: (http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolveUrl(m[1].replace(/\/$/, ''))
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`product exited with code ${code} before it was ready:\n${output}`))
    })
  })
  // Keep draining output so the child never blocks on a full pipe.
  child.stdout?.resume()
  child.stderr?.resume()
  return {
    url,
    devHeaders: devHeadersOf(dataDir),
    async stop() {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise<void>((r) => child.once('exit', () => r()))
        try {
          process.kill(-child.pid, 'SIGTERM') // the whole group: tsx runs the server in a child process
        } catch {
          child.kill('SIGTERM')
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, 'SIGKILL')
          } catch {
            // already gone
          }
        }, 5000)
        await exited
        clearTimeout(timer)
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

// ---- pages ---------------------------------------------------------------------------------------

export interface Session {
  context: BrowserContext
  page: Page
}

/** A fresh phone-sized browser context; `consent: true` pre-agrees to the privacy prompt. */
export async function openSession(
  browser: Browser,
  baseUrl: string,
  opts: { consent?: boolean } = {},
): Promise<Session> {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 375, height: 812 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  })
  if (opts.consent) {
    await context.addInitScript(
      ([key, value]) => {
        if (!localStorage.getItem(key)) localStorage.setItem(key, value)
      },
      [KEYS.privacyConsent, JSON.stringify({ data: '2025-01-01T00:00:00.000Z' })] as const,
    )
  }
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  return { context, page }
}

/** Waits until the shown page has rendered and finished loading (no skeleton), then lets animations end. */
export async function settle(page: Page): Promise<void> {
  // Taro keeps earlier pages (and visited tabs) in the DOM, hidden: look at the visible one.
  await page.locator('.page-shell:visible').first().waitFor({ state: 'visible' })
  await page.waitForFunction(() => {
    const visible = (el: Element) => (el as HTMLElement).offsetParent !== null
    return (
      Array.from(document.querySelectorAll('.page-shell')).some(visible) &&
      !Array.from(document.querySelectorAll('.state-loading')).some(visible)
    )
  })
  await page.waitForTimeout(400) // page-enter animation
}

export async function visit(page: Page, route: string): Promise<void> {
  await page.goto(route)
  await settle(page)
}

/** Agrees to the privacy prompt when it is showing. */
export async function acceptPrivacy(page: Page): Promise<boolean> {
  const agree = page.locator('.privacy-prompt__agree')
  if (!(await agree.isVisible())) return false
  await agree.click()
  await agree.waitFor({ state: 'hidden' })
  return true
}

/** Signs in through the local sign-in page, as a person would, and lands on 首页. */
export async function signInAs(page: Page, openid: string): Promise<void> {
  await page.goto(`${ROUTES.signin}?switch=1`)
  const card = page.locator(`#identity-${openid}`)
  await card.waitFor({ state: 'visible' })
  await page.waitForTimeout(300)
  await acceptPrivacy(page)
  await card.click()
  await page.waitForURL((u) => u.pathname === ROUTES.home)
  await settle(page)
}

/** Turns 长辈模式 on or off the way the app stores it, then reloads the page. */
export async function setElderMode(page: Page, on: boolean): Promise<void> {
  await page.evaluate(([key, value]) => localStorage.setItem(key, value), [
    KEYS.elderMode,
    JSON.stringify({ data: on }),
  ] as const)
  await page.reload()
  await settle(page)
}

/** Confirms the open NutUI/Taro modal (the destructive actions ask first). */
export async function confirmModal(page: Page): Promise<void> {
  const ok = page.locator('.taro-model__confirm:visible').first()
  await ok.waitFor()
  await ok.click()
}

/** The text of the page on screen (Taro keeps earlier pages of the stack in the DOM, hidden). */
export async function pageText(page: Page): Promise<string> {
  return (await page.locator('.page-shell:visible').first().textContent()) ?? ''
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name.replace(/[^\w.-]+/g, '_')}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

// ---- accessibility -------------------------------------------------------------------------------

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; html: string; failureSummary?: string }[]
}

/** Runs axe-core on the page; returns the serious and critical violations (the ones that fail). */
export async function axeSerious(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(
    () => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined',
  )
  if (!loaded) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') })
  const violations = (await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      // Only violations are read: axe then skips building the (much longer) passes and incomplete lists.
      resultTypes: ['violations'],
    })
    return result.violations
  })) as AxeViolation[]
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

export function describeViolations(where: string, violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${where}: [${v.impact}] ${v.id} — ${v.help}\n` +
        v.nodes
          .slice(0, 5)
          .map((n) => `    ${n.target.join(' ')}  ${n.html.slice(0, 160)}`)
          .join('\n'),
    )
    .join('\n')
}

/** Screenshot + axe in normal and elder mode; returns the violations of both (empty = pass). */
export async function checkPage(page: Page, name: string): Promise<string[]> {
  const problems: string[] = []
  await setElderMode(page, false)
  await screenshot(page, name)
  const normal = await axeSerious(page)
  if (normal.length) problems.push(describeViolations(`${name} (normal)`, normal))
  await setElderMode(page, true)
  const elderOn = await page.locator('.page-shell.elder:visible').first().isVisible()
  if (!elderOn) problems.push(`${name}: elder mode did not apply (.page-shell.elder missing)`)
  await screenshot(page, `${name}-elder`)
  const elder = await axeSerious(page)
  if (elder.length) problems.push(describeViolations(`${name} (elder)`, elder))
  await setElderMode(page, false)
  return problems
}
