/**
 * Shared pieces of the database benchmarks (run as `npx tsx bench/db-<name>.ts`; this file only exports).
 * Each benchmark appends its numbers to bench/RESULTS.md with the date and the machine.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'

process.env.TENCENTCLOUD_SECRETID ??= 'local'
process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
process.env.SUMERU_ENV ??= 'test'

export type Sdk = typeof import('wx-server-sdk')

/** A fresh copy of wx-server-sdk (its `init` is one-shot), so one run can talk to two servers. */
export function freshSdk(serviceUrl: string): Sdk {
  for (const k of Object.keys(require.cache)) {
    if (/node_modules[\\/](wx-server-sdk|@cloudbase)[\\/]/.test(k)) delete require.cache[k]
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as Sdk
  cloud.init({ env: 'linli-local', serviceUrl } as Parameters<Sdk['init']>[0])
  return cloud
}

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'linli-bench-'))

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}

export const ms = (n: number): string => `${n.toFixed(2)} ms`

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}`
}

/** Appends one result block under the database/storage heading of bench/RESULTS.md. */
export function record(title: string, lines: string[]): void {
  const file = join(__dirname, 'RESULTS.md')
  const heading = '## Database and storage (emulator/db, emulator/storage)'
  if (!existsSync(file)) writeFileSync(file, '# Benchmark results\n\n')
  if (!readFileSync(file, 'utf8').includes(heading)) appendFileSync(file, `\n${heading}\n`)
  const block = [
    `\n### ${title} — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `Machine: ${machine()}`,
    '',
    ...lines.map((l) => `- ${l}`),
    '',
  ].join('\n')
  appendFileSync(file, block)
  console.log(block)
}

/** A demand-shaped document (~500 bytes of EJSON). */
export function demandDoc(i: number): Record<string, unknown> {
  const created = 1_700_000_000_000 + i * 60_000
  return {
    _id: `d${String(i).padStart(7, '0')}`,
    committeeId: `c${i % 50}`,
    status: ['submitted', 'accepted', 'meeting', 'resolved'][i % 4],
    openid: `o-resident-${i % 5000}`,
    assigneeOpenid: `o-staff-${i % 200}`,
    category: ['环境卫生', '物业维修', '邻里纠纷', '养老服务', '其他'][i % 5],
    title: `楼道灯坏了第${i}号`,
    content: '三号楼二单元楼道的声控灯已经坏了一个星期，晚上老人上下楼很不方便，希望尽快维修。',
    createdAt: new Date(created),
    dueAt: new Date(created + 86_400_000),
    events: [{ at: new Date(created), type: 'submitted', by: `o-resident-${i % 5000}` }],
  }
}
