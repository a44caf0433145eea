/**
 * Demands (issue 7, issue 20): database requests per action, `submit` through POST /fn at a steady rate with
 * many households and demands loaded — cold and warm side by side in one run — and `inbox` latency (target
 * p95 ≤ 50 ms). Through the function host and the real SDK against the emulator.
 *
 *   npx tsx bench/demands-submit.ts [--households 20000] [--demands 100000] [--rate 100] [--seconds 60]
 *                                   [--spares 8] [--instances 8] [--arrivals poisson|burst] [--write]
 *
 * The load is open: submissions arrive at `--rate` a second as independent residents' taps do (Poisson
 * arrivals, a fixed seed, so runs compare), each on its own request whatever the ones before it are doing,
 * and its latency counts from the moment it was due, so a late sender cannot hide a stall.
 * `--arrivals burst` sends the `--rate` requests of each second all at once at the start of the second,
 * which is what the benchmark's earlier load (autocannon with one connection per request a second) did.
 * Cold: `demands` is stopped to zero instances first and every request counts from the first one, so
 * scale-out is measured, not hidden (target p95 ≤ 500 ms, no errors). Warm: the same again right after, on
 * the instances the cold run started (target p95 ≤ 150 ms, no errors). `--instances` caps the instances of
 * a function (the basic plan allows 20, but on 2 cores more than 8 only add boots and per-instance JIT
 * work the calls pay for); `--spares` is the host's spare runtimes per memory size (0 turns them off):
 * Node and the SDK loaded ahead, as the cloud keeps runtimes ready on its own machines, so a cold start
 * here loads only the bundle instead of taking the SDK's load out of the two cores the calls run on.
 */
import { appendFileSync, readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { Worker } from 'node:worker_threads'
import { resolve } from 'node:path'
import type { CollectionName, NewDocOf } from '../cloudfunctions/shared/data'
import { startTestCloud } from '../tests/helpers/localCloud'
import { DEMAND_TAXONOMY } from '../types/demands'

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? Number(process.argv[i + 1]) : dflt
}
const HOUSEHOLDS = arg('households', 20_000)
const DEMANDS = arg('demands', 100_000)
const RATE = arg('rate', 100)
const SECONDS = arg('seconds', 60)
const SPARES = arg('spares', 8)
const INSTANCES = arg('instances', 8)
const BURST = process.argv[process.argv.indexOf('--arrivals') + 1] === 'burst'
const COMMITTEES = ['c-chunhui', 'c-fenglin', 'c-hepingli']
const BLOCKS: Record<string, number> = { 'c-chunhui': 4, 'c-fenglin': 3, 'c-hepingli': 3 }
const ZHANG = 'demo-blockhead-zhang'

/**
 * CPU time of this process's main thread (the emulator and the function host) in ms, from Linux's
 * per-thread accounting; undefined elsewhere. The rest of the process's CPU is the function instances (worker
 * threads), the residents' thread, V8's helper threads (garbage collection, compilation) and libuv's.
 */
function mainThreadCpuMs(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100
  } catch {
    return undefined
  }
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN
}
const H = 3_600_000

/**
 * The residents: sends each request when it is due, each on its own (keep-alive) connection whatever the
 * others are doing, and answers [latency from when it was due, status, body] per request. Plain JS
 * because a worker starts outside tsx.
 */
const RESIDENTS = `
const { parentPort, workerData } = require('node:worker_threads')
const { Agent, request } = require('node:http')
const { url, requests } = workerData
const agent = new Agent({ keepAlive: true })
const out = new Array(requests.length)
let left = requests.length
const t0 = performance.now()
const done = (i, status, text) => {
  out[i] = [performance.now() - t0 - requests[i].at, status, text.slice(0, 300)]
  if (--left === 0) { agent.destroy(); parentPort.postMessage(out) }
}
const send = (i) => {
  const { openid, body } = requests[i]
  let answered = false
  const once = (status, text) => { if (!answered) { answered = true; done(i, status, text) } }
  const req = request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json',
    'content-length': Buffer.byteLength(body), 'x-wx-openid': openid } }, (res) => {
    const chunks = []
    res.on('data', (c) => chunks.push(c))
    res.on('end', () => once(res.statusCode || 0, Buffer.concat(chunks).toString('utf8')))
    res.on('error', (e) => once(0, String(e)))
  })
  req.setTimeout(30000, () => req.destroy(new Error('timeout after 30 s')))
  req.on('error', (e) => once(0, String(e)))
  req.end(body)
}
let next = 0
const tick = () => {
  while (next < requests.length && requests[next].at <= performance.now() - t0) send(next++)
  if (next < requests.length) setTimeout(tick, Math.max(0, requests[next].at - (performance.now() - t0)))
}
tick()
`

/** A small seeded generator (mulberry32): the same arrival times in every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function main() {
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  const t = await startTestCloud({ seed: true, maxInstances: INSTANCES, spares: SPARES })
  try {
    const db = t.cloud.database
    // Bulk loads straight into the emulator, typed by the registry so the data is what the functions read.
    const insert = <N extends CollectionName>(collection: N, docs: readonly NewDocOf<N>[]) =>
      db.insertMany(collection, docs)
    const now = Date.now()
    const t0 = performance.now()
    // Households and their residents (each with a confirmed binding that carries the block).
    const households: NewDocOf<'households'>[] = []
    const residents: NewDocOf<'residents'>[] = []
    for (let i = 0; i < HOUSEHOLDS; i++) {
      const c = COMMITTEES[i % 3]
      const blockId = `${c}-b${(Math.floor(i / 3) % BLOCKS[c]) + 1}`
      const id = `hh-bench-${i}`
      const openid = `bench-r-${i}`
      households.push({
        _id: id,
        committeeId: c,
        blockId,
        building: '1号楼',
        room: `${i}`,
        class: 'B',
        members: [{ name: `住户${i}`, relation: '户主', tags: [] }],
        notes: '',
        residentOpenids: [openid],
        version: 1,
        updatedAt: new Date(now),
      })
      residents.push({
        _id: openid,
        openid,
        name: `住户${i}`,
        committeeIds: [c],
        households: [
          {
            committeeId: c,
            householdId: id,
            blockId,
            building: '1号楼',
            status: 'confirmed',
            requestedAt: new Date(now),
          },
        ],
        createdAt: new Date(now),
      })
    }
    for (let i = 0; i < households.length; i += 10_000)
      await insert('households', households.slice(i, i + 10_000))
    for (let i = 0; i < residents.length; i += 10_000)
      await insert('residents', residents.slice(i, i + 10_000))
    // A month of demands: those of the last four days half still open, everything older concluded.
    const cats = DEMAND_TAXONOMY.map((c) => c.code)
    for (let b = 0; b < DEMANDS; b += 10_000) {
      const batch: NewDocOf<'demands'>[] = []
      for (let i = b; i < Math.min(DEMANDS, b + 10_000); i++) {
        const c = COMMITTEES[i % 3]
        const blockId = `${c}-b${(Math.floor(i / 3) % BLOCKS[c]) + 1}`
        const at = new Date(now - ((i * 7919) % (30 * 24)) * H)
        const open = now - at.getTime() < 96 * H && i % 2 === 0
        const due = new Date(at.getTime() + 72 * H)
        batch.push({
          _id: `dm-bench-${i}`,
          residentOpenid: `bench-r-${i % HOUSEHOLDS}`,
          residentName: `住户${i % HOUSEHOLDS}`,
          committeeId: c,
          subdistrictId: 'sd-mingde',
          blockId,
          category: cats[i % cats.length],
          text: '楼道里堆满了杂物，消防通道被堵住了',
          photos: [],
          visibility: 'private',
          status: open ? 'in_progress' : 'closed',
          assigneeOpenid: 'bench-staff',
          assigneeName: '块长',
          submittedAt: at,
          submittedDay: at.toISOString().slice(0, 10),
          firstResponseDueAt: new Date(at.getTime() + 24 * H),
          firstRespondedAt: new Date(at.getTime() + 2 * H),
          resolutionDueAt: due,
          dueAt: open ? due : null,
          dueStage: open ? 'resolution' : null,
          nextAlertAt: open ? new Date(due.getTime() - 2 * H) : null,
          cycle: 1,
          alerts: [],
          reopened: false,
          events: [{ id: `e-${i}`, type: 'submitted', at, by: 'x', byName: '居民', byRole: '居民' }],
          version: 1,
          updatedAt: at,
        })
      }
      await insert('demands', batch)
    }
    const loadSecs = ((performance.now() - t0) / 1000).toFixed(1)

    const call = async (action: string, input: Record<string, unknown>, openid: string) => {
      const r = await t.call<unknown>('demands', { action, ...input }, openid)
      if (!r.ok) throw new Error(`${action}: ${JSON.stringify(r.error)}`)
      return r.data as Record<string, unknown>
    }
    const rid = () => `bench-${Math.random().toString(36).slice(2, 12)}`
    const submitInput = () => ({
      category: 'sanitation',
      text: '楼道里堆满了杂物，消防通道被堵住了',
      clientRequestId: rid(),
    })

    // Database requests per action, one warm call each.
    const rows: [string, Record<string, number>][] = []
    const measure = async (label: string, fn: () => Promise<unknown>) => {
      db.resetRequestCounts()
      const out = await fn()
      rows.push([label, { ...db.requestCounts() }])
      return out
    }
    for (let i = 0; i < 5; i++) await call('submit', submitInput(), `bench-r-${HOUSEHOLDS - 1 - i}`)
    await call('inbox', {}, ZHANG)
    const sub = (await measure('submit', () => call('submit', submitInput(), 'bench-r-3'))) as { id: string }
    await measure('submit (retry, same clientRequestId)', async () => {
      const input = submitInput()
      await call('submit', input, 'bench-r-6')
      db.resetRequestCounts()
      await call('submit', input, 'bench-r-6')
    })
    await measure('inbox (block head, open, 20)', () => call('inbox', {}, ZHANG))
    await measure('inbox (committee admin, overdue)', () =>
      call('inbox', { overdue: true }, 'demo-admin-chen'),
    )
    await measure('mine', () => call('mine', {}, 'bench-r-3'))
    await measure('get (staff: + similar cases)', () => call('get', { id: sub.id }, ZHANG))
    await measure('reply', () =>
      call('reply', { id: sub.id, text: '收到，马上处理', clientRequestId: rid() }, ZHANG),
    )
    await measure('resolve', () =>
      call('resolve', { id: sub.id, result: '已经处理完毕了', clientRequestId: rid() }, ZHANG),
    )
    await measure('rate', () =>
      call('rate', { id: sub.id, level: 'satisfied', clientRequestId: rid() }, 'bench-r-3'),
    )

    // inbox latency, sequential warm calls.
    const inboxTimes: number[] = []
    for (let i = 0; i < 200; i++) {
      const s = performance.now()
      await call('inbox', {}, ZHANG)
      inboxTimes.push(performance.now() - s)
    }

    // submit at a steady rate, open loop: each resident submits at most a few times (the daily limit is 10).
    let seq = 0
    const random = seeded(20)
    /** Where an invocation's time went: waiting for an instance, then running in it (host.invoke wrapped). */
    const invocations: { wait: number; run: number }[] = []
    const host = t.cloud.host!
    const invoke = host.invoke.bind(host)
    host.invoke = async (...args) => {
      const s = performance.now()
      const out = await invoke(...args)
      invocations.push({ wait: performance.now() - s - out.durationMs, run: out.durationMs })
      return out
    }
    const loop = monitorEventLoopDelay({ resolution: 10 })
    const steady = async (seconds: number) => {
      const total = RATE * seconds
      // When each submission is due, in ms from the start.
      const due: number[] = []
      for (let i = 0, at = 0; i < total; i++) {
        due.push(BURST ? Math.floor(i / RATE) * 1000 : at)
        at += (-Math.log(1 - random()) * 1000) / RATE
      }
      /** [seconds after the start the request was due, latency]. */
      const sent: [number, number][] = []
      let errors = 0
      const firstErrors: string[] = []
      invocations.length = 0
      loop.reset()
      loop.enable()
      const cpu0 = process.cpuUsage()
      const main0 = mainThreadCpuMs()
      const t0 = performance.now()
      const requests = due.map((at) => ({
        at,
        openid: `bench-r-${(seq++ * 7) % HOUSEHOLDS}`,
        body: JSON.stringify({ action: 'submit', ...submitInput() }),
      }))
      // The residents' side runs on a thread of its own, so its HTTP client does not take turns on the
      // event loop that stands for the cloud's services.
      const answers = await new Promise<[number, number, string][]>((resolveAll, rejectAll) => {
        const residents = new Worker(RESIDENTS, {
          eval: true,
          workerData: { url: `${t.url}/fn/demands`, requests },
        })
        residents.once('message', resolveAll)
        residents.once('error', rejectAll)
      })
      for (const [i, [latency, status, text]] of answers.entries()) {
        sent.push([due[i] / 1000, latency])
        if (status === 200 && text.startsWith('{"ok":true')) continue
        errors++
        if (firstErrors.length < 3) firstErrors.push(`${status} ${text.slice(0, 200)}`)
      }
      const elapsed = (performance.now() - t0) / 1000
      const cpu = process.cpuUsage(cpu0)
      const main1 = mainThreadCpuMs()
      loop.disable()
      return {
        lat: sent.map(([, l]) => l),
        sent,
        errors,
        firstErrors,
        total,
        elapsed,
        cpuMs: (cpu.user + cpu.system) / 1000,
        mainCpuMs: main0 !== undefined && main1 !== undefined ? main1 - main0 : undefined,
        wait: invocations.map((x) => x.wait),
        run: invocations.map((x) => x.run),
        loopP99: loop.percentile(99) / 1e6 - 10,
      }
    }
    const coldStarts = () => t.cloud.host!.stats().find((s) => s.name === 'demands')?.coldStarts ?? 0
    // From zero instances: the calls above left some warm. The spare runtimes are made while the host is
    // quiet, so the cold run starts once they are all there.
    await t.cloud.host!.retire('demands')
    const sizes = new Set(t.cloud.host!.stats().map((s) => s.memoryMb)).size
    for (let i = 0; i < 600 && t.cloud.host!.readySpares() < SPARES * sizes; i++)
      await new Promise((r) => setTimeout(r, 100))
    const cold0 = coldStarts()
    const cold = await steady(SECONDS)
    const cold1 = coldStarts()
    const warm = await steady(SECONDS)
    const cold2 = coldStarts()

    // The outbox relay behind the run: how fast the carried alerts and counters reach `messages` and `stats`.
    const relayStarted = performance.now()
    let relayedTotal = 0
    for (let run = 0; run < 100; run++) {
      const r = (await t.dev.fire('outbox', 'deliver')).result as { data?: { relayed: number } }
      relayedTotal += r.data?.relayed ?? 0
      if (!r.data?.relayed) break
    }
    const relaySecs = (performance.now() - relayStarted) / 1000

    const windows = (sent: [number, number][]) => {
      const out: string[] = []
      for (let w = 0; w < SECONDS; w += 10) {
        const xs = sent.filter(([at]) => at >= w && at < w + 10).map(([, l]) => l)
        if (xs.length) out.push(`${w}–${w + 10} s p95 ${pct(xs, 95).toFixed(0)} ms`)
      }
      return out.join(' · ')
    }
    const line = (label: string, r: typeof cold, target: number, started: number) => [
      `- submit ${label} through POST /fn, ${BURST ? `${RATE} at once at the start of every second` : `${RATE}/s arriving at random (Poisson)`} for ${SECONDS} s (${r.total} submissions, achieved ${(r.total / r.elapsed).toFixed(1)}/s): p50 ${pct(r.lat, 50).toFixed(1)} ms, p95 ${pct(r.lat, 95).toFixed(1)} ms, p99 ${pct(r.lat, 99).toFixed(1)} ms, max ${Math.max(...r.lat).toFixed(1)} ms, errors ${r.errors}${r.firstErrors.length ? ` (${r.firstErrors.join('; ')})` : ''} (target p95 ≤ ${target} ms, no errors)`,
      `  - by 10-second window of sending: ${windows(r.sent)}; instances started during the run: ${started}`,
      `  - in the host: waiting for an instance p50 ${pct(r.wait, 50).toFixed(0)} ms, p95 ${pct(r.wait, 95).toFixed(0)} ms; running p50 ${pct(r.run, 50).toFixed(0)} ms, p95 ${pct(r.run, 95).toFixed(0)} ms; the main thread's event loop delay p99 ${r.loopP99.toFixed(1)} ms`,
      `  - CPU ${(r.cpuMs / r.total).toFixed(1)} ms a submission (${(r.cpuMs / 1000 / r.elapsed).toFixed(2)} of ${cpus().length} cores)${r.mainCpuMs !== undefined ? `, of which the main thread (emulator, host) ${(r.mainCpuMs / r.total).toFixed(1)} ms` : ''}: the whole local cloud's work and the residents' requests`,
    ]
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ')
    const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`
    const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0)
    const short = (c: Record<string, number>) =>
      Object.entries(c)
        .map(([k, v]) => `${k.replace('database.', '')} ${v}`)
        .join(', ')
    const lines = [
      '',
      `### Demands (issue 7): submit and inbox with ${HOUSEHOLDS} households and ${DEMANDS} demands loaded — ${date} UTC`,
      `Machine: ${machine}; load average ${loadavg()[0].toFixed(1)} at the end; function host with up to ${INSTANCES} instances per function, ${SPARES} spare runtime(s) per memory size; data loaded in ${loadSecs} s`,
      '',
      ...line('cold, from zero instances, every request counted', cold, 500, cold1 - cold0),
      ...line('warm, right after', warm, 150, cold2 - cold1),
      `- outbox relay afterwards: ${relayedTotal} demands' alerts and counters handed over in ${relaySecs.toFixed(1)} s (${(relayedTotal / relaySecs).toFixed(0)}/s), by timer runs of at most 8 s`,
      `- inbox (block head 张建国, default filter), 200 sequential warm calls: p50 ${pct(inboxTimes, 50).toFixed(1)} ms, p95 ${pct(inboxTimes, 95).toFixed(1)} ms (target p95 ≤ 50 ms)`,
      '',
      '| action | DB requests | by wire action |',
      '| --- | --- | --- |',
      ...rows.map(([label, c]) => `| ${label} | ${sum(c)} | ${short(c)} |`),
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
