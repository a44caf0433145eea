/**
 * Targets (issue 19): main content ≤ 1 s on a cold cache over loopback; first-load JS ≤ 250 KB as sent
 * (compressed).
 *
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
      // What the first page costs on the wire: every script it fetched, as sent and as unpacked.
      const scripts: Promise<{ sent: number; size: number; encoding: string }>[] = []
      const onResponse = (r: import('playwright-core').Response) => {
        if (r.request().resourceType() !== 'script') return
        scripts.push(
          Promise.all([r.request().sizes(), r.body(), r.headerValue('content-encoding')]).then(
            ([sizes, body, encoding]) => ({
              sent: sizes.responseBodySize,
              size: body.length,
              encoding: encoding ?? 'none',
            }),
          ),
        )
      }
      page.on('response', onResponse)
      const t0 = Date.now()
      await page.goto(`${product.url}/`)
      await page.locator('.identity-card').first().waitFor({ state: 'visible' })
      const interactive = Date.now() - t0
      page.off('response', onResponse)
      const js = await Promise.all(scripts)
      const nav = await page.evaluate(() => {
        const [e] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[]
        return { dcl: e.domContentLoadedEventEnd, load: e.loadEventEnd, bytes: e.transferSize }
      })
      return {
        interactive,
        ...nav,
        jsSent: js.reduce((n, x) => n + x.sent, 0),
        jsSize: js.reduce((n, x) => n + x.size, 0),
        jsFiles: js.length,
        encodings: [...new Set(js.map((x) => x.encoding))].join(','),
      }
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
    const first = cold[cold.length - 1]
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
    console.log(
      `first-load JS: ${first.jsFiles} scripts, ${kb(first.jsSent)} sent (${first.encodings}), ${kb(first.jsSize)} unpacked`,
    )
    const coldP50 = median(cold.map((x) => x.interactive))
    if (coldP50 > 1000) console.log(`  over target: cold p50 ${coldP50} ms > 1000 ms`)
    if (first.jsSent > 250 * 1024) console.log(`  over target: first-load JS ${kb(first.jsSent)} > 250 KB`)
  } finally {
    await browser.close()
    await product.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
