/**
 * The local cloud on one port: POST /admin (CloudBase admin API as wx-server-sdk speaks it), storage URLs,
 * POST /fn/<name> (function gateway), /_dev/ (dev console and its JSON API) and the H5 build at /.
 * Each part is a service that plugs in through emulator/contracts.ts.
 */
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { Clock } from './clock'
import type { AdminBody, AdminService, HttpService } from './contracts'
import { openDatabase, type LocalDatabase } from './db'
import { createDevConsole } from './dev'
import { createGateway } from './gateway'
import { builtFunctions, FunctionHost, type FunctionSpec } from './host'
import {
  BodyError,
  mediaType,
  parseJson,
  readBody,
  sameSecret,
  sendJson,
  type MultipartHandler,
} from './http'
import { OpenApiSink } from './openapi'
import { WireDb } from './openapi/wireDb'
import { UsageMeter } from './meter'
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
  /**
   * The token for `/admin` and the dev API (default: a fresh random one each start). Only for a test that
   * restarts a server under a client that keeps its `serviceUrl`.
   */
  readonly devToken?: string
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
  /** Spare runtimes kept ready per memory size (default 0; emulator/host/index.ts). */
  readonly spares?: number
}

export interface LocalCloud {
  readonly url: string
  /**
   * This start's secret for `/admin` and the dev API, also written to `<dataDir>/dev-token`: send it to the
   * dev API as `X-Linli-Dev-Token`; `/admin` takes it as a path segment (`adminUrl`).
   */
  readonly devToken: string
  /** `serviceUrl` for wx-server-sdk: `<url>/admin/<devToken>` (the SDK appends `?env=…`, so no query here). */
  readonly adminUrl: string
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
  /** What the functions cost: invocations, reads, writes, storage, messages, by function and action. */
  readonly meter: UsageMeter
  /** Registers another part (function host, open-API sink, dev console, static files). */
  use(part: { admin?: AdminService; http?: HttpService; multipart?: MultipartHandler }): void
  stop(): Promise<void>
}

export type { MultipartHandler } from './http'

/** The file in the data dir that holds the running local cloud's token. */
export const DEV_TOKEN_FILE = 'dev-token'
/** The header the dev API reads the token from. */
export const DEV_TOKEN_HEADER = 'x-linli-dev-token'
/** Deepest JSON the admin API accepts: MongoDB's 100 levels for a document, plus the request around it. */
const ADMIN_JSON_DEPTH = 128

/**
 * Dev API calls the H5 app itself makes, with no token: the demo identities of its local sign-in and the
 * stand-in for WeChat's subscribe dialog. Neither gives more than `/fn` already gives any local caller (the
 * app signs in as any demo identity there); Host and Origin are still checked.
 */
const APP_DEV_CALLS = new Set(['GET identities', 'POST grants'])

export async function startLocalCloud(opts: LocalCloudOptions): Promise<LocalCloud> {
  const clock = opts.clock ?? new Clock()
  const envId = opts.envId ?? 'linli-local'
  const host = opts.host ?? '127.0.0.1'
  const admins: AdminService[] = []
  const https: HttpService[] = []
  const multiparts: MultipartHandler[] = []
  let baseUrl = ''
  let site: HttpService | undefined
  let port = 0
  const devToken = opts.devToken ?? randomBytes(24).toString('base64url')
  const meter = new UsageMeter()
  let fnHost: FunctionHost | undefined

  const database = await openDatabase({ dataDir: opts.dataDir, clock, quiet: opts.quiet })
  const storage = await openStorage({ dataDir: opts.dataDir, clock, envId, baseUrl: () => baseUrl })
  // Readable by this user only: whoever can read it can do anything to the local cloud.
  writeFileSync(join(opts.dataDir, DEV_TOKEN_FILE), `${devToken}\n`, { mode: 0o600 })
  admins.push(database.admin, storage.admin)
  https.push(storage.http)

  const server: Server = createServer((req, res) => {
    // Every answer, files and JSON alike, is taken for exactly the type it declares.
    res.setHeader('x-content-type-options', 'nosniff')
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BodyError) return tooLarge(req, res, err)
      if (!opts.quiet) console.error('[local-cloud] request failed', err)
      if (!res.headersSent) refuse(res, pathOf(req), 500, 'INTERNAL', '系统开小差了，请稍后再试')
      else res.end()
    })
  })
  server.keepAliveTimeout = 65_000

  /** Host names a request may name: loopback with this server's port (no DNS name can rebind to them). */
  const allowedHosts = (): ReadonlySet<string> =>
    new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])

  /**
   * Why a request is refused before any part sees it, or undefined. A browser page of another site can
   * neither name this server in Host (DNS rebinding) nor send its own Origin; a POST must say it is JSON
   * (which a cross-site form cannot without a CORS preflight this server never grants).
   */
  function check(req: IncomingMessage, path: string): [number, string, string] | undefined {
    const hostHeader = String(req.headers.host ?? '').toLowerCase()
    if (!allowedHosts().has(hostHeader))
      return [403, 'FORBIDDEN', '本地云只接受本机地址（127.0.0.1、localhost）的请求']
    const origin = req.headers.origin
    // Open311 reads are public and must work from any site's page (the spec's CORS), as the HTTP access
    // service serves them in the cloud; they change nothing. Open311 POSTs keep the same-origin rule.
    const open311 = path.startsWith('/open311/')
    const open311Read = open311 && (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS')
    if (origin !== undefined && !open311Read && origin.toLowerCase() !== `http://${hostHeader}`)
      return [403, 'FORBIDDEN', '本地云不接受其他网页发来的请求']
    const type = mediaType(req)
    const isAdmin = path === '/admin' || path.startsWith('/admin/')
    // Open311 POSTs are form-encoded by the spec (the function itself refuses anything else, as in the cloud).
    const open311Form = open311 && type === 'application/x-www-form-urlencoded'
    if (
      req.method === 'POST' &&
      type !== 'application/json' &&
      !open311Form &&
      !(isAdmin && type === 'multipart/form-data')
    )
      return [415, 'INVALID_INPUT', '请求格式不正确：请以 JSON（application/json）发送']
    if (isAdmin && !sameSecret(path.slice('/admin/'.length), devToken))
      return [
        403,
        'PERMISSION_DENIED',
        `缺少或错误的本地云令牌：serviceUrl 应为 <url>/admin/<${DEV_TOKEN_FILE} 文件的内容>`,
      ]
    if (path.startsWith('/_dev/api/')) {
      const call = `${req.method ?? 'GET'} ${path.slice('/_dev/api/'.length).replace(/\/$/, '')}`
      if (!APP_DEV_CALLS.has(call) && !sameSecret(req.headers[DEV_TOKEN_HEADER], devToken))
        return [
          403,
          'FORBIDDEN',
          `缺少或错误的本地云令牌：请求头 X-Linli-Dev-Token 应为 ${DEV_TOKEN_FILE} 文件的内容`,
        ]
    }
    return undefined
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL
    try {
      // The same URL every part reads, so the checks below see exactly the path that will be served.
      url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    } catch {
      drain(req)
      return refuse(res, pathOf(req), 400, 'INVALID_INPUT', '请求地址不正确')
    }
    const path = url.pathname
    const refusal = check(req, path)
    if (refusal) {
      drain(req)
      return refuse(res, path, ...refusal)
    }
    if (req.method === 'POST' && path.startsWith('/admin/')) {
      const body = await readBody(req)
      if (mediaType(req) === 'multipart/form-data') {
        for (const m of multiparts) if (await m(req, res, body)) return
        return sendJson(res, 200, {
          code: 'INVALID_PARAM',
          message: 'unsupported multipart call',
          requestId: rid(),
        })
      }
      const parsed = parseJson(body.toString('utf8'), ADMIN_JSON_DEPTH)
      if (!parsed.ok) {
        return sendJson(res, 200, {
          code: 'INVALID_PARAM',
          message:
            parsed.reason === 'too-deep'
              ? `request body nested deeper than ${ADMIN_JSON_DEPTH} levels`
              : 'request body is not valid JSON',
          requestId: rid(),
        })
      }
      const value = parsed.value
      if (typeof value !== 'object' || value === null || typeof (value as AdminBody).action !== 'string') {
        return sendJson(res, 200, { code: 'INVALID_PARAM', message: 'missing action', requestId: rid() })
      }
      const envName = url.searchParams.get('env') ?? ''
      const call = value as AdminBody
      meter.request(fnHost?.lookupToken(call.wxCloudApiToken), call.action)
      for (const a of admins) {
        const reply = await a.handle(value as AdminBody, envName)
        if (reply) return sendJson(res, 200, reply)
      }
      return sendJson(res, 200, {
        code: 'INVALID_PARAM',
        message: `unknown action ${(value as AdminBody).action}`,
        requestId: rid(),
      })
    }
    for (const h of https) if (await h.serve(req, res, url)) return
    if (site && (await site.serve(req, res, url))) return
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' })
    res.end('not found')
  }

  /** The envelope for a body past its endpoint's limit, then a closed connection if it was not all read. */
  function tooLarge(req: IncomingMessage, res: ServerResponse, err: BodyError): void {
    if (res.headersSent) return void res.end()
    res.setHeader('connection', 'close')
    res.on('finish', () => {
      if (!req.complete) req.socket.end()
    })
    if (err.kind === 'aborted') return void res.end()
    const path = pathOf(req)
    if (path.startsWith('/admin/')) refuse(res, path, 200, 'INVALID_PARAM', 'request body too large')
    else refuse(res, path, 413, 'INVALID_INPUT', '请求内容过大')
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => resolve())
  })
  port = (server.address() as AddressInfo).port
  baseUrl = `http://${host}:${port}`

  const db = new WireDb(() => database.admin, envId)
  let timers: TimerScheduler | undefined
  const openapi = new OpenApiSink({
    db,
    clock,
    host: () => fnHost,
    meter,
    quiet: opts.quiet,
    appUrl: () => baseUrl,
  })
  multiparts.push(openapi.multipart)
  if (opts.functions !== false) {
    const f = opts.functions ?? {}
    try {
      fnHost = new FunctionHost({
        url: baseUrl,
        adminUrl: `${baseUrl}/admin/${devToken}`,
        envId,
        clock,
        functions: [...(f.specs ?? builtFunctions()), ...(f.extra ?? [])],
        maxInstances: f.maxInstances,
        idleMs: f.idleMs,
        echoLogs: f.echoLogs ?? !opts.quiet,
        meter,
        spares: f.spares,
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
    https.push(createDevConsole({ clock, host: fnHost, timers, openapi, db, database, meter }))
  }
  // Last of all, after anything registered later with use(): its SPA fallback answers every other GET.
  if (opts.h5Dir !== false) site = createStaticSite(opts.h5Dir ?? H5_DIR)

  let stopped = false
  return {
    url: baseUrl,
    devToken,
    adminUrl: `${baseUrl}/admin/${devToken}`,
    port,
    envId,
    clock,
    database,
    storage,
    host: fnHost,
    timers,
    openapi,
    db,
    meter,
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

/** The request's path, before any decoding; `/` when unreadable. */
function pathOf(req: IncomingMessage): string {
  const raw = req.url ?? '/'
  const q = raw.indexOf('?')
  const path = q < 0 ? raw : raw.slice(0, q)
  return path.startsWith('/') ? path : '/'
}

/** Reads and drops what a refused request still sends, so the answer is not lost to a reset socket. */
function drain(req: IncomingMessage): void {
  req.on('error', () => {})
  req.resume()
}

/** A refusal in the shape each family of paths answers with (the SDK's, the app's, the dev API's). */
function refuse(res: ServerResponse, path: string, status: number, code: string, message: string): void {
  const requestId = rid()
  if (path === '/admin' || path.startsWith('/admin/')) sendJson(res, status, { code, message, requestId })
  else if (path.startsWith('/_dev/'))
    sendJson(res, status, { error: message }, { 'content-type': 'application/json; charset=utf-8' })
  else
    sendJson(
      res,
      status,
      { ok: false, error: { code, message, requestId } },
      {
        'content-type': 'application/json; charset=utf-8',
      },
    )
}

let seq = 0
const rid = (): string => `local-${Date.now().toString(36)}-${(seq++).toString(36)}`
