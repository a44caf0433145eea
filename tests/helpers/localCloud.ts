/**
 * The local cloud for integration tests: the whole emulator in process on a free port with a fresh data dir,
 * the real functions (built once per jest run by tests/integration/globalSetup.ts; stale ones rebuilt here),
 * and the HTTP ways in that the app and the dev console use.
 *
 *   const t = await startTestCloud({ seed: true })
 *   const r = await t.call('demands', { action: 'mine' }, 'demo-resident-wang')
 *   afterAll(() => t.stop())
 */
import { build } from 'esbuild'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { buildFunctions } from '../../cloudfunctions/build'
import type { FunctionSpec } from '../../emulator/host'
import type { SentMessage } from '../../emulator/openapi'
import { DEV_TOKEN_HEADER, startLocalCloud, type LocalCloud } from '../../emulator/server'

const root = resolve(__dirname, '..', '..')
const FIXTURES_SRC = join(root, 'tests', 'integration', 'emulator', 'fixtures')
const FIXTURES_OUT = join(root, 'dist', 'test-fixtures')

export interface TestCloudOptions {
  /** Load the demo data first. */
  readonly seed?: boolean
  /** Also serve the emulator's test fixture functions (tests/integration/emulator/fixtures). */
  readonly fixtures?: boolean
  /** Serve the product's functions from dist/cloudfunctions (default true). */
  readonly realFunctions?: boolean
  /** Fire timer triggers on schedule (default: only on demand). */
  readonly timers?: boolean
  /** Instances per function (default: cores, at least 2). */
  readonly maxInstances?: number
  /** Spare runtimes kept ready per memory size (default 0: tests start many clouds). */
  readonly spares?: number
  /** Keep function console output quiet (default true). */
  readonly quiet?: boolean
}

export interface Envelope<T = unknown> {
  ok: boolean
  data?: T
  error?: { code: string; message: string; details?: unknown; requestId?: string }
}

/** The data of an answer that must have succeeded; a failure throws with the error it carried. */
export function ok<T>(r: Envelope<T> | Envelope<unknown>): T {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`)
  return r.data as T
}

export interface TestCloud {
  readonly url: string
  /** Headers a raw `fetch` to `/_dev/api` needs (the per-start token). */
  readonly devHeaders: Readonly<Record<string, string>>
  readonly cloud: LocalCloud
  readonly dataDir: string
  /** POST /fn/<fn> as the H5 app does; `openid` goes in X-WX-OPENID. */
  call<T = unknown>(fn: string, event: unknown, openid?: string): Promise<Envelope<T>>
  readonly dev: {
    /** Sent subscribe messages to one user, newest first. */
    messages(openid: string): Promise<SentMessage[]>
    grant(openid: string, templateIds: readonly string[], count?: number): Promise<unknown>
    /** Fires a timer now and returns the function's result. */
    fire(
      fn: string,
      trigger?: string,
    ): Promise<{ ok: boolean; result: unknown; requestId: string; error?: string }>
    setClock(offsetMs: number): Promise<{ offsetMs: number; now: string }>
    /** Documents of a collection, newest first. */
    collection<T = Record<string, unknown>>(name: string, limit?: number): Promise<T[]>
    logs(filter?: {
      fn?: string
      requestId?: string
    }): Promise<Array<{ fn: string; requestId: string; level: string; text: string }>>
  }
  stop(): Promise<void>
}

export async function startTestCloud(opts: TestCloudOptions = {}): Promise<TestCloud> {
  // Nothing is stale after globalSetup; this only rebuilds a function edited since (or when run alone).
  await buildFunctions({ minify: false })
  const extra = opts.fixtures ? await buildFixtures() : []
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-test-'))
  const cloud = await startLocalCloud({
    dataDir,
    port: 0,
    quiet: opts.quiet ?? true,
    timers: opts.timers ?? false,
    h5Dir: false,
    functions: {
      ...(opts.realFunctions === false ? { specs: [] } : {}),
      extra,
      maxInstances: opts.maxInstances,
      spares: opts.spares,
    },
  })
  if (opts.seed) {
    const { loadDemoData } = await import('../../emulator/seed')
    await loadDemoData(cloud)
  }
  const url = cloud.url
  const dev = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(
      `${url}/_dev/api/${path}`,
      body === undefined
        ? { headers: { [DEV_TOKEN_HEADER]: cloud.devToken } }
        : {
            method: 'POST',
            headers: { [DEV_TOKEN_HEADER]: cloud.devToken, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          },
    )
    const json = (await res.json()) as T & { error?: string }
    if (!res.ok) throw new Error(`/_dev/api/${path}: ${res.status} ${json.error ?? ''}`)
    return json
  }
  return {
    url,
    devHeaders: { [DEV_TOKEN_HEADER]: cloud.devToken },
    cloud,
    dataDir,
    async call(fn, event, openid) {
      const res = await fetch(`${url}/fn/${encodeURIComponent(fn)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
        body: JSON.stringify(event),
      })
      return (await res.json()) as never
    },
    dev: {
      messages: (openid) => dev(`messages?touser=${encodeURIComponent(openid)}`),
      grant: (openid, templateIds, count) => dev('grants', { openid, templateIds, count }),
      fire: (fn, trigger) => dev(`timers/${encodeURIComponent(fn)}/fire`, trigger ? { trigger } : {}),
      setClock: (offsetMs) => dev('clock', { offsetMs }),
      collection: async (name, limit = 100) =>
        (await dev<{ items: never[] }>(`collections/${encodeURIComponent(name)}?limit=${limit}`)).items,
      logs: (f = {}) => dev(`logs?${new URLSearchParams(f as Record<string, string>).toString()}`),
    },
    async stop() {
      await cloud.stop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/**
 * Builds the fixture functions into dist/test-fixtures like cloudfunctions/build.ts builds the real ones.
 * Written through a temporary file and a rename, so test files building at once never load half a bundle.
 */
export async function buildFixtures(): Promise<FunctionSpec[]> {
  const specs: FunctionSpec[] = []
  for (const e of readdirSync(FIXTURES_SRC, { withFileTypes: true })) {
    if (!e.isDirectory()) continue
    const src = join(FIXTURES_SRC, e.name, 'index.ts')
    if (!existsSync(src)) continue
    const dir = join(FIXTURES_OUT, e.name)
    const out = join(dir, 'index.js')
    const cfgSrc = join(FIXTURES_SRC, e.name, 'config.json')
    const newest = Math.max(statSync(src).mtimeMs, existsSync(cfgSrc) ? statSync(cfgSrc).mtimeMs : 0)
    if (!existsSync(out) || statSync(out).mtimeMs < newest) {
      mkdirSync(dir, { recursive: true })
      const result = await build({
        entryPoints: [src],
        bundle: true,
        platform: 'node',
        target: 'node16',
        format: 'cjs',
        external: ['wx-server-sdk'],
        write: false,
        logLevel: 'warning',
      })
      const tmp = `${out}.${process.pid}.tmp`
      writeFileSync(tmp, result.outputFiles[0].contents)
      const cfgTmp = join(dir, `config.json.${process.pid}.tmp`)
      if (existsSync(cfgSrc)) copyFileSync(cfgSrc, cfgTmp)
      else writeFileSync(cfgTmp, '{}\n')
      renameSync(cfgTmp, join(dir, 'config.json'))
      renameSync(tmp, out)
    }
    specs.push({ name: e.name, dir })
  }
  return specs
}
