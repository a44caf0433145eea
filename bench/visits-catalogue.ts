/**
 * Zero-distance visits: the catalogue for a block head with 500 households (target p95 ≤ 50 ms), and the
 * database requests each visits action makes, through POST /fn and the real SDK against the emulator.
 *
 *   npx tsx bench/visits-catalogue.ts [--write]     (--write appends the results to bench/RESULTS.md)
 */
import { appendFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { resolve } from 'node:path'
import type { NewDocOf } from '../cloudfunctions/shared/data'
import { startTestCloud } from '../tests/helpers/localCloud'

const ZHANG = 'demo-blockhead-zhang'
const TARGET = 500
const CALLS = 300

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

async function main() {
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  const t = await startTestCloud({ seed: true })
  try {
    const db = t.cloud.database
    // Fill 张建国's two blocks up to 500 households, with a spread of classes and last contacts.
    const have = db.count('households', { blockId: { $in: ['c-chunhui-b1', 'c-chunhui-b2'] } })
    const now = Date.now()
    // Typed by the registry, so the bench's households are ones the functions could have written.
    const extra = Array.from({ length: TARGET - have }, (_, i): NewDocOf<'households'> => {
      const cls = i % 7 === 0 ? 'C' : i % 5 === 0 ? 'A' : 'B'
      const last = new Date(now - ((i * 37) % 160) * 86_400_000)
      return {
        _id: `hh-bench-${i}`,
        committeeId: 'c-chunhui',
        blockId: i % 2 ? 'c-chunhui-b1' : 'c-chunhui-b2',
        building: `${(i % 8) + 1}号楼`,
        room: `${(i % 30) + 1}01`,
        class: cls,
        preferredChannel: cls === 'A' ? 'wechat' : undefined,
        members: [
          {
            name: `住户${i}`,
            relation: '户主',
            birthYear: 1950 + (i % 50),
            phone: `139${String(i).padStart(8, '0')}`,
            tags: cls === 'C' ? ['独居老人'] : [],
          },
          { name: `家属${i}`, relation: '配偶', birthYear: 1952 + (i % 50), tags: [] },
        ],
        notes: '',
        residentOpenids: [],
        lastContactAt: last,
        nextDueAt: new Date(last.getTime() + (cls === 'C' ? 14 : 90) * 86_400_000),
        version: 1,
        updatedAt: new Date(now),
      }
    })
    await db.insertMany('households', extra)

    const call = async (action: string, input: Record<string, unknown>, openid = ZHANG) => {
      const r = await t.call<unknown>('visits', { action, ...input }, openid)
      if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`)
      return r.data as Record<string, unknown>
    }
    const first = await call('catalogue', {})
    const inScope = (first.counts as { total: number }).total
    if (inScope !== TARGET) throw new Error(`expected ${TARGET} households in the catalogue, got ${inScope}`)
    for (let i = 0; i < 20; i++) await call('catalogue', {})
    // The whole list in one answer (limit 500), for comparison with the default first page.
    const full: number[] = []
    for (let i = 0; i < 100; i++) {
      const t0 = performance.now()
      await call('catalogue', { limit: TARGET })
      full.push(performance.now() - t0)
    }
    // Interleaved with a trivial action (talents: one small read) so the machine's load shows beside it.
    const times: number[] = []
    const base: number[] = []
    for (let i = 0; i < CALLS; i++) {
      let t0 = performance.now()
      await call('catalogue', {})
      times.push(performance.now() - t0)
      t0 = performance.now()
      await call('talents', {})
      base.push(performance.now() - t0)
    }
    const load = (await import('node:os')).loadavg()[0].toFixed(1)
    // Time inside the function (router: parse, caller, handler, output check), from its own log lines.
    const inside = (await t.dev.logs({ fn: 'visits' }))
      .map((l) => {
        try {
          return JSON.parse(l.text) as { action?: string; durationMs?: number }
        } catch {
          return {}
        }
      })
      .filter((l) => l.action === 'catalogue' && typeof l.durationMs === 'number')
      .map((l) => l.durationMs!)

    // Database requests per action (one call each, warm).
    const rid = () => `bench-${Math.random().toString(36).slice(2, 12)}`
    const WANG_HH = 'hh-c-chunhui-b1-1-101'
    const LI_HH = 'hh-c-chunhui-b2-2-502'
    const rows: [string, Record<string, number>][] = []
    const measure = async (label: string, fn: () => Promise<unknown>) => {
      db.resetRequestCounts()
      await fn()
      rows.push([label, { ...db.requestCounts() }])
    }
    const detail = (await call('household', { householdId: WANG_HH })) as {
      household: { version: number; members: unknown[]; notes: string }
    }
    let onlineVisitId = ''
    await measure('catalogue (500 households)', () => call('catalogue', {}))
    await measure('households (limit 50)', () => call('households', { limit: 50 }))
    await measure('household', () => call('household', { householdId: WANG_HH }))
    await measure('saveHousehold (update)', () =>
      call('saveHousehold', {
        householdId: WANG_HH,
        expectedVersion: detail.household.version,
        clientRequestId: rid(),
        fields: {
          blockId: 'c-chunhui-b1',
          building: '1号楼',
          room: '101',
          class: 'C',
          members: detail.household.members,
          notes: `${detail.household.notes}。`,
        },
      }),
    )
    await measure('record (six tasks, 1 demand, 1 talent)', () =>
      call('record', {
        householdId: WANG_HH,
        mode: 'home',
        clientRequestId: rid(),
        tasks: {
          showIdentity: { done: true },
          deliverService: { done: true, service: '测量血压' },
          learnSituation: { done: true },
          publicize: { done: true, topic: '垃圾分类' },
          askDemands: { done: true, demands: [{ category: 'facilities', text: '楼道灯坏了需要维修' }] },
          discoverTalents: { done: true, talents: [{ name: '周师傅', skills: ['理发'], consent: true }] },
        },
      }),
    )
    await measure('record (retry, same clientRequestId)', async () => {
      const id = rid()
      await call('record', {
        householdId: WANG_HH,
        mode: 'phone',
        tasks: { showIdentity: { done: true } },
        clientRequestId: id,
      })
      db.resetRequestCounts()
      await call('record', {
        householdId: WANG_HH,
        mode: 'phone',
        tasks: { showIdentity: { done: true } },
        clientRequestId: id,
      })
    })
    await measure('sendOnline (1 resident)', async () => {
      const r = await call('sendOnline', {
        householdId: LI_HH,
        message: '您好，家里都好吗？',
        clientRequestId: rid(),
      })
      onlineVisitId = r.onlineVisitId as string
    })
    await measure('pending (resident)', () => call('pending', {}, 'demo-resident-li'))
    await measure('respond (allFine)', () =>
      call('respond', { onlineVisitId, answer: 'allFine', clientRequestId: rid() }, 'demo-resident-li'),
    )
    await measure('myHousehold (resident)', () => call('myHousehold', {}, 'demo-resident-li'))
    await measure('correctHousehold (resident)', () =>
      call('correctHousehold', { text: '电话号码换了', clientRequestId: rid() }, 'demo-resident-li'),
    )
    await measure('exportMyData (resident)', () => call('exportMyData', {}, 'demo-resident-li'))
    await measure('talents', () => call('talents', {}))
    await measure('dailyReminder timer (all block heads)', () => t.dev.fire('visits', 'dailyReminder'))

    const date = new Date().toISOString().slice(0, 16).replace('T', ' ')
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`
    const total = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0)
    const short = (c: Record<string, number>) =>
      Object.entries(c)
        .map(([k, v]) => `${k.replace('database.', '')} ${v}`)
        .join(', ')
    const lines = [
      '',
      `### Visits (issue 9): catalogue for a block head with ${TARGET} households — ${date} UTC`,
      `Machine: ${machine}`,
      '',
      `- catalogue (default first page of 100, counts and week over all ${TARGET}) through POST /fn (function host, real SDK, output validated), ${CALLS} sequential warm calls: p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms, max ${Math.max(...times).toFixed(2)} ms (target p95 ≤ 50 ms)`,
      `- catalogue with all ${TARGET} items in one answer (limit ${TARGET}), 100 calls: p50 ${pct(full, 50).toFixed(2)} ms, p95 ${pct(full, 95).toFixed(2)} ms`,
      `- inside the function (from its log lines, last ${inside.length} catalogue calls): p50 ${pct(inside, 50)} ms, p95 ${pct(inside, 95)} ms — the rest is the function host and gateway carrying the answer`,
      `- beside it, interleaved: talents (one small read) p50 ${pct(base, 50).toFixed(2)} ms, p95 ${pct(base, 95).toFixed(2)} ms; 1-minute load average at the end ${load} on the shared 2 cores`,
      '',
      '| action | DB requests | by wire action |',
      '| --- | --- | --- |',
      ...rows.map(([label, c]) => `| ${label} | ${total(c)} | ${short(c)} |`),
      '',
      'The caller lookup (staff or resident document) is one of the requests in every action. The catalogue is',
      "one aggregate (the 500 households, the cadence, this week's visit count and the open corrections looked",
      "up beside the caller's staff record) and one audit write, whatever the number of households.",
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
