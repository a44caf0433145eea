/**
 * The dev console at `/_dev/` and its JSON API under `/_dev/api/` (what tests and the page use): demo
 * identities, sent subscribe messages, grants, timers, the clock offset, collections, function logs, stats.
 * Local only, like the rest of the emulator.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Clock } from '../clock'
import type { HttpService } from '../contracts'
import type { FunctionHost } from '../host'
import { WX_GRANTS, type OpenApiSink } from '../openapi'
import type { LocalDatabase } from '../db'
import type { WireDb } from '../openapi/wireDb'
import { BodyError, parseJson, readBody, sendJson } from '../http'
import { DEMO_IDENTITIES } from '../seed/identities'
import type { TimerScheduler } from '../timers'
import type { UsageMeter } from '../meter'
import { DEV_PAGE } from './page'

export interface DevConsoleOptions {
  readonly clock: Clock
  readonly host: FunctionHost
  readonly timers: TimerScheduler
  readonly openapi: OpenApiSink
  readonly db: WireDb
  readonly database: LocalDatabase
  readonly meter: UsageMeter
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/** A year: each simulated day fires about 200 timer runs one after another. */
const MAX_SIMULATED_DAYS = 366

const COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/

export function createDevConsole(opts: DevConsoleOptions): HttpService {
  const { database } = opts

  async function api(req: IncomingMessage, path: string, url: URL): Promise<unknown> {
    const method = req.method ?? 'GET'
    const q = url.searchParams
    if (path === 'identities' && method === 'GET') return DEMO_IDENTITIES

    if (path === 'messages' && method === 'GET') {
      return opts.openapi.messages({
        touser: q.get('touser') ?? undefined,
        templateId: q.get('templateId') ?? undefined,
        includeRefused: q.get('all') === '1',
        limit: intParam(q.get('limit'), 100, 1000),
      })
    }

    if (path === 'grants' && method === 'POST') {
      const body = await jsonBody(req)
      const openid = typeof body.openid === 'string' ? body.openid.trim() : ''
      const templateIds = Array.isArray(body.templateIds)
        ? body.templateIds.filter((t): t is string => typeof t === 'string' && t.length > 0)
        : []
      const count = body.count === undefined ? 1 : Number(body.count)
      if (!openid) throw new HttpError(400, '缺少 openid')
      if (templateIds.length === 0) throw new HttpError(400, '缺少 templateIds')
      if (!Number.isInteger(count) || count < 1 || count > 1000)
        throw new HttpError(400, 'count 应为 1 到 1000 的整数')
      // WeChat's dialog fails for an id that is not one of the mini-program's templates.
      const unknown = templateIds.find((id) => !opts.openapi.knownTemplate(id))
      if (unknown) throw new HttpError(400, `没有这个订阅消息模板：${unknown}`)
      return { openid, grants: await opts.openapi.grant(openid, templateIds, count) }
    }
    if (path === 'grants/revoke' && method === 'POST') {
      const body = await jsonBody(req)
      const openid = typeof body.openid === 'string' ? body.openid.trim() : ''
      const templateIds = Array.isArray(body.templateIds)
        ? body.templateIds.filter((t): t is string => typeof t === 'string' && t.length > 0)
        : []
      if (!openid || templateIds.length === 0) throw new HttpError(400, '缺少 openid 或 templateIds')
      await opts.openapi.revoke(openid, templateIds)
      return { openid, revoked: templateIds }
    }
    if (path === 'grants' && method === 'GET') {
      const openid = q.get('openid')
      return opts.db.find(WX_GRANTS, openid ? { openid } : undefined, { limit: 1000 })
    }

    if (path === 'timers' && method === 'GET')
      return { timers: opts.timers.list(), history: opts.timers.history() }
    const fire = /^timers\/([^/]+)\/fire$/.exec(path)
    if (fire && method === 'POST') {
      const body = await jsonBody(req, true)
      const out = await opts.timers.fire(
        decodeURIComponent(fire[1]),
        typeof body.trigger === 'string' ? body.trigger : undefined,
      )
      if ('error' in out) throw new HttpError(404, out.error)
      const { fire: f } = out
      return {
        ok: f.ok,
        fn: f.fn,
        trigger: f.trigger,
        time: f.time,
        requestId: f.requestId,
        result: f.result,
        error: f.error,
      }
    }

    if (path === 'simulate' && method === 'POST') {
      const body = await jsonBody(req, true)
      const days = body.days === undefined ? 1 : Number(body.days)
      if (!Number.isFinite(days) || days <= 0 || days > MAX_SIMULATED_DAYS)
        throw new HttpError(400, `days 应为大于 0、不超过 ${MAX_SIMULATED_DAYS} 的天数`)
      return simulate(days)
    }
    if (path === 'usage' && method === 'GET') return opts.meter.report()

    if (path === 'clock') {
      if (method === 'POST') {
        const body = await jsonBody(req)
        if (typeof body.now === 'string') {
          const at = Date.parse(body.now)
          if (!Number.isFinite(at)) throw new HttpError(400, 'now 不是有效的时间')
          opts.clock.setOffset(at - Date.now())
        } else {
          const offset = Number(body.offsetMs)
          if (!Number.isFinite(offset)) throw new HttpError(400, 'offsetMs 应为毫秒数')
          opts.clock.setOffset(offset)
        }
      } else if (method !== 'GET') throw new HttpError(405, '只支持 GET 和 POST')
      return { offsetMs: opts.clock.offsetMs, now: new Date(opts.clock.now()).toISOString() }
    }

    if (path === 'collections' && method === 'GET') {
      return { collections: database.listCollections() }
    }
    const coll = /^collections\/([^/]+)$/.exec(path)
    if (coll && method === 'GET') {
      const name = decodeURIComponent(coll[1])
      if (!COLLECTION_NAME.test(name)) throw new HttpError(400, '集合名称不正确')
      const limit = intParam(q.get('limit'), 100, 1000)
      // Newest first: the database keeps insertion order, so read the tail and reverse it.
      const total = await opts.db.count(name)
      const docs = await opts.db.find(name, undefined, { offset: Math.max(0, total - limit), limit })
      return { name, total, items: docs.reverse() }
    }

    if (path === 'logs' && method === 'GET') {
      return opts.host.logLines({
        fn: q.get('fn') ?? undefined,
        requestId: q.get('requestId') ?? undefined,
        limit: intParam(q.get('limit'), 500, 5000),
      })
    }
    if (path === 'functions' && method === 'GET') return opts.host.stats()
    if (path === 'stats' && method === 'GET') {
      return {
        functions: opts.host.stats(),
        database: database.requestCounts(),
      }
    }
    if (path === 'stats/reset' && method === 'POST') {
      database.resetRequestCounts()
      return { reset: true }
    }
    throw new HttpError(404, `没有这个接口：${method} /_dev/api/${path}`)
  }

  /** One simulation at a time: two would move the one clock against each other. */
  let simulating: Promise<unknown> | undefined
  async function simulate(days: number): Promise<unknown> {
    if (simulating) throw new HttpError(409, '上一次模拟还没有结束')
    const from = opts.clock.now()
    const before = opts.meter.report()
    const started = Date.now()
    const run = opts.timers.advance(from + Math.round(days * 86_400_000))
    simulating = run
    try {
      const fires = await run
      const usage = opts.meter.since(before)
      const byTrigger: Record<string, { fires: number; failed: number }> = {}
      for (const f of fires) {
        const k = `${f.fn}/${f.trigger}`
        const c = (byTrigger[k] ??= { fires: 0, failed: 0 })
        c.fires++
        if (!f.ok) c.failed++
      }
      return {
        days,
        from: new Date(from).toISOString(),
        to: new Date(opts.clock.now()).toISOString(),
        elapsedMs: Date.now() - started,
        timers: byTrigger,
        failures: fires
          .filter((f) => !f.ok)
          .slice(0, 20)
          .map((f) => ({ fn: f.fn, trigger: f.trigger, time: f.time, error: f.error })),
        ...usage,
      }
    } finally {
      simulating = undefined
    }
  }

  return {
    async serve(req, res, url) {
      if (url.pathname === '/_dev') {
        res.writeHead(301, { location: '/_dev/' })
        res.end()
        return true
      }
      if (!url.pathname.startsWith('/_dev/')) return false
      if (url.pathname === '/_dev/' || url.pathname === '/_dev/index.html') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        res.end(DEV_PAGE)
        return true
      }
      if (!url.pathname.startsWith('/_dev/api/')) return false
      try {
        send(res, 200, await api(req, url.pathname.slice('/_dev/api/'.length).replace(/\/$/, ''), url))
      } catch (err) {
        if (err instanceof HttpError) send(res, err.status, { error: err.message })
        else {
          console.error('[dev] request failed', err)
          send(res, 500, { error: err instanceof Error ? err.message : String(err) })
        }
      }
      return true
    },
  }
}

async function jsonBody(req: IncomingMessage, optional = false): Promise<Record<string, unknown>> {
  let buf: Buffer
  try {
    buf = await readBody(req, 1024 * 1024)
  } catch (err) {
    if (err instanceof BodyError) throw new HttpError(413, '请求体过大（不能超过 1 MB）')
    throw err
  }
  const raw = buf.toString('utf8').trim()
  if (!raw) {
    if (optional) return {}
    throw new HttpError(400, '请求体为空')
  }
  const result = parseJson(raw, 32)
  if (!result.ok)
    throw new HttpError(400, result.reason === 'too-deep' ? '请求体嵌套层数过多' : '请求体不是有效的 JSON')
  const parsed = result.value
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new HttpError(400, '请求体应为 JSON 对象')
  return parsed as Record<string, unknown>
}

function intParam(v: string | null, dflt: number, max: number): number {
  const n = v === null ? dflt : Number(v)
  return Number.isInteger(n) && n > 0 ? Math.min(n, max) : dflt
}

function send(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
  })
}
