/**
 * The local function host: runs the built cloud functions (`dist/cloudfunctions/<name>/index.js`) the way the
 * CloudBase Node runtime does. Each instance is a worker thread serving one invocation at a time with that
 * invocation's caller in its own `process.env` (WX_OPENID, WX_APPID, …), reused warm, started cold on demand,
 * reaped when idle, capped per function (invocations beyond the cap wait in a queue), killed and replaced when
 * it overruns its timeout, runs out of memory or crashes.
 *
 * It also answers `functions.invokeFunction` on /admin (`cloud.callFunction`): the calling invocation is
 * recognised by the `wxCloudApiToken` the SDK echoes from WX_API_TOKEN, and the callee runs with the caller's
 * user context, as in the cloud.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { cpus } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Clock } from '../clock'
import type { AdminBody, AdminReply, AdminService } from '../contracts'
import { parseJson } from '../http'
import { FUNCTION_NAMES } from '../../types/policy'
import { labelOf, type UsageMeter } from '../meter'
import { readFunctionConfig, type FunctionConfig, type FunctionSpec } from './config'

export type { FunctionSpec } from './config'

const WORKER_FILE = join(__dirname, 'worker.cjs')
export const BUILT_FUNCTIONS_DIR = resolve(__dirname, '..', '..', 'dist', 'cloudfunctions')
export const LOCAL_APPID = 'wx-linli-local'
/**
 * Scheduling priority (nice) of each instance's thread, below the main thread's 0. The main thread stands
 * for the cloud's own services — the database, the gateway, the open API — which in the cloud run on other
 * machines and are never slowed by a function's instances; here they share two cores with them, and every
 * database request an instance makes waits for that thread. Without it, a request's reply woke an
 * instance that took the core from the main thread while other replies were still queued behind it: at
 * 100 submissions a second, a submission's database time p50 16–33 ms → 6–7 ms with it (bench/RESULTS.md).
 * Only the order in which threads get a core changes, not what any of them does.
 */
const INSTANCE_NICE = 10

/** Who is calling: what the platform would inject. All absent for timer triggers. */
export interface CallerContext {
  readonly openid?: string
  readonly appid?: string
  readonly unionid?: string
  readonly clientIp?: string
  readonly clientIpv6?: string
}

export interface InvokeOptions {
  readonly caller?: CallerContext
  readonly requestId?: string
  /** requestId of the invocation that called this one through `cloud.callFunction`. */
  readonly parentRequestId?: string
  /**
   * A timer trigger's invocation: the instance sees `TRIGGER_SRC=timer`, as the CloudBase runtime sets it.
   * Only the scheduler passes this; no HTTP caller can.
   */
  readonly timer?: boolean
}

export type InvokeFailure = 'unknown-function' | 'load-error' | 'error' | 'timeout' | 'crash' | 'stopped'

export type InvokeOutcome =
  | { ok: true; requestId: string; fn: string; json: string; durationMs: number; cold: boolean }
  | {
      ok: false
      requestId: string
      fn: string
      reason: InvokeFailure
      message: string
      durationMs: number
      cold: boolean
    }

export interface LogEntry {
  readonly seq: number
  readonly ts: string
  readonly fn: string
  readonly requestId: string
  readonly level: string
  readonly text: string
}

export interface FunctionStats {
  readonly name: string
  readonly timeoutMs: number
  readonly memoryMb: number
  readonly instances: number
  readonly busy: number
  readonly queued: number
  readonly invocations: number
  readonly coldStarts: number
  readonly failures: number
  readonly timeouts: number
}

export interface FunctionHostOptions {
  /** Base URL of the local cloud (`http://127.0.0.1:PORT`). */
  readonly url: string
  /** What functions get as `TCB_CONTEXT_CNFG.URL` (default `<url>/admin`): the admin API with its token. */
  readonly adminUrl?: string
  readonly envId: string
  readonly clock: Clock
  /** Built functions to serve; default: every function of types/policy.ts built under dist/cloudfunctions. */
  readonly functions?: readonly FunctionSpec[]
  /**
   * Instances per function; more concurrent invocations queue. Default: the number of cores (at least 2):
   * on 2 cores, 4 instances served fewer invocations/s than 2 (bench/RESULTS.md).
   */
  readonly maxInstances?: number
  /** Instances of one function starting at once. Default: cores − 1 (at least 1), so a boot never takes the last core. */
  readonly maxBoots?: number
  /** An instance idle this long is stopped. Default 5 minutes. */
  readonly idleMs?: number
  /** Lines of function console output kept (ring buffer). Default 5000. */
  readonly logCapacity?: number
  /** Echo function console output to this process's console. */
  readonly echoLogs?: boolean
  /** Counts each invocation by function and action (emulator/meter.ts). */
  readonly meter?: UsageMeter
  /**
   * Spare runtimes kept ready per memory size (default 0): worker threads with Node and wx-server-sdk
   * loaded and no function in them. A cold start takes one and loads only the function's bundle, so a burst
   * from zero instances does not wait for the SDK to load on a machine whose cores the warm instances need.
   * Each spare is still one instance serving one invocation at a time, under its function's memory cap.
   */
  readonly spares?: number
}

/** Built functions of the product found under `dir` (default dist/cloudfunctions). */
export function builtFunctions(dir = BUILT_FUNCTIONS_DIR): FunctionSpec[] {
  return FUNCTION_NAMES.filter((n) => existsSync(join(dir, n, 'index.js'))).map((name) => ({
    name,
    dir: join(dir, name),
  }))
}

interface Job {
  readonly event: unknown
  readonly caller: CallerContext
  readonly requestId: string
  readonly parentRequestId?: string
  readonly timer: boolean
  readonly enqueued: number
  readonly resolve: (o: InvokeOutcome) => void
}

interface Instance {
  readonly id: number
  readonly worker: Worker
  state: 'starting' | 'idle' | 'busy' | 'dead'
  lastUsed: number
  /** The bundle's mtime when loaded: a rebuilt function retires older instances. */
  readonly loadedMtime: number
  /** Made from a spare runtime (its boot loads only the bundle). */
  readonly fromSpare: boolean
  ready: Promise<void>
  /** Set by its first call, which is the one reported `cold`. */
  served?: boolean
  current?: { id: number; finish: (msg: WorkerResult | { crashed: string }) => void }
}

type WorkerResult =
  | { type: 'result'; id: number; ok: true; json: string }
  | { type: 'result'; id: number; ok: false; message: string }

interface Spare {
  readonly worker: Worker
  ready: boolean
  /** Its own listeners, removed when it is bound (never removeAllListeners: the Worker keeps some of its own). */
  readonly onMessage: (msg: { type: string }) => void
  readonly drop: () => void
}

interface Pool {
  readonly spec: FunctionSpec
  config: FunctionConfig
  readonly instances: Instance[]
  readonly queue: Job[]
  invocations: number
  coldStarts: number
  failures: number
  timeouts: number
}

export interface TokenInfo {
  readonly fn: string
  /** The invocation's action, or `timer:<trigger>` (emulator/meter.ts). */
  readonly label: string
  readonly requestId: string
  readonly caller: CallerContext
}

/**
 * How long the host must have had no call before it makes a spare: at 100 calls a second there are instants
 * with nothing running, and a spare made in one (the SDK's load, 0.3–0.6 s of a core) cuts into the calls
 * that follow — after a cold burst there may be many to remake, one after another.
 */
const SPARE_QUIET_MS = 2000

let instanceSeq = 0
let messageSeq = 0

export class FunctionHost {
  private readonly pools = new Map<string, Pool>()
  private readonly tokens = new Map<string, TokenInfo>()
  private readonly logs: LogEntry[] = []
  private logSeq = 0
  private readonly maxInstances: number
  private readonly maxBoots: number
  private readonly idleMs: number
  private readonly logCapacity: number
  private readonly reaper: NodeJS.Timeout
  private stopped = false
  /** Spare runtimes by memory size (MB). */
  private readonly spareWorkers = new Map<number, Spare[]>()
  private refill?: NodeJS.Timeout
  /** When a call last arrived or finished (ms since the epoch). */
  private lastCall = 0
  /** V8 code cache of each bundle (path and mtime), made by its first instance, used by the next ones. */
  private readonly codeCache = new Map<string, Uint8Array>()

  /** Answers `functions.invokeFunction` (cloud.callFunction). */
  readonly admin: AdminService = {
    handle: async (body: AdminBody) =>
      body.action === 'functions.invokeFunction' ? this.invokeFromAdmin(body) : undefined,
  }

  constructor(private readonly opts: FunctionHostOptions) {
    this.maxInstances = Math.max(1, opts.maxInstances ?? Math.max(2, cpus().length))
    this.maxBoots = Math.max(1, opts.maxBoots ?? cpus().length - 1)
    this.idleMs = opts.idleMs ?? 5 * 60_000
    this.logCapacity = opts.logCapacity ?? 5000
    for (const spec of opts.functions ?? builtFunctions()) this.register(spec)
    this.reaper = setInterval(() => this.reap(), Math.min(10_000, Math.max(200, this.idleMs / 2)))
    this.reaper.unref()
    this.fillSpares()
  }

  /**
   * Adds (or replaces) a function; running instances of a replaced one finish and are retired. Throws, before
   * anything changes, for a config.json or settings the cloud would refuse (emulator/host/config.ts).
   */
  register(spec: FunctionSpec): void {
    const config = readFunctionConfig(spec)
    const old = this.pools.get(spec.name)
    if (old) for (const inst of old.instances) if (inst.state === 'idle') this.kill(old, inst)
    const pool: Pool = old ?? {
      spec,
      config,
      instances: [],
      queue: [],
      invocations: 0,
      coldStarts: 0,
      failures: 0,
      timeouts: 0,
    }
    if (old) {
      ;(pool as { spec: FunctionSpec }).spec = spec
      pool.config = config
    }
    this.pools.set(spec.name, pool)
  }

  names(): string[] {
    return [...this.pools.keys()].sort()
  }

  config(name: string): FunctionConfig | undefined {
    return this.pools.get(name)?.config
  }

  /** The invocation an SDK request came from, by the `wxCloudApiToken` it carries (while it runs). */
  lookupToken(token: unknown): TokenInfo | undefined {
    return typeof token === 'string' && token ? this.tokens.get(token) : undefined
  }

  /** Runs one invocation; never rejects: failures come back as `{ ok: false, reason }`. */
  invoke(name: string, event: unknown, opts: InvokeOptions = {}): Promise<InvokeOutcome> {
    const requestId = opts.requestId ?? newRequestId()
    const pool = this.pools.get(name)
    if (!pool || this.stopped) {
      const reason: InvokeFailure = this.stopped ? 'stopped' : 'unknown-function'
      const message = this.stopped ? '本地云正在停止' : `没有这个云函数：${name}`
      this.log(name, requestId, 'error', message)
      return Promise.resolve({ ok: false, requestId, fn: name, reason, message, durationMs: 0, cold: false })
    }
    this.lastCall = Date.now()
    return new Promise((resolve) => {
      pool.queue.push({
        event,
        caller: opts.caller ?? {},
        requestId,
        parentRequestId: opts.parentRequestId,
        timer: opts.timer === true,
        enqueued: Date.now(),
        resolve,
      })
      this.pump(pool)
    })
  }

  stats(): FunctionStats[] {
    return [...this.pools.values()].map((p) => ({
      name: p.spec.name,
      timeoutMs: p.config.timeout * 1000,
      memoryMb: p.config.memorySize,
      instances: p.instances.length,
      busy: p.instances.filter((i) => i.state === 'busy' || i.state === 'starting').length,
      queued: p.queue.length,
      invocations: p.invocations,
      coldStarts: p.coldStarts,
      failures: p.failures,
      timeouts: p.timeouts,
    }))
  }

  /** Function console output, oldest first; filtered by function and/or requestId. */
  logLines(filter: { fn?: string; requestId?: string; limit?: number } = {}): LogEntry[] {
    const limit = Math.min(Math.max(filter.limit ?? 500, 1), this.logCapacity)
    const out = this.logs.filter(
      (l) => (!filter.fn || l.fn === filter.fn) && (!filter.requestId || l.requestId === filter.requestId),
    )
    return out.slice(-limit)
  }

  /** Spare runtimes ready to be bound, all memory sizes together (a benchmark waits for them). */
  readySpares(): number {
    let n = 0
    for (const list of this.spareWorkers.values()) n += list.filter((s) => s.ready).length
    return n
  }

  /** Stops the idle instances of a function (a benchmark that starts from zero instances). */
  async retire(name: string): Promise<void> {
    const pool = this.pools.get(name)
    if (!pool) return
    await Promise.all(pool.instances.filter((i) => i.state === 'idle').map((i) => this.kill(pool, i)))
  }

  /** Stops every instance now (used by timeouts of the whole cloud and by tests). */
  async close(): Promise<void> {
    this.stopped = true
    clearInterval(this.reaper)
    if (this.refill) clearTimeout(this.refill)
    const waits: Promise<unknown>[] = []
    for (const list of this.spareWorkers.values())
      for (const s of list.splice(0)) waits.push(s.worker.terminate().catch(() => 0))
    for (const pool of this.pools.values()) {
      for (const job of pool.queue.splice(0)) {
        job.resolve({
          ok: false,
          requestId: job.requestId,
          fn: pool.spec.name,
          reason: 'stopped',
          message: '本地云正在停止',
          durationMs: 0,
          cold: false,
        })
      }
      for (const inst of [...pool.instances]) waits.push(this.kill(pool, inst))
    }
    await Promise.all(waits)
  }

  // ---- scheduling ---------------------------------------------------------------------------------

  /**
   * Hands queued calls to idle instances, and scales out while calls wait. A starting instance is bound to
   * no call — it takes whatever waits once it is ready. A ready spare (Node and the SDK already loaded) is
   * taken for every waiting call at once: binding one loads only the function's bundle (≈70 ms). Beyond
   * the spares, at most `maxBoots` instances boot from scratch at once: under a burst a warm instance
   * usually frees up long before such a boot ends (≈0.5 s), and parallel boots would starve the warm
   * instances of CPU: on 2 cores, seven at once stalled every call for 2 s.
   */
  private pump(pool: Pool): void {
    this.retireStale(pool)
    while (pool.queue.length > 0) {
      const idle = pool.instances.find((i) => i.state === 'idle')
      if (!idle) break
      void this.run(pool, idle, pool.queue.shift()!)
    }
    const starting = pool.instances.filter((i) => i.state === 'starting')
    let booting = starting.filter((i) => !i.fromSpare).length
    for (let n = pool.queue.length - starting.length; n > 0; n--) {
      if (pool.instances.length >= this.maxInstances) break
      const spare = this.hasSpare(pool.config.memorySize)
      if (!spare && booting >= this.maxBoots) break
      this.spawn(pool)
      if (!spare) booting++
    }
  }

  private hasSpare(memorySize: number): boolean {
    return this.spareWorkers.get(memorySize)?.some((s) => s.ready) ?? false
  }

  private spawn(pool: Pool): Instance {
    const { spec, config } = pool
    const entry = join(spec.dir, 'index.js')
    const loaded = mtime(entry)
    const cacheKey = `${entry}\u0000${loaded}`
    const cachedData = this.codeCache.get(cacheKey)
    const spare = this.takeSpare(config.memorySize)
    const worker =
      spare ??
      new Worker(WORKER_FILE, {
        workerData: { entry, cachedData, nice: INSTANCE_NICE },
        env: this.baseEnv(spec.name, config),
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: config.memorySize },
        stdout: false,
        stderr: false,
      })
    if (spare) worker.postMessage({ type: 'bind', entry, env: this.baseEnv(spec.name, config), cachedData })
    worker.unref()
    const inst: Instance = {
      id: ++instanceSeq,
      worker,
      state: 'starting',
      lastUsed: Date.now(),
      loadedMtime: loaded,
      fromSpare: spare !== undefined,
      ready: Promise.resolve(),
    }
    pool.instances.push(inst)
    pool.coldStarts++
    inst.ready = new Promise<void>((resolveReady, rejectReady) => {
      worker.on('message', (msg: { type: string; [k: string]: unknown }) => {
        if (msg.type === 'ready') resolveReady()
        else if (msg.type === 'loadError') rejectReady(new Error(String(msg.message)))
        else if (msg.type === 'log')
          this.log(spec.name, String(msg.requestId ?? ''), String(msg.level), String(msg.text))
        else if (msg.type === 'result') inst.current?.finish(msg as unknown as WorkerResult)
        else if (msg.type === 'codeCache' && msg.data instanceof Uint8Array)
          this.codeCache.set(cacheKey, msg.data)
      })
      const onGone = (why: string) => {
        rejectReady(new Error(why))
        if (inst.state !== 'dead' && inst.state !== 'starting') {
          inst.state = 'dead'
          this.remove(pool, inst)
          inst.current?.finish({ crashed: why })
          this.pump(pool)
        }
      }
      worker.on('error', (err) => onGone(`${err.name}: ${err.message}`))
      worker.on('exit', (code) => onGone(`实例已退出（exit code ${code}）`))
    })
    inst.ready.then(
      () => {
        if (inst.state !== 'starting') return
        inst.state = 'idle'
        this.pump(pool)
      },
      (err: Error) => {
        const wasStarting = inst.state === 'starting'
        if (inst.state !== 'dead') this.kill(pool, inst)
        if (!wasStarting) return
        // The call that would have run here is answered with the reason, as a cold start that failed.
        const job = pool.queue.shift()
        if (job) {
          const message = `云函数 ${spec.name} 加载失败：${err.message}`
          this.log(spec.name, job.requestId, 'error', message)
          pool.failures++
          job.resolve({
            ok: false,
            requestId: job.requestId,
            fn: spec.name,
            reason: 'load-error',
            message,
            durationMs: Date.now() - job.enqueued,
            cold: true,
          })
        }
        this.pump(pool)
      },
    )
    return inst
  }

  /** A ready spare of this memory size, taken out of the pool (another is made once the host is quiet). */
  private takeSpare(memorySize: number): Worker | undefined {
    const list = this.spareWorkers.get(memorySize)
    const i = list?.findIndex((s) => s.ready) ?? -1
    if (!list || i < 0) return undefined
    const [s] = list.splice(i, 1)
    s.worker.off('message', s.onMessage).off('error', s.drop).off('exit', s.drop)
    this.scheduleRefill()
    return s.worker
  }

  private scheduleRefill(delayMs = 500): void {
    if (this.refill || this.stopped || !(this.opts.spares ?? 0)) return
    this.refill = setTimeout(() => {
      this.refill = undefined
      this.fillSpares()
    }, delayMs)
    this.refill.unref()
  }

  /**
   * Tops up the spares of every memory size in use, one at a time and only while the host is quiet (no call
   * running, waiting or starting, and none for SPARE_QUIET_MS): making a spare costs the SDK's load,
   * ≈0.3–0.6 s of a core, which under load belongs to the calls — a steady 100 calls a second always has
   * one waiting for a moment, and refilling in those gaps took the cores from the running instances.
   */
  private fillSpares(): void {
    const want = this.opts.spares ?? 0
    if (!want || this.stopped) return
    if (
      [...this.pools.values()].some(
        (p) => p.queue.length > 0 || p.instances.some((i) => i.state === 'starting' || i.state === 'busy'),
      )
    )
      return this.scheduleRefill()
    // A steady load has instants with nothing running too: wait until none has come for a while.
    const quietFor = Date.now() - this.lastCall
    if (quietFor < SPARE_QUIET_MS) return this.scheduleRefill(SPARE_QUIET_MS - quietFor)
    const sizes = new Set([...this.pools.values()].map((p) => p.config.memorySize))
    for (const size of sizes) {
      const list = this.spareWorkers.get(size) ?? []
      this.spareWorkers.set(size, list)
      if (list.length >= want) continue
      const worker = new Worker(WORKER_FILE, {
        workerData: { spare: true, nice: INSTANCE_NICE },
        env: this.runtimeEnv(),
        execArgv: [],
        resourceLimits: { maxOldGenerationSizeMb: size },
        stdout: false,
        stderr: false,
      })
      worker.unref()
      const drop = () => {
        const i = list.indexOf(spare)
        if (i >= 0) list.splice(i, 1)
      }
      const onMessage = (msg: { type: string }) => {
        if (msg.type !== 'spare') return
        spare.ready = true
        this.scheduleRefill(0)
      }
      const spare: Spare = { worker, ready: false, onMessage, drop }
      worker.on('message', onMessage).on('error', drop).on('exit', drop)
      list.push(spare)
      return
    }
  }

  private async run(pool: Pool, inst: Instance, job: Job): Promise<void> {
    inst.state = 'busy'
    const cold = !inst.served
    inst.served = true
    pool.invocations++
    const name = pool.spec.name
    const started = Date.now()
    const finish = (o: InvokeOutcome) => {
      if (!o.ok) pool.failures++
      job.resolve(o)
    }
    const timeoutMs = pool.config.timeout * 1000
    const token = randomBytes(16).toString('hex')
    const label = labelOf(job.event)
    this.opts.meter?.invocation(name, label)
    this.tokens.set(token, { fn: name, label, requestId: job.requestId, caller: job.caller })
    const id = ++messageSeq
    const outcome = await new Promise<InvokeOutcome>((resolveRun) => {
      const timer = setTimeout(() => {
        pool.timeouts++
        // What SCF reports for an invocation cut off at its timeout (statusCode 433); a caller through
        // cloud.callFunction sees it as FUNCTIONS_EXECUTE_FAIL with this message.
        const message = `Invoking task timed out after ${pool.config.timeout} seconds`
        this.log(
          name,
          job.requestId,
          'error',
          `云函数 ${name} 执行超时（超过 ${pool.config.timeout} 秒）：${message}`,
        )
        this.kill(pool, inst)
        resolveRun({
          ok: false,
          requestId: job.requestId,
          fn: name,
          reason: 'timeout',
          message,
          durationMs: Date.now() - started,
          cold,
        })
      }, timeoutMs)
      inst.current = {
        id,
        finish: (msg) => {
          clearTimeout(timer)
          inst.current = undefined
          const durationMs = Date.now() - started
          if ('crashed' in msg) {
            const message = `云函数 ${name} 实例异常退出：${msg.crashed}`
            this.log(name, job.requestId, 'error', message)
            resolveRun({
              ok: false,
              requestId: job.requestId,
              fn: name,
              reason: 'crash',
              message,
              durationMs,
              cold,
            })
          } else if (msg.ok) {
            resolveRun({ ok: true, requestId: job.requestId, fn: name, json: msg.json, durationMs, cold })
          } else {
            resolveRun({
              ok: false,
              requestId: job.requestId,
              fn: name,
              reason: 'error',
              message: msg.message,
              durationMs,
              cold,
            })
          }
        },
      }
      const current = inst.current
      try {
        inst.worker.postMessage({
          type: 'invoke',
          id,
          event: job.event,
          context: this.context(name, pool.config, job.requestId),
          env: this.invocationEnv(job, token),
        })
      } catch (err) {
        // An event the structured clone cannot copy (too deep, a function…) fails this call, not the host.
        current.finish({
          type: 'result',
          id,
          ok: false,
          message: `invalid event: ${err instanceof Error ? err.message : String(err)}`,
        })
      }
    })
    this.tokens.delete(token)
    this.lastCall = Date.now()
    if (inst.state === 'busy') {
      inst.state = 'idle'
      inst.lastUsed = Date.now()
    }
    finish(outcome)
    this.pump(pool)
  }

  private async invokeFromAdmin(body: AdminBody): Promise<AdminReply> {
    const from = this.lookupToken(body.wxCloudApiToken)
    const name = String(body.function_name ?? '')
    const parsed = parseJson(typeof body.request_data === 'string' ? body.request_data : '{}')
    if (!parsed.ok) {
      const message =
        parsed.reason === 'too-deep' ? 'request_data is nested too deep' : 'request_data is not valid JSON'
      return { code: 'INVALID_PARAM', message, requestId: newRequestId() }
    }
    const event = parsed.value
    const out = await this.invoke(name, event, {
      caller: from?.caller ?? {},
      parentRequestId: from?.requestId,
    })
    if (out.ok) return { data: { response_data: out.json }, requestId: out.requestId }
    if (out.reason === 'unknown-function') {
      return {
        code: 'FUNCTIONS_REQUEST_FAIL',
        message: `ResourceNotFound.Function: function ${name} not found`,
        requestId: out.requestId,
      }
    }
    return { code: 'FUNCTIONS_EXECUTE_FAIL', message: out.message, requestId: out.requestId }
  }

  // ---- environment --------------------------------------------------------------------------------

  /** What the CloudBase runtime sets in every instance (docs/cloudbase-wire.md §10.3). */
  private baseEnv(name: string, config: FunctionConfig): Record<string, string> {
    return {
      ...config.envVariables,
      ...this.runtimeEnv(),
      SCF_FUNCTIONNAME: name,
      SCF_FUNCTIONVERSION: '$LATEST',
    }
  }

  /** The part of the runtime's environment that names no function (a spare starts with it). */
  private runtimeEnv(): Record<string, string> {
    const { envId, url } = this.opts
    return {
      WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6,WX_API_TOKEN',
      TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SEQID,TCB_SOURCE',
      TCB_ENV: envId,
      SCF_NAMESPACE: envId,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: this.opts.adminUrl ?? `${url}/admin` }),
      TENCENTCLOUD_SECRETID: 'local-secret-id',
      TENCENTCLOUD_SECRETKEY: 'local-secret-key',
      // Skips the SDK's metadata-server probe before every request (docs/cloudbase-wire.md §1.6).
      SUMERU_ENV: 'test',
      LINLI_VALIDATE_OUTPUT: '1',
      // Template keys stand in for the ids a deployment configures (types/messages.ts templateId).
      LINLI_LOCAL_CLOUD: '1',
    }
  }

  private invocationEnv(job: Job, token: string): Record<string, string | null> {
    const c = job.caller
    return {
      WX_OPENID: c.openid ?? null,
      WX_APPID: c.openid ? (c.appid ?? LOCAL_APPID) : (c.appid ?? null),
      WX_UNIONID: c.unionid ?? null,
      WX_CLIENTIP: c.clientIp ?? null,
      WX_CLIENTIPV6: c.clientIpv6 ?? null,
      WX_API_TOKEN: token,
      TCB_SEQID: job.requestId,
      // The scheduler's mark (cloudfunctions/shared/router.ts runs a Timer event only with it, locally).
      TRIGGER_SRC: job.timer ? 'timer' : null,
      TCB_SOURCE: c.openid ? 'wx_client' : null,
      LINLI_CLOCK_OFFSET_MS: String(this.opts.clock.offsetMs),
    }
  }

  private context(name: string, config: FunctionConfig, requestId: string): Record<string, unknown> {
    return {
      callbackWaitsForEmptyEventLoop: false,
      request_id: requestId,
      function_name: name,
      function_version: '$LATEST',
      namespace: this.opts.envId,
      memory_limit_in_mb: config.memorySize,
      time_limit_in_ms: config.timeout * 1000,
      environ: `TCB_ENV=${this.opts.envId};SCF_NAMESPACE=${this.opts.envId}`,
    }
  }

  // ---- housekeeping -------------------------------------------------------------------------------

  private log(fn: string, requestId: string, level: string, text: string): void {
    const entry: LogEntry = {
      seq: ++this.logSeq,
      ts: new Date().toISOString(),
      fn,
      requestId,
      level,
      text: text.slice(0, 4000),
    }
    this.logs.push(entry)
    if (this.logs.length > this.logCapacity) this.logs.splice(0, this.logs.length - this.logCapacity)
    if (this.opts.echoLogs) {
      const line = `[fn:${fn}] ${text}`
      if (level === 'error') console.error(line)
      else console.log(line)
    }
  }

  private reap(): void {
    const now = Date.now()
    for (const pool of this.pools.values()) {
      for (const inst of [...pool.instances])
        if (inst.state === 'idle' && now - inst.lastUsed > this.idleMs) void this.kill(pool, inst)
    }
  }

  /** A function rebuilt while the cloud runs (npm start + build) gets fresh instances. */
  private retireStale(pool: Pool): void {
    const idle = pool.instances.filter((i) => i.state === 'idle')
    if (idle.length === 0) return
    const current = mtime(join(pool.spec.dir, 'index.js'))
    for (const inst of idle) if (inst.loadedMtime !== current) void this.kill(pool, inst)
  }

  private remove(pool: Pool, inst: Instance): void {
    const i = pool.instances.indexOf(inst)
    if (i >= 0) pool.instances.splice(i, 1)
  }

  private kill(pool: Pool, inst: Instance): Promise<number> {
    inst.state = 'dead'
    this.remove(pool, inst)
    return inst.worker.terminate().catch(() => 0)
  }
}

function mtime(file: string): number {
  try {
    return statSync(file).mtimeMs
  } catch {
    return 0
  }
}

let ridSeq = 0
export const newRequestId = (): string =>
  `${Date.now().toString(16)}-${randomBytes(6).toString('hex')}-${(ridSeq++).toString(16)}`
