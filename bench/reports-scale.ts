/**
 * Reports at scale: 200k demands over one year across 3 committees (inserted with the database's in-process
 * insertMany, their day counters built with the recount rules), then through POST /fn and the real SDK:
 * - the 30-day `summary`: documents read and p50/p95 (targets ≤ 100 documents, p95 ≤ 100 ms);
 * - the daily digest job (target ≤ 2 s);
 * - a ~50k-row export job with the process's peak memory (target ≤ 30 s);
 * - the nightly recount's duration (7 finished days).
 *
 *   npx tsx bench/reports-scale.ts [--write]     (--write appends the results to bench/RESULTS.md)
 */
import { appendFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import { startTestCloud } from '../tests/helpers/localCloud'
import {
  addDays,
  addInto,
  countEvents,
  demandFacts,
  period,
  totalsOf,
} from '../cloudfunctions/reports/public'
import { businessDay, statsId } from '../cloudfunctions/shared/stats'
import { stored } from '../emulator/seed/reports'
import { createRng } from '../emulator/seed/random'
import type { DemandDoc } from '../types/demands'

const DEMANDS = Number(process.env.BENCH_DEMANDS ?? 200_000)
const CALLS = 200
const OFFICER = 'bench-officer'
const SD = 'sd-bench'
const COMMITTEES = ['c-b1', 'c-b2', 'c-b3']
const CATS = ['sanitation', 'property', 'noise', 'facilities', 'neighbors', 'policy', 'elderly', 'other']
const H = 3_600_000

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (n: number) => `${n.toFixed(1)} ms`

function demand(i: number, now: number, rng: ReturnType<typeof createRng>): Record<string, unknown> {
  const committeeId = COMMITTEES[i % 3]
  const submitted = new Date(now - Math.floor(rng.next() * 365 * 24 * H))
  const ageH = (now - submitted.getTime()) / H
  const by = `bench-bh-${committeeId}`
  const events: Record<string, unknown>[] = [
    { id: `${i}-0`, type: 'submitted', at: submitted, by: `r-${i % 5000}`, byName: '居民', byRole: '居民' },
  ]
  const replyH = 1 + rng.next() * 30
  const resolveH = replyH + 12 + rng.next() * 150
  const open = ageH < resolveH || rng.chance(0.01)
  let status = 'pending'
  if (ageH > replyH) {
    events.push({
      id: `${i}-1`,
      type: 'replied',
      at: new Date(submitted.getTime() + replyH * H),
      by,
      byName: '块长',
      byRole: '块长',
      note: '已收到，马上安排',
    })
    status = 'in_progress'
  }
  let resolvedAt: Date | undefined
  if (!open) {
    resolvedAt = new Date(submitted.getTime() + resolveH * H)
    events.push({
      id: `${i}-2`,
      type: 'resolved',
      at: resolvedAt,
      by,
      byName: '块长',
      byRole: '块长',
      note: '已处理',
    })
    status = 'resolved'
    if (rng.chance(0.6) && ageH > resolveH + 24) {
      const level = rng.chance(0.75) ? '满意' : rng.chance(0.7) ? '基本满意' : '不满意'
      events.push({
        id: `${i}-3`,
        type: level === '不满意' ? 'reopened' : 'rated',
        at: new Date(resolvedAt.getTime() + 20 * H),
        by: `r-${i % 5000}`,
        byName: '居民',
        byRole: '居民',
        note: level,
      })
      status = level === '不满意' ? 'in_progress' : 'closed'
    }
  }
  const firstDue = new Date(submitted.getTime() + 24 * H)
  const resolutionDue = new Date(submitted.getTime() + 168 * H)
  const isOpen = status === 'pending' || status === 'in_progress'
  return {
    _id: `bd-${String(i).padStart(7, '0')}`,
    residentOpenid: `r-${i % 5000}`,
    residentName: '张三丰',
    committeeId,
    subdistrictId: SD,
    blockId: `${committeeId}-blk${i % 4}`,
    category: CATS[Math.floor(rng.next() * CATS.length)],
    text: [
      '楼道垃圾没人清理',
      '楼上装修噪声太大，晚上也施工',
      '路灯坏了晚上很黑',
      '电梯经常停运，老人上下楼困难',
      '小区停车位被占用',
    ][i % 5],
    photos: [],
    visibility: 'private',
    status,
    assigneeOpenid: by,
    assigneeName: '块长',
    submittedAt: submitted,
    submittedDay: businessDay(submitted),
    firstResponseDueAt: firstDue,
    ...(ageH > replyH ? { firstRespondedAt: new Date(submitted.getTime() + replyH * H) } : {}),
    resolutionDueAt: resolutionDue,
    dueAt: isOpen ? (ageH > replyH ? resolutionDue : firstDue) : null,
    dueStage: isOpen ? (ageH > replyH ? 'resolution' : 'response') : null,
    nextAlertAt: null,
    cycle: 0,
    reopened: false,
    ...(resolvedAt ? { resolvedAt } : {}),
    events,
    version: events.length,
    updatedAt: events[events.length - 1].at,
  }
}

async function main() {
  const write = process.argv.includes('--write')
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  const t = await startTestCloud()
  const lines: string[] = []
  const log = (s: string) => {
    console.log(s)
    lines.push(`- ${s}`)
  }
  try {
    const db = t.cloud.database
    const now = Date.now()
    await db.insertMany('subdistricts', [{ _id: SD, name: '基准街道' }])
    await db.insertMany(
      'committees',
      COMMITTEES.map((id, i) => ({
        _id: id,
        subdistrictId: SD,
        name: `基准${i + 1}社区居委会`,
        address: '-',
      })),
    )
    await db.insertMany('staff', [
      {
        _id: OFFICER,
        openid: OFFICER,
        name: '基准',
        role: 'officer',
        subdistrictId: SD,
        active: true,
      },
      ...COMMITTEES.map((c) => ({
        _id: `bench-bh-${c}`,
        openid: `bench-bh-${c}`,
        name: '块长',
        role: 'blockHead',
        subdistrictId: SD,
        committeeId: c,
        active: true,
      })),
    ])

    // 1. 200k demands, inserted in batches; their counters built with the recount rules.
    const rng = createRng(7)
    let t0 = Date.now()
    const today = businessDay(new Date(now))
    const span = period(addDays(today, -366), today)
    const statsDocs = new Map<string, Record<string, unknown>>()
    for (let start = 0; start < DEMANDS; start += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, DEMANDS - start) }, (_, k) =>
        demand(start + k, now, rng),
      )
      await db.insertMany('demands', batch)
      const counted = countEvents(
        {
          demands: batch.map((d) => demandFacts(d as unknown as DemandDoc)),
          visits: [],
          bookings: [],
          talents: [],
        },
        span,
        new Date(now),
      )
      for (const [unit, days] of counted)
        for (const [day, totals] of days) {
          const id = statsId(unit, day)
          const prev = statsDocs.get(id)
          // batches overlap on days: keep the sum
          const sum = prev ? addInto(totalsOf(prev), totals) : totals
          statsDocs.set(id, { _id: id, committeeId: unit, subdistrictId: SD, date: day, ...stored(sum) })
        }
    }
    await db.insertMany('stats', [...statsDocs.values()])
    log(
      `load: ${DEMANDS} demands over 365 days across 3 committees via insertMany in 10k batches + ${statsDocs.size} day documents: ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    )

    // 2. The 30-day summary.
    const call = (event: Record<string, unknown>) => t.call<{ docsRead: number }>('reports', event, OFFICER)
    for (let i = 0; i < 5; i++) await call({ action: 'summary' }) // warm instances
    db.resetRequestCounts()
    const first = await call({ action: 'summary' })
    const requests = db.requestCounts()
    const times: number[] = []
    for (let i = 0; i < CALLS; i++) {
      const s = performance.now()
      const r = await call({ action: 'summary' })
      times.push(performance.now() - s)
      if (!r.ok) throw new Error(JSON.stringify(r.error))
    }
    // documents read: the caller's staff record, the committees, the service centers (none here), the day documents
    const docs = 1 + COMMITTEES.length + first.data!.docsRead
    log(
      `summary (30 days, whole sub-district), ${CALLS} calls through /fn: p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))} (target ≤ 100 ms); documents read ${docs} = 1 staff + 3 committees + ${first.data!.docsRead} day documents (target ≤ 100); requests ${JSON.stringify(requests)}`,
    )

    // 3. The daily digest job (overdue counts and lists over 200k demands).
    t0 = Date.now()
    const digest = await t.dev.fire('reports', 'dailyDigest')
    if (!digest.ok) throw new Error(String(digest.error))
    const digestMs = Date.now() - t0
    t0 = Date.now()
    await t.dev.fire('reports', 'dailyDigest')
    log(
      `daily digest job: ${digestMs} ms (target ≤ 2 s); fired again (already stored): ${Date.now() - t0} ms`,
    )

    // 4. The nightly recount of the last 7 finished days.
    t0 = Date.now()
    const rc = await t.dev.fire('reports', 'recount')
    const report = (
      rc.result as { data: { checked: number; repaired: unknown[]; durationMs: number }[] }
    ).data.find(Boolean)!
    log(
      `nightly recount (7 finished days, 3 committees): ${Date.now() - t0} ms wall, ${report.durationMs} ms in the function; ${report.checked} unit-days checked, ${report.repaired.length} repaired`,
    )

    // 5. An export of ~50k rows: the last 91 days.
    const from = addDays(today, -91)
    const rss0 = process.memoryUsage().rss
    let peak = rss0
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100)
    const job = await t.call<{ jobId: string; status: string; total: number }>(
      'reports',
      { action: 'export', kind: 'demands', from, to: addDays(today, -1) },
      OFFICER,
    )
    if (!job.ok) throw new Error(JSON.stringify(job.error))
    t0 = Date.now()
    const ran = await t.dev.fire('reports', 'exportJobs')
    const exportMs = Date.now() - t0
    clearInterval(sampler)
    const status = await t.call<{ status: string; done: number; url?: string }>(
      'reports',
      { action: 'exportStatus', jobId: job.data!.jobId },
      OFFICER,
    )
    if (!status.data?.url)
      throw new Error(
        `export not done: ${JSON.stringify(status)} after ${exportMs} ms; timer: ${JSON.stringify(ran)}`,
      )
    const file = await fetch(status.data.url)
    const bytes = (await file.arrayBuffer()).byteLength
    log(
      `export of ${job.data!.total} demand rows (${from}..${addDays(today, -1)}) by the exportJobs timer: ${(exportMs / 1000).toFixed(1)} s (target ≤ 30 s), status ${status.data!.status} (${JSON.stringify(ran.result).slice(0, 60)}), file ${(bytes / 1048576).toFixed(1)} MiB; process RSS ${(rss0 / 1048576).toFixed(0)} MiB before, peak ${(peak / 1048576).toFixed(0)} MiB (+${((peak - rss0) / 1048576).toFixed(0)} MiB; the emulator and the function host share the process)`,
    )
  } finally {
    await t.stop()
  }
  if (write) {
    const head = `\n## Reports (issue 10)\n\n### 200k demands, one year, 3 committees — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC\nMachine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}\n\n`
    appendFileSync(resolve(__dirname, 'RESULTS.md'), head + lines.join('\n') + '\n')
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
