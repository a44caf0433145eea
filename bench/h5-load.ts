/**
 * How long the H5 build's first page takes to load in headless Chromium at 375×812, against the running
 * product: from navigation start until the sign-in page shows its identity cards (the first thing a
 * person can tap), plus the browser's DOMContentLoaded and load events. Fresh browser context per run
 * (cold cache), then warm runs in one context.
 *
 * `npx tsx bench/h5-load.ts [URL]`: without a URL it starts the product itself (needs dist/h5).
 */
import { findChromium, launchBrowser, startProduct } from '../tests/e2e/harness'

const RUNS = 7

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  const chromiumPath = findChromium()
  if (!chromiumPath) throw new Error('no Chromium: set CHROMIUM_PATH or install chromium')
  const given = process.argv[2]
  const product = given ? { url: given.replace(/\/$/, ''), stop: async () => {} } : await startProduct()
  const browser = await launchBrowser(chromiumPath)
  try {
    const measureOnce = async (page: import('playwright-core').Page) => {
      const t0 = Date.now()
      await page.goto(`${product.url}/`)
      await page.locator('.identity-card').first().waitFor({ state: 'visible' })
      const interactive = Date.now() - t0
      const nav = await page.evaluate(() => {
        const [e] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
        return { dcl: e.domContentLoadedEventEnd, load: e.loadEventEnd, bytes: e.transferSize }
      })
      return { interactive, ...nav }
    }
    const cold: Awaited<ReturnType<typeof measureOnce>>[] = []
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
      })
      const page = await context.newPage()
      cold.push(await measureOnce(page))
      await context.close()
    }
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2 })
    const page = await context.newPage()
    await measureOnce(page)
    const warm: typeof cold = []
    for (let i = 0; i < RUNS; i++) warm.push(await measureOnce(page))
    await context.close()
    const line = (label: string, xs: typeof cold) =>
      `${label}: identity cards visible p50 ${median(xs.map((x) => x.interactive))} ms ` +
      `(min ${Math.min(...xs.map((x) => x.interactive))}, max ${Math.max(...xs.map((x) => x.interactive))}); ` +
      `DOMContentLoaded p50 ${median(xs.map((x) => x.dcl)).toFixed(0)} ms, load p50 ${median(xs.map((x) => x.load)).toFixed(0)} ms`
    console.log(`H5 first page (/ → sign-in), ${RUNS} runs each, 375×812, headless Chromium`)
    console.log(line('cold cache', cold))
    console.log(line('warm cache', warm))
  } finally {
    await browser.close()
    await product.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
