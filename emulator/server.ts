/**
 * The local cloud on one port: POST /admin (CloudBase admin API as wx-server-sdk speaks it), storage URLs,
 * POST /fn/<name> (function gateway), /_dev/ (dev console and its JSON API) and the H5 build at /.
 * Each part is a service that plugs in through emulator/contracts.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Clock } from './clock'
import type { AdminBody, AdminService, HttpService } from './contracts'
import { openDatabase, type LocalDatabase } from './db'
import { createDevConsole } from './dev'
import { createGateway } from './gateway'
import { builtFunctions, FunctionHost, type FunctionSpec } from './host'
import { readBody, sendJson, type MultipartHandler } from './http'
import { OpenApiSink } from './openapi'
import { WireDb } from './openapi/wireDb'
import { createStaticSite, H5_DIR } from './static'
import { openStorage, type LocalStorage } from './storage'
import { TimerScheduler } from './timers'

export interface LocalCloudOptions {
  /** Data directory; created when missing. */
  readonly dataDir: string
  /** 0 picks a free port. */
  readonly port?: number
  readonly host?: string
  /** CloudBase env id the functions see. */
  readonly envId?: string
  readonly clock?: Clock
  /** Suppress the per-request log lines (tests, benchmarks). */
  readonly quiet?: boolean
  /** The function host; `false` runs the database and storage only. */
  readonly functions?: false | FunctionsOptions
  /**
   * Fire timer triggers on schedule (default false, so tests see no background work unless they ask;
   * `npm start` turns it on). Firing on demand (`timers.fire`, the dev API) works either way.
   */
  readonly timers?: boolean
  /** The H5 build served at `/` (default dist/h5); `false` serves nothing there. */
  readonly h5Dir?: string | false
}

export interface FunctionsOptions {
  /** Built functions to serve (default: the product's, from dist/cloudfunctions). */
  readonly specs?: readonly FunctionSpec[]
  /** More functions beside those (test fixtures). */
  readonly extra?: readonly FunctionSpec[]
  /** Instances per function (default: cores, at least 2); more concurrent invocations queue. */
  readonly maxInstances?: number
  /** Idle instances are stopped after this long (default 5 min). */
  readonly idleMs?: number
  /** Echo function console output (default: when not quiet). */
  readonly echoLogs?: boolean
}

export interface LocalCloud {
  readonly url: string
  readonly port: number
  readonly envId: string
  readonly clock: Clock
  readonly database: LocalDatabase
  readonly storage: LocalStorage
  /** The function host (absent with `functions: false`). */
  readonly host?: FunctionHost
  readonly timers?: TimerScheduler
  /** Subscribe-message sink and content check behind `cloud.openapi`. */
  readonly openapi: OpenApiSink
  /** The emulator's own client of the database, in the SDK's wire format. */
  readonly db: WireDb
  /** Registers another part (function host, open-API sink, dev console, static files). */
  use(part: { admin?: AdminService; http?: HttpService; multipart?: MultipartHandler }): void
  stop(): Promise<void>
}

export type { MultipartHandler } from './http'

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const clock = opts.clock ?? new Clock()
  const envId = opts.envId ?? 'linli-local'
  const host = opts.host ?? '127.0.0.1'
  const admins: AdminService[] = []
  const https: HttpService[] = []
  const multiparts: MultipartHandler[] = []
  let baseUrl = ''
  let site: HttpService | undefined

  const database = await openDatabase({ dataDir: opts.dataDir, clock, quiet: opts.quiet })
  const storage = await openStorage({ dataDir: opts.dataDir, clock, envId, baseUrl: () => baseUrl })
  admins.push(database.admin, storage.admin)
  https.push(storage.http)

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!opts.quiet) console.error('[local-cloud] request failed', err)
      if (!res.headersSent)
        sendJson(res, 200, { code: 'SYS_ERR', message: 'internal emulator error', requestId: rid() })
      else res.end()
    })
  })
  server.keepAliveTimeout = 65_000

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? host}`)
    if (req.method === 'POST' && url.pathname === '/admin') {
      const body = await readBody(req)
      const type = String(req.headers['content-type'] ?? '')
      if (type.startsWith('multipart/form-data')) {
        for (const m of multiparts) if (await m(req, res, body)) return
        return sendJson(res, 200, {
          code: 'INVALID_PARAM',
          message: 'unsupported multipart call',
          requestId: rid(),
        })
      }
      let parsed: unknown
      try {
        parsed = JSON.parse(body.toString('utf8'))
      } catch {
        return sendJson(res, 200, {
          code: 'INVALID_PARAM',
          message: 'request body is not valid JSON',
          requestId: rid(),
        })
      }
      if (typeof parsed !== 'object' || parsed === null || typeof (parsed as AdminBody).action !== 'string') {
        return sendJson(res, 200, { code: 'INVALID_PARAM', message: 'missing action', requestId: rid() })
      }
      const envName = url.searchParams.get('env') ?? ''
      for (const a of admins) {
        const reply = await a.handle(parsed as AdminBody, envName)
        if (reply) return sendJson(res, 200, reply)
      }
      return sendJson(res, 200, {
        code: 'INVALID_PARAM',
        message: `unknown action ${(parsed as AdminBody).action}`,
        requestId: rid(),
      })
    }
    for (const h of https) if (await h.serve(req, res, url)) return
    if (site && (await site.serve(req, res, url))) return
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('not found')
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  baseUrl = `http://${host}:${port}`

  const db = new WireDb(() => database.admin, envId)
  let fnHost: FunctionHost | undefined
  let timers: TimerScheduler | undefined
  const openapi = new OpenApiSink({ db, clock, host: () => fnHost, quiet: opts.quiet })
  multiparts.push(openapi.multipart)
  if (opts.functions !== false) {
    const f = opts.functions ?? {}
    try {
      fnHost = new FunctionHost({
        url: baseUrl,
        envId,
        clock,
        functions: [...(f.specs ?? builtFunctions()), ...(f.extra ?? [])],
        maxInstances: f.maxInstances,
        idleMs: f.idleMs,
        echoLogs: f.echoLogs ?? !opts.quiet,
      })
    } catch (err) {
      // A function the cloud would refuse stops the start; release what is already open.
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await storage.close()
      await database.close()
      throw err
    }
    admins.push(fnHost.admin)
    timers = new TimerScheduler({ host: fnHost, clock, schedule: opts.timers === true, quiet: opts.quiet })
    https.push(createGateway(fnHost, { quiet: opts.quiet }))
    https.push(createDevConsole({ clock, host: fnHost, timers, openapi, db, database }))
  }
  // Last of all, after anything registered later with use(): its SPA fallback answers every other GET.
  if (opts.h5Dir !== false) site = createStaticSite(opts.h5Dir ?? H5_DIR)

  let stopped = false
  return {
    url: baseUrl,
    port,
    envId,
    clock,
    database,
    storage,
    host: fnHost,
    timers,
    openapi,
    db,
    use(part) {
      if (part.admin) admins.push(part.admin)
      if (part.http) https.push(part.http)
      if (part.multipart) multiparts.push(part.multipart)
    },
    async stop() {
      if (stopped) return
      stopped = true
      await timers?.stop()
      await fnHost?.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await storage.close()
      await database.close()
    },
  }
}

let seq = 0
const rid = (): string => `local-${Date.now().toString(36)}-${(seq++).toString(36)}`
