/**
 * The function host through POST /fn, beside a bare Node HTTP handler doing the same database call through
 * the same SDK against the same emulator, in one run:
 * - warm invocation latency p50/p95 (sequential),
 * - cold start (a fresh instance: worker start + loading the bundle and SDK + the call) beside a fresh Node
 *   process doing the same require + call,
 * - invocations/s at 50 concurrent connections (autocannon).
 *
 *   npx tsx bench/fn-host.ts [--write]     (--write appends the results to bench/RESULTS.md)
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  requests: { average: number }
  latency: { p50: number; p97_5: number }
  errors: number
  non2xx: number
  timeouts: number
}>
import { spawn } from 'node:child_process'
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join, resolve } from 'node:path'
import type { AddressInfo } from 'node:net'
import { startLocalCloud } from '../emulator/server'
import { buildFixtures } from '../tests/helpers/localCloud'

const root = resolve(__dirname, '..')
const WARM_CALLS = 400
const COLD_RUNS = 6
const LOAD_SECONDS = 8
const CONNECTIONS = 50
const argInstances = process.argv.indexOf('--instances')
const INSTANCES = argInstances > 0 ? Number(process.argv[argInstances + 1]) : undefined

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (x: number) => `${x.toFixed(2)} ms`

async function timeCalls(url: string, n: number, headers: Record<string, string>): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const t0 = performance.now()
    const res = await fetch(url, { method: 'POST', headers, body: '{"id":"bench"}' })
    const body = (await res.json()) as { ok?: boolean; data?: unknown }
    out.push(performance.now() - t0)
    if (!body.ok || !body.data) throw new Error(`unexpected answer ${JSON.stringify(body)}`)
  }
  return out
}

async function load(
  url: string,
  headers: Record<string, string>,
): Promise<{ rps: number; p50: number; p97: number; errors: number }> {
  const r = await autocannon({
    url,
    method: 'POST',
    headers,
    body: '{"id":"bench"}',
    connections: CONNECTIONS,
    duration: LOAD_SECONDS,
  })
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p97: r.latency.p97_5,
    errors: r.errors + r.non2xx + r.timeouts,
  }
}

async function main(): Promise<void> {
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  process.env.SUMERU_ENV ??= 'test'
  const fixtures = await buildFixtures()
  const benchdb = fixtures.find((f) => f.name === 'benchdb')!
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-bench-'))
  const cloud = await startLocalCloud({
    dataDir,
    port: 0,
    quiet: true,
    h5Dir: false,
    functions: { specs: [], extra: [benchdb], echoLogs: false, maxInstances: INSTANCES },
  })
  await cloud.database.insertMany('notices', [
    { _id: 'bench', title: '停水通知', body: '明天上午9点至12点停水', committeeId: 'c-chunhui' },
  ])

  // The bare handler: same SDK, same document, same emulator, no function host in between.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk')
  sdk.init({ env: cloud.envId, serviceUrl: cloud.adminUrl } as Parameters<typeof sdk.init>[0])
  const db = sdk.database({ throwOnNotFound: false } as Parameters<typeof sdk.database>[0])
  const bare: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString() || '{}') as { id?: string }
      ;(
        db
          .collection('notices')
          .doc(event.id ?? 'bench')
          .get() as Promise<{ data: unknown }>
      ).then((r) => {
        const text = JSON.stringify({ ok: true, data: r.data })
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
        })
        res.end(text)
      })
    })
  })
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', () => r()))
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/`
  const fnUrl = `${cloud.url}/fn/benchdb`
  const headers = { 'content-type': 'application/json', 'x-wx-openid': 'o-bench' }

  // Warm: prime both, then alternate blocks so drift on a shared machine hits both alike.
  await timeCalls(fnUrl, 20, headers)
  await timeCalls(bareUrl, 20, headers)
  const warmFn: number[] = []
  const warmBare: number[] = []
  for (let b = 0; b < 4; b++) {
    warmFn.push(...(await timeCalls(fnUrl, WARM_CALLS / 4, headers)))
    warmBare.push(...(await timeCalls(bareUrl, WARM_CALLS / 4, headers)))
  }

  // Cold: a new function name has no instance, so its first call starts one.
  const host = cloud.host!
  const coldFn: number[] = []
  for (let i = 0; i < COLD_RUNS; i++) {
    host.register({ name: `cold${i}`, dir: benchdb.dir })
    const t0 = performance.now()
    const out = await host.invoke(`cold${i}`, { id: 'bench' }, { caller: { openid: 'o-bench' } })
    coldFn.push(performance.now() - t0)
    if (!out.ok || !out.cold) throw new Error(`cold run failed: ${JSON.stringify(out)}`)
  }
  const script = `const c=require('wx-server-sdk');c.init({env:${JSON.stringify(cloud.envId)},serviceUrl:${JSON.stringify(cloud.adminUrl)}});c.database({throwOnNotFound:false}).collection('notices').doc('bench').get().then(r=>{if(!r.data)process.exit(2)})`
  const coldBare: number[] = []
  for (let i = 0; i < COLD_RUNS; i++) {
    const t0 = performance.now()
    // Asynchronous, so the emulator in this process keeps answering the child's request.
    await new Promise<void>((ok, fail) => {
      const child = spawn(process.execPath, ['-e', script], {
        cwd: root,
        env: { ...process.env, SUMERU_ENV: 'test' },
        stdio: 'ignore',
      })
      child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`bare cold exit ${code}`))))
    })
    coldBare.push(performance.now() - t0)
  }

  // Throughput at 50 concurrent connections.
  const loadFn = await load(fnUrl, headers)
  const loadBare = await load(bareUrl, headers)
  const fnStats = host.stats().find((s) => s.name === 'benchdb')!

  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU'
  const lines = [
    '',
    `### /fn function host vs bare Node handler, same SDK call (doc(id).get()), same run — ${when} UTC`,
    `Machine: ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; ` +
      `host: worker threads, ${fnStats.instances} warm instances (cap ${INSTANCES ?? 'default'} per function)`,
    '',
    '| measure | /fn (function host) | bare handler | ratio |',
    '| --- | --- | --- | --- |',
    `| warm p50 (${WARM_CALLS} sequential calls) | ${ms(pct(warmFn, 50))} | ${ms(pct(warmBare, 50))} | ${(pct(warmFn, 50) / pct(warmBare, 50)).toFixed(2)} |`,
    `| warm p95 | ${ms(pct(warmFn, 95))} | ${ms(pct(warmBare, 95))} | ${(pct(warmFn, 95) / pct(warmBare, 95)).toFixed(2)} |`,
    `| cold start, median of ${COLD_RUNS} (new instance / new node process, incl. the call) | ${ms(pct(coldFn, 50))} | ${ms(pct(coldBare, 50))} | ${(pct(coldFn, 50) / pct(coldBare, 50)).toFixed(2)} |`,
    `| invocations/s at ${CONNECTIONS} concurrent, ${LOAD_SECONDS} s | ${loadFn.rps.toFixed(0)} (p50 ${loadFn.p50} ms, p97.5 ${loadFn.p97} ms, errors ${loadFn.errors}) | ${loadBare.rps.toFixed(0)} (p50 ${loadBare.p50} ms, p97.5 ${loadBare.p97} ms, errors ${loadBare.errors}) | ${(loadFn.rps / loadBare.rps).toFixed(2)} |`,
  ]
  console.log(lines.join('\n'))
  if (process.argv.includes('--write'))
    appendFileSync(join(root, 'bench', 'RESULTS.md'), lines.join('\n') + '\n')

  bare.close()
  await cloud.stop()
  rmSync(dataDir, { recursive: true, force: true })
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
