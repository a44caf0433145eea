/**
 * The demo data gives the office pages something to show: two months of counters per committee, a
 * sentiment analysis with a rising category, a performance table with every staff member, digests to open.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { DigestOutput, PerformanceOutput, SentimentOutput, SummaryOutput } from '../../../types/reports'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
}, 120_000)
afterAll(() => t?.stop())

const data = async <T>(action: string, input: Record<string, unknown> = {}): Promise<T> => {
  const r = await t.call<T>('reports', { action, ...input }, 'demo-officer-zhao')
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`)
  return r.data as T
}

test('two meaningful months on the dashboard, the sentiment page and the performance table', async () => {
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  const from = new Date(Date.now() + 8 * 3_600_000 - 59 * 86_400_000).toISOString().slice(0, 10)
  const s = await data<SummaryOutput>('summary', { from, to: today })
  for (const u of s.units) {
    if (u.kind === 'committee') expect(u.totals.demands.submitted).toBeGreaterThan(60)
    else expect(u.totals.bookings.served).toBeGreaterThan(100)
  }
  expect(s.daily.filter((d) => d.submitted > 0).length).toBeGreaterThan(40)
  expect(s.total.rates.responseRate).toBeGreaterThan(0.5)

  const sentiment = await data<SentimentOutput>('sentiment')
  expect(sentiment.byCategory.length).toBeGreaterThan(4)
  expect(sentiment.hotspots.length).toBeGreaterThan(3)
  expect(sentiment.terms.length).toBeGreaterThan(10)

  const perf = await data<PerformanceOutput>('performance', { from, to: today })
  expect(perf.staff.some((p) => p.quantity.demandsHandled > 0)).toBe(true)
  expect(perf.staff.some((p) => p.quantity.visitsMade > 0)).toBe(true)

  const d = await data<DigestOutput>('digest', { kind: 'weekly' })
  expect(d.digest?.units.length).toBe(4)
  expect(d.recent.length).toBe(8)
  expect(
    (await data<DigestOutput>('digest', { kind: 'performance' })).digest?.performance?.staff.length,
  ).toBeGreaterThan(5)
})

test('the demo counters agree with the nightly recount of the demo records', async () => {
  const fired = await t.dev.fire('reports', 'recount')
  const [report] = (fired.result as { data: { checked: number; repaired: unknown[] }[] }).data
  expect(report.checked).toBe(28)
  expect(report.repaired).toEqual([])
})
