/**
 * Capacity (issue 20): what one sub-district of 20,000 households costs a CloudBase environment a day —
 * database reads and writes, function invocations, the peak database requests per second — and how many
 * households one environment serves on each plan with 2× headroom.
 *
 *   npx tsx bench/capacity.ts [--households 20000] [--write]
 *
 * How: the demo data in a fresh local cloud; each action of the traffic model below is called through the
 * real functions (POST /fn, real SDK, the local cloud's meter: emulator/meter.ts) and its reads, writes and
 * transaction requests are taken per call; actions the demo data cannot drive without a setup of their own
 * (book, record, respond …) count their pinned worst case (tests/helpers/budgets.ts, measured by the
 * round-trip suites) as writes, which overstates them. The timers are one simulated day
 * (`TimerScheduler.advance`, what `POST /_dev/api/simulate` runs), measured, not modelled.
 *
 * Traffic model, per day, for H households (assumptions, scaled linearly with H; 20,000 by default):
 * - Demands at Beijing's per-capita rate, the high end: 12345 takes about 50,000 a day for ~21.9 million
 *   people, 0.83 a person a year; at 2.5 people a household, 2.1 a household a year: 115 a day for 20,000.
 *   Changchun's 1,569 complaints, read as one sub-district's year (the seeds give no population), are the low
 *   end, 4.3 a day; the high end is modelled. Each demand: submit, the block head's inbox twice, get, reply
 *   and resolve; the resident's mine twice, get once, rate six in ten.
 * - Service center: 100,000 cases a year over 250 working days, 400 a day, half booked in the app (200):
 *   items, item and slots, book, the resident's mine; the clerk's check-in and serve; rateService three in
 *   ten; 26 clerks open the day sheet ten times a day.
 * - Visits: 10% of households class C every 14 days, 70% class B every 90 days, 20% class A online every 90
 *   days: 299 home visits and 44 online visits a day; per home visit the block head opens the catalogue and
 *   the household and records it; per online visit sendOnline, the resident's pending and respond.
 * - Notices: one a committee a day (8 committees of 2,500 households) with push; 10% of households open the
 *   app a day (the home page: one `me` call that brings the followed committees' notices).
 * - Officers: 5, summary five times a day.
 * - Peak: the busiest hour carries 15% of a day's calls, arriving at random (Poisson): the busiest second is
 *   taken as mean + 4 standard deviations of calls, times the average requests of a call. Timer runs are
 *   reported by their largest run.
 */
import { appendFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { startTestCloud, type TestCloud } from '../tests/helpers/localCloud'
import { PINS } from '../tests/helpers/budgets'
import type { UsageReport } from '../emulator/meter'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : dflt
}
const H = arg('households', 20_000)
const REF = 20_000

interface Cost {
  reads: number
  writes: number
  /** Transaction start/commit/abort: counted as writes toward the quotas (the pessimistic reading). */
  tx: number
  source: 'measured' | 'pinned'
}

/** Calls a day for 20,000 households; scaled by H / 20,000. */
const DEMANDS = 115
const BOOKED = 200
const HOME_VISITS = 299
const ONLINE_VISITS = 44
const MODEL: Array<[fn: string, action: string, perDay: number]> = [
  ['demands', 'submit', DEMANDS],
  ['demands', 'inbox', DEMANDS * 2],
  ['demands', 'get', DEMANDS * 2],
  ['demands', 'reply', DEMANDS],
  ['demands', 'resolve', DEMANDS],
  ['demands', 'mine', DEMANDS * 2],
  ['demands', 'rate', DEMANDS * 0.6],
  ['bookings', 'items', BOOKED],
  ['bookings', 'item', BOOKED],
  ['bookings', 'slots', BOOKED],
  ['bookings', 'book', BOOKED],
  ['bookings', 'mine', BOOKED],
  ['bookings', 'checkIn', BOOKED],
  ['bookings', 'serve', BOOKED],
  ['bookings', 'rateService', BOOKED * 0.3],
  ['bookings', 'daySheet', 26 * 10],
  ['visits', 'catalogue', HOME_VISITS],
  ['visits', 'household', HOME_VISITS],
  ['visits', 'record', HOME_VISITS],
  ['visits', 'sendOnline', ONLINE_VISITS],
  ['visits', 'pending', ONLINE_VISITS],
  ['visits', 'respond', ONLINE_VISITS],
  ['community', 'publishNotice', 8],
  ['community', 'me', REF * 0.1],
  ['reports', 'summary', 25],
]

/** Plans: reads and writes a day, invocations a month, database requests a second (undefined: not verified). */
const PLANS: Array<{ name: string; reads: number; writes: number; invocations?: number; qps?: number }> = [
  { name: '基础版 (basic)', reads: 50_000, writes: 30_000, invocations: 200_000, qps: 30 },
  { name: '基础版 2', reads: 250_000, writes: 150_000 },
  { name: '专业版 1', reads: 500_000, writes: 300_000 },
  { name: '专业版 2', reads: 1_500_000, writes: 1_000_000 },
]

const WANG = 'demo-resident-wang'
const ZHANG = 'demo-blockhead-zhang'
const CHEN = 'demo-admin-chen'
const ZHAO = 'demo-officer-zhao'
const LIU = 'demo-clerk-liu'

let seq = 0
const rid = () => `cap-${Date.now().toString(36)}-${(seq++).toString(36)}-${'x'.repeat(4)}`

async function measure(t: TestCloud, fn: string, action: string, input: object, openid: string) {
  const before = t.cloud.meter.report()
  const r = await t.call<Record<string, unknown>>(fn, { action, ...input }, openid)
  const u = t.cloud.meter.since(before)
  return { ok: r.ok, data: r.data, error: r.error, reads: u.reads, writes: u.writes, tx: u.transactions }
}

async function main() {
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  const t = await startTestCloud({ seed: true })
  try {
    const costs = new Map<string, Cost>()
    const put = (
      fn: string,
      action: string,
      m: { ok: boolean; reads: number; writes: number; tx: number },
    ) => {
      if (m.ok)
        costs.set(`${fn}.${action}`, { reads: m.reads, writes: m.writes, tx: m.tx, source: 'measured' })
    }
    // The demands flow, one real case end to end.
    const sub = await measure(
      t,
      'demands',
      'submit',
      { category: 'sanitation', text: '楼道里堆满了杂物，消防通道被堵住了', clientRequestId: rid() },
      WANG,
    )
    put('demands', 'submit', sub)
    const id = String((sub.data as { id?: string } | undefined)?.id ?? '')
    put('demands', 'inbox', await measure(t, 'demands', 'inbox', {}, ZHANG))
    put('demands', 'get', await measure(t, 'demands', 'get', { id }, ZHANG))
    put(
      'demands',
      'reply',
      await measure(
        t,
        'demands',
        'reply',
        { id, text: '收到，马上安排人清理', clientRequestId: rid() },
        ZHANG,
      ),
    )
    put(
      'demands',
      'resolve',
      await measure(
        t,
        'demands',
        'resolve',
        { id, result: '杂物已经清理干净了', clientRequestId: rid() },
        ZHANG,
      ),
    )
    put('demands', 'mine', await measure(t, 'demands', 'mine', {}, WANG))
    put(
      'demands',
      'rate',
      await measure(t, 'demands', 'rate', { id, level: 'satisfied', clientRequestId: rid() }, WANG),
    )
    put('bookings', 'items', await measure(t, 'bookings', 'items', {}, WANG))
    put('bookings', 'mine', await measure(t, 'bookings', 'mine', {}, WANG))
    put('bookings', 'daySheet', await measure(t, 'bookings', 'daySheet', {}, LIU))
    put('visits', 'catalogue', await measure(t, 'visits', 'catalogue', {}, ZHANG))
    put('visits', 'pending', await measure(t, 'visits', 'pending', {}, WANG))
    put('community', 'me', await measure(t, 'community', 'me', { notices: 20 }, WANG))
    put(
      'community',
      'publishNotice',
      await measure(
        t,
        'community',
        'publishNotice',
        { title: '停水通知', body: '周五上午九点到十一点停水。', push: true, clientRequestId: rid() },
        CHEN,
      ),
    )
    put('reports', 'summary', await measure(t, 'reports', 'summary', {}, ZHAO))
    for (const [fn, action] of MODEL) {
      if (costs.has(`${fn}.${action}`)) continue
      const pin = (PINS as unknown as Record<string, Record<string, { pin: number; kind: string }>>)[fn][
        action
      ]
      costs.set(
        `${fn}.${action}`,
        pin.kind === 'read'
          ? { reads: pin.pin, writes: 0, tx: 0, source: 'pinned' }
          : { reads: 1, writes: pin.pin - 1, tx: 0, source: 'pinned' },
      )
    }

    // One simulated day of timers, measured.
    const before = t.cloud.meter.report()
    const fires = await t.cloud.timers!.advance(t.cloud.clock.now() + 86_400_000)
    const timers: UsageReport = t.cloud.meter.since(before)
    let biggestRun = { name: '', requests: 0 }
    for (const [fn, labels] of Object.entries(timers.byFunction))
      for (const [label, u] of Object.entries(labels)) {
        const per = (u.reads + u.writes + u.transactions) / Math.max(1, u.invocations)
        if (per > biggestRun.requests) biggestRun = { name: `${fn} ${label}`, requests: Math.round(per) }
      }

    // Per day at H households.
    const k = H / REF
    let reads = 0
    let writes = 0
    let calls = 0
    const rows: string[] = []
    for (const [fn, action, perDay] of MODEL) {
      const c = costs.get(`${fn}.${action}`)!
      const n = perDay * k
      calls += n
      reads += n * c.reads
      writes += n * (c.writes + c.tx)
      rows.push(`| ${fn}.${action} | ${Math.round(n)} | ${c.reads} | ${c.writes} | ${c.tx} | ${c.source} |`)
    }
    const perCall = (reads + writes) / calls
    const peakCalls = (0.15 * calls) / 3600
    const peakRps = (peakCalls + 4 * Math.sqrt(peakCalls)) * perCall
    const day = {
      reads: Math.round(reads + timers.reads),
      writes: Math.round(writes + timers.writes + timers.transactions),
      invocations: Math.round(calls + timers.invocations),
    }
    // Households per plan with 2× headroom: traffic scales with households, the timers stay (as measured).
    const perHh = { reads: reads / H, writes: writes / H, inv: calls / H, rps: peakRps / H }
    const householdsWithin = (quota: number | undefined, fixed: number, per: number) =>
      quota === undefined ? Infinity : Math.max(0, (quota / 2 - fixed) / per)
    const plans = PLANS.map((p) => {
      const byReads = householdsWithin(p.reads, timers.reads, perHh.reads)
      const byWrites = householdsWithin(p.writes, timers.writes + timers.transactions, perHh.writes)
      const byInv = householdsWithin(p.invocations && p.invocations / 30, timers.invocations, perHh.inv)
      const byQps = householdsWithin(p.qps, 0, perHh.rps)
      const n = Math.min(byReads, byWrites, byInv, byQps)
      const binding =
        n === byReads ? 'reads' : n === byWrites ? 'writes' : n === byInv ? 'invocations' : 'requests/s'
      const unverified =
        p.invocations === undefined ? ' (invocations and requests/s of this plan not verified)' : ''
      return `| ${p.name} | ${Math.floor(n / 1000) * 1000} | ${binding}${unverified} |`
    })

    const date = new Date().toISOString().slice(0, 16).replace('T', ' ')
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`
    const lines = [
      '',
      `### Capacity (issue 20): one sub-district of ${H} households a day on CloudBase — ${date} UTC`,
      `Machine: ${machine}; the traffic model of bench/capacity.ts (its header states the assumptions); per-call costs through the real functions on the demo data, timers from one simulated day (${fires.length} runs).`,
      '',
      `- a day: ${day.reads} database reads, ${day.writes} writes (transaction requests counted as writes), ${day.invocations} function invocations (${Math.round(calls)} calls + ${timers.invocations} timer runs), ${timers.messagesSent + timers.messagesRefused} timer messages`,
      `- of which the timers: ${timers.reads} reads, ${timers.writes + timers.transactions} writes, ${timers.invocations} invocations; the largest timer run: ${biggestRun.name}, ${biggestRun.requests} requests`,
      `  - by timer: ${Object.entries(timers.byFunction)
        .flatMap(([fn, labels]) =>
          Object.entries(labels).map(
            ([label, u]) =>
              `${fn} ${label} ${u.invocations} runs, ${u.reads} reads, ${u.writes + u.transactions} writes`,
          ),
        )
        .join(' · ')}`,
      `- peak database requests per second (busiest second of the busiest hour, 15% of the day's calls): ${peakRps.toFixed(1)}; average ${perCall.toFixed(1)} requests a call`,
      `- basic plan use at ${H} households: reads ${((100 * day.reads) / 50_000).toFixed(0)}%, writes ${((100 * day.writes) / 30_000).toFixed(0)}%, invocations ${((100 * day.invocations * 30) / 200_000).toFixed(0)}% of the month, peak ${((100 * peakRps) / 30).toFixed(0)}% of 30/s`,
      '',
      '| plan | households with 2× headroom | binding quota |',
      '| --- | --- | --- |',
      ...plans,
      '',
      '| action | calls a day | reads | writes | transaction requests | cost |',
      '| --- | --- | --- | --- | --- | --- |',
      ...rows,
    ]
    console.log(lines.join('\n'))
    if (process.argv.includes('--write'))
      appendFileSync(resolve(__dirname, 'RESULTS.md'), lines.join('\n') + '\n')
  } finally {
    await t.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
