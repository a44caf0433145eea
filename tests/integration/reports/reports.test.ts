/**
 * The reports function against a known history (history.ts): the nightly recount builds the counters and
 * repairs drift, then every number of the digest, the sentiment analysis and the five dimensions is checked
 * against values worked out by hand; the weekly digest fired twice reaches each officer once; access and
 * periods are refused as the issue says; an export opens in exceljs with the expected rows.
 */
import ExcelJS from 'exceljs'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { backbone, history, manyOpenCases, C1, C2, CENTER, NOW, OFFICER, OFFICER2, SD } from './history'
import type { Digest, PerformanceOutput, SentimentOutput, SummaryOutput } from '../../../types/reports'

let t: TestCloud
const call = async <T>(action: string, input: Record<string, unknown>, openid = OFFICER) =>
  t.call<T>('reports', { action, ...input }, openid)
const data = async <T>(action: string, input: Record<string, unknown>, openid = OFFICER): Promise<T> => {
  const r = await call<T>(action, input, openid)
  if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`)
  return r.data as T
}

beforeAll(async () => {
  t = await startTestCloud()
  for (const [name, docs] of Object.entries({ ...backbone, ...history }))
    await t.cloud.database.insertMany(name, docs)
  // Drift to repair: the 10-05 day document of 春晖 says 7 demands were submitted (there were 2), and holds
  // a counter the reports do not know, which a repair must leave alone.
  await t.cloud.database.insertMany('stats', [
    {
      _id: 'stats:c-chunhui:2026-10-05',
      committeeId: C1,
      subdistrictId: SD,
      date: '2026-10-05',
      demands: { submitted: 7 },
      extra: { kept: 1 },
    },
  ])
  await t.dev.setClock(NOW.getTime() - Date.now())
}, 120_000)
afterAll(async () => {
  await t?.dev.setClock(0)
  await t?.stop()
})

type Repair = { unitId: string; date: string; changes: Record<string, [number, number]> }

describe('the nightly recount', () => {
  test('builds the counters of the last finished days from the source records and reports each repair', async () => {
    const fired = await t.dev.fire('reports', 'recount')
    expect(fired.ok).toBe(true)
    const [report] = (
      fired.result as { data: { from: string; to: string; checked: number; repaired: Repair[] }[] }
    ).data
    expect([report.from, report.to]).toEqual(['2026-10-05', '2026-10-11'])
    // 3 units (two committees and the center) × 7 days.
    expect(report.checked).toBe(21)
    const oct5 = report.repaired.find((r) => r.unitId === C1 && r.date === '2026-10-05')!
    expect(oct5.changes['demands.submitted']).toEqual([7, 2])
    expect(oct5.changes['demands.respondedIn24h']).toEqual([0, 2])
    // Days with events: 春晖 10-05..10-09, the center 10-05 (booked ×2), 10-06, 10-07, 10-08; 枫林 none.
    expect(report.repaired.map((r) => `${r.unitId} ${r.date}`).sort()).toEqual(
      [
        ...['05', '06', '07', '08', '09'].map((d) => `${C1} 2026-10-${d}`),
        ...['05', '06', '07', '08'].map((d) => `${CENTER} 2026-10-${d}`),
      ].sort(),
    )
    const [doc] = t.cloud.database.find('stats', { _id: 'stats:c-chunhui:2026-10-05' })
    expect(doc).toMatchObject({
      demands: { submitted: 2, responded: 2, answeredAtOnce: 1 },
      extra: { kept: 1 },
    })
  })

  test('a second run finds nothing to repair', async () => {
    const fired = await t.dev.fire('reports', 'recount')
    expect((fired.result as { data: { repaired: Repair[] }[] }).data[0].repaired).toEqual([])
  })
})

describe('summary', () => {
  test('the period totals and rates of 春晖, by hand', async () => {
    const s = await data<SummaryOutput>('summary', { from: '2026-10-05', to: '2026-10-09', committeeId: C1 })
    expect(s.units.map((u) => u.id)).toEqual([C1])
    const d = s.total.totals.demands
    expect([
      d.submitted,
      d.responded,
      d.respondedIn24h,
      d.responseOverdue,
      d.resolved,
      d.rejected,
      d.rated,
      d.reopened,
    ]).toEqual([5, 4, 3, 2, 4, 1, 3, 1])
    expect(s.total.rates.responseRate).toBeCloseTo(3 / 5)
    expect(s.total.rates.resolutionRate).toBeCloseTo(4 / 5)
    expect(s.total.rates.satisfactionRate).toBeCloseTo(2 / 3)
    expect(s.daily.map((x) => x.submitted)).toEqual([2, 2, 1, 0, 0])
    expect(s.categories[0]).toMatchObject({
      category: 'sanitation',
      label: '环境卫生',
      submitted: 2,
      resolved: 2,
    })
    // One day document per unit and day that had events, nothing else.
    expect(s.docsRead).toBe(5)
  })

  test('the whole sub-district: committees and the service center', async () => {
    const s = await data<SummaryOutput>('summary', { from: '2026-10-05', to: '2026-10-11' })
    expect(s.units.map((u) => [u.id, u.kind])).toEqual([
      [C1, 'committee'],
      [C2, 'committee'],
      [CENTER, 'center'],
    ])
    const center = s.units.find((u) => u.id === CENTER)!
    expect(center.totals.bookings).toMatchObject({
      booked: 2,
      walkIn: 1,
      served: 2,
      noShow: 1,
      ratings: 2,
      ratingSum: 7,
      ratedGood: 1,
    })
    expect(center.rates.windowSatisfactionRate).toBe(0.5)
    expect(s.units.find((u) => u.id === C2)!.rates.responseRate).toBeNull()
  })

  test('the numbers lead to the masked cases behind them', async () => {
    const r = await data<{
      items: { id: string; excerpt: string; blockName: string; overdue: boolean }[]
      total: number
    }>('cases', {
      metric: 'overdue',
      from: '2026-10-05',
      to: '2026-10-11',
    })
    expect(r.total).toBe(2)
    expect(r.items.map((i) => i.id).sort()).toEqual(['D0', 'D4'])
    const d0 = r.items.find((i) => i.id === 'D0')!
    expect(d0.excerpt).not.toMatch(/\d{4}/)
    expect(d0).toMatchObject({ blockName: '晖南小区', overdue: true })
  })
})

describe('the weekly digest', () => {
  test('firing the timer twice stores one digest and pushes one message to each officer', async () => {
    for (const o of [OFFICER, OFFICER2]) await t.dev.grant(o, ['digest'], 5)
    const first = await t.dev.fire('reports', 'weeklyDigest')
    const second = await t.dev.fire('reports', 'weeklyDigest')
    expect((first.result as { data: { stored: boolean; queued: number }[] }).data[0]).toMatchObject({
      stored: true,
      queued: 2,
    })
    expect((second.result as { data: { stored: boolean; queued: number }[] }).data[0]).toMatchObject({
      stored: false,
      queued: 0,
    })
    await t.dev.fire('outbox', 'deliver')
    await t.dev.fire('outbox', 'deliver')
    for (const o of [OFFICER, OFFICER2]) {
      const msgs = (await t.dev.messages(o)).filter((m) => m.templateId === 'digest')
      expect(msgs).toHaveLength(1)
      expect(msgs[0].page).toBe('pkg-office/reports/digest/index?id=digest%3Asd-mingde%3Aweekly%3A2026-10-05')
    }
    expect(await t.dev.messages('officer-far')).toEqual([])
    // One per sub-district (the other one has its own officer, who was not granted the template).
    expect(
      t.cloud.database
        .find('digests', {})
        .map((d) => d._id)
        .sort(),
    ).toEqual(['digest:sd-mingde:weekly:2026-10-05', 'digest:sd-other:weekly:2026-10-05'])
  })

  test('every number of the digest, by hand', async () => {
    const { digest } = await data<{ digest: Digest }>('digest', { id: 'digest:sd-mingde:weekly:2026-10-05' })
    expect(digest.period).toEqual({ from: '2026-10-05', to: '2026-10-11', days: 7 })
    const c1 = digest.units.find((u) => u.id === C1)!
    expect(c1).toMatchObject({
      newDemands: 5,
      overdueCount: 2,
      bookingsServed: 0,
      noShows: 0,
      visitsDone: 2,
      visitsDue: 1,
    })
    expect(c1.rates.responseRate).toBeCloseTo(0.6)
    expect(c1.rates.resolutionRate).toBeCloseTo(0.8)
    expect(c1.rates.satisfactionRate).toBeCloseTo(2 / 3)
    expect(c1.rates.visitRate).toBe(2)
    // Oldest deadline first: D0 (due 08-21 09:00, 1247 h before now), then D4 (due 10-07 09:00, 119 h).
    expect(c1.overdue.map((o) => [o.id, o.overdueHours])).toEqual([
      ['D0', 1247],
      ['D4', 119],
    ])
    expect(digest.units.find((u) => u.id === CENTER)).toMatchObject({
      bookingsServed: 2,
      noShows: 1,
      newDemands: 0,
    })
    expect(digest.units.find((u) => u.id === C2)).toMatchObject({ newDemands: 0, overdueCount: 0 })
    expect(digest.total).toMatchObject({
      newDemands: 5,
      overdueCount: 2,
      bookingsServed: 2,
      noShows: 1,
      visitsDone: 2,
      visitsDue: 1,
    })
  })

  test('a committee admin sees only their own committee in it', async () => {
    const { digest } = await data<{ digest: Digest }>(
      'digest',
      { id: 'digest:sd-mingde:weekly:2026-10-05' },
      'demo-admin-chen',
    )
    expect(digest.units.map((u) => u.id)).toEqual([C1])
  })
})

describe('sentiment', () => {
  test('categories, rising, hotspots, terms and long-unresolved cases, by hand', async () => {
    const s = await data<SentimentOutput>('sentiment', { from: '2026-10-05', to: '2026-10-11' })
    expect(s.previous).toEqual({ from: '2026-09-28', to: '2026-10-04', days: 7 })
    expect(s.total).toEqual({ count: 5, previous: 0 })
    expect(s.byCategory.map((c) => [c.label, c.count, c.previous, c.change])).toEqual([
      ['环境卫生', 2, 0, 2],
      ['公共设施', 1, 0, 1],
      ['邻里纠纷', 1, 0, 1],
      ['噪声扰民', 1, 0, 1],
    ])
    expect(s.rising).toEqual(['环境卫生'])
    expect(s.byUnit.map((u) => [u.id, u.count, u.previous, u.topCategory])).toEqual([
      [C1, 5, 0, '环境卫生'],
      [C2, 0, 0, null],
    ])
    expect(s.hotspots.map((h) => [h.blockName, h.count, h.topCategory])).toEqual([
      ['春晖苑一期', 4, '环境卫生'],
      ['春晖苑二期', 1, '噪声扰民'],
    ])
    // 垃圾/清理 (D1, D3), 楼道 (D1, D5), 晚上 (D2, D4); stop words such as 没有/没人/很 never appear.
    expect(
      s.terms
        .slice(0, 4)
        .map((x) => `${x.term}${x.count}`)
        .sort(),
    ).toEqual(['垃圾2', '晚上2', '楼道2', '清理2'].sort())
    expect(s.terms.map((x) => x.term)).not.toEqual(expect.arrayContaining(['没有']))
    expect(s.terms.every((x) => x.term.length >= 2)).toBe(true)
    expect(s.longUnresolved.map((c) => c.id)).toEqual(['D0'])
    expect(s.longUnresolved[0].excerpt).toContain('****')
  })

  test('defaults to the last two months', async () => {
    const s = await data<SentimentOutput>('sentiment', {})
    expect(s.period).toEqual({ from: '2026-08-13', to: '2026-10-12', days: 61 })
  })
})

describe('five-dimension performance', () => {
  test('people and committees over 10-05..10-09, by hand', async () => {
    const p = await data<PerformanceOutput>('performance', { from: '2026-10-05', to: '2026-10-09' })
    const person = (openid: string) => p.staff.find((s) => s.openid === openid)!
    const zhang = person('demo-blockhead-zhang')
    expect(zhang.quantity).toEqual({ demandsHandled: 3, visitsMade: 2, bookingsServed: 0 })
    expect(zhang.efficiency).toEqual({
      medianFirstResponseHours: 2,
      answeredIn24hRate: 1,
      answeredAtOnceRate: 1 / 3,
      medianResolutionHours: 48,
    })
    expect(zhang.value).toEqual({ microMatters: 0, escalationsResolved: 0, talentsFound: 1 })
    expect(zhang.rating).toEqual({ demandSatisfactionRate: 2 / 3, windowSatisfactionRate: null })
    expect(zhang.quality).toEqual({ reopenRate: 0.25, overdueCount: 1, rejectionsWithoutResearch: 0 })
    const chen = person('demo-admin-chen')
    expect(chen.efficiency).toEqual({
      medianFirstResponseHours: 26,
      answeredIn24hRate: 0,
      answeredAtOnceRate: 0,
      medianResolutionHours: 72,
    })
    expect(chen.value.escalationsResolved).toBe(1)
    expect(chen.quality.overdueCount).toBe(1)
    const liu = person('demo-clerk-liu')
    expect(liu).toMatchObject({
      unitId: CENTER,
      quantity: { bookingsServed: 2 },
      rating: { windowSatisfactionRate: 0.5 },
    })
    expect(person('staff-chunhui-bh2').quantity).toEqual({
      demandsHandled: 0,
      visitsMade: 0,
      bookingsServed: 0,
    })

    const c1 = p.units.find((u) => u.unitId === C1)!
    expect(c1.quantity).toEqual({ demandsHandled: 4, visitsMade: 2, bookingsServed: 0 })
    expect(c1.efficiency).toEqual({
      medianFirstResponseHours: 4,
      answeredIn24hRate: 0.75,
      answeredAtOnceRate: 0.25,
      medianResolutionHours: 55,
    })
    expect(c1.quality).toEqual({ reopenRate: 0.2, overdueCount: 2, rejectionsWithoutResearch: 0 })
    expect(p.units.find((u) => u.unitId === CENTER)!.quantity.bookingsServed).toBe(2)
  })

  test('the monthly list is stored once and pushed to officers and committee admins', async () => {
    await t.dev.grant('demo-admin-chen', ['digest'], 5)
    await t.dev.fire('reports', 'monthlyPerformance')
    await t.dev.fire('reports', 'monthlyPerformance')
    await t.dev.fire('outbox', 'deliver')
    const msgs = (await t.dev.messages('demo-admin-chen')).filter((m) => m.templateId === 'digest')
    expect(msgs).toHaveLength(1)
    expect(msgs[0].page).toContain('performance%3A2026-09-01')
    const { digest } = await data<{ digest: Digest }>('digest', { kind: 'performance' }, 'demo-admin-chen')
    expect(digest.performance!.units.map((u) => u.unitId)).toEqual([C1])
  })
})

describe('access and periods', () => {
  test('block heads and residents are refused every action', async () => {
    const inputs: Record<string, Record<string, unknown>> = {
      summary: {},
      cases: { metric: 'open' },
      digest: {},
      sentiment: {},
      performance: {},
      export: { kind: 'demands' },
      exportStatus: { jobId: 'x' },
    }
    for (const openid of ['demo-blockhead-zhang', 'demo-resident-wang'])
      for (const [action, input] of Object.entries(inputs))
        expect([action, (await call(action, input, openid)).error?.code]).toEqual([action, 'FORBIDDEN'])
  })

  test('a committee outside the officer’s sub-district, or another committee for an admin → FORBIDDEN', async () => {
    expect((await call('summary', { committeeId: 'c-far' })).error?.code).toBe('FORBIDDEN')
    expect((await call('summary', { committeeId: C2 }, 'demo-admin-chen')).error?.code).toBe('FORBIDDEN')
    expect((await call('summary', { committeeId: C1 }, 'demo-admin-chen')).ok).toBe(true)
  })

  test('future, reversed and over-a-year periods → INVALID_INPUT with the field', async () => {
    const bad = [
      [{ from: '2026-10-01', to: '2026-10-13' }, 'to'],
      [{ from: '2026-10-09', to: '2026-10-05' }, 'to'],
      [{ from: '2025-10-01', to: '2026-10-05' }, 'from'],
      [{ from: '2026-10-01' }, 'to'],
    ] as const
    for (const [period, field] of bad) {
      const r = await call('sentiment', period)
      expect(r.error?.code).toBe('INVALID_INPUT')
      expect((r.error?.details as { issues: { path: string }[] }).issues[0].path).toBe(field)
    }
  })
})

describe('export', () => {
  test('demands of a period as .xlsx, masked, read back with exceljs', async () => {
    const job = await data<{ jobId: string; status: string; url?: string; total: number }>('export', {
      kind: 'demands',
      from: '2026-10-05',
      to: '2026-10-11',
    })
    expect(job).toMatchObject({ status: 'done', total: 5 })
    const res = await fetch(job.url!)
    expect(res.status).toBe(200)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer)
    const ws = wb.getWorksheet('诉求')!
    const rows = ws.getSheetValues().filter(Boolean) as unknown[][]
    expect(rows[0].slice(1, 4)).toEqual(['编号', '居委会', '片区'])
    expect(
      rows
        .slice(1)
        .map((r) => r[1])
        .sort(),
    ).toEqual(['D1', 'D2', 'D3', 'D4', 'D5'])
    expect(new Set(rows.slice(1).map((r) => r[12]))).toEqual(new Set(['王**']))
    // Another officer cannot read the job.
    expect((await call('exportStatus', { jobId: job.jobId }, OFFICER2)).error?.code).toBe('NOT_FOUND')
    expect((await data<{ status: string }>('exportStatus', { jobId: job.jobId })).status).toBe('done')
  })

  test('the performance table as .xlsx', async () => {
    const job = await data<{ status: string; url?: string }>('export', {
      kind: 'performance',
      from: '2026-10-05',
      to: '2026-10-09',
    })
    expect(job.status).toBe('done')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await (await fetch(job.url!)).arrayBuffer()) as unknown as ArrayBuffer)
    const people = wb.getWorksheet('人员')!.getSheetValues().filter(Boolean) as unknown[][]
    const zhang = people.find((r) => r[1] === '张建国')!
    expect(zhang.slice(4, 7)).toEqual([3, 2, 0])
  })
})

describe('a large export', () => {
  test('continues in the background with progress, then offers the file', async () => {
    // 2,100 cases in 枫林 on 10-10: over the in-call limit, so the job waits for the exportJobs timer.
    const docs = manyOpenCases('big')
    await t.cloud.database.insertMany('demands', docs)
    const job = await data<{ jobId: string; status: string; total: number; done: number }>('export', {
      kind: 'demands',
      committeeId: C2,
      from: '2026-10-10',
      to: '2026-10-10',
    })
    expect(job).toMatchObject({ status: 'pending', total: 2100, done: 0 })
    const fired = await t.dev.fire('reports', 'exportJobs')
    expect((fired.result as { data: { done: string[] } }).data.done).toEqual(['done'])
    const status = await data<{ status: string; done: number; url?: string }>('exportStatus', {
      jobId: job.jobId,
    })
    expect(status).toMatchObject({ status: 'done', done: 2100 })
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(await (await fetch(status.url!)).arrayBuffer()) as unknown as ArrayBuffer)
    expect(wb.getWorksheet('诉求')!.rowCount).toBe(2101)
    // Nothing left for the next run.
    expect(((await t.dev.fire('reports', 'exportJobs')).result as { data: { jobs: number } }).data.jobs).toBe(
      0,
    )
  })
})
