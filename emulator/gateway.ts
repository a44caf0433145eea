/**
 * The H5 app's way into the cloud functions: `POST /fn/<name>` with the event as the JSON body. The caller's
 * OPENID travels in `X-WX-OPENID`, which only a loopback client may send: in WeChat the platform injects it,
 * and locally this header is the stand-in. The answer is the function's return value (our envelope); every
 * failure of the host itself (unknown function, throw, timeout, crash, bad body) is an envelope too, never a
 * hung request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HttpService } from './contracts'
import type { FunctionHost, InvokeOutcome } from './host'
import { newRequestId } from './host'
import { BodyError, parseJson, readBody, sendJson } from './http'

const MAX_EVENT_BYTES = 6 * 1024 * 1024
const OPENID_HEADER = 'x-wx-openid'

export interface GatewayOptions {
  readonly quiet?: boolean
}

export function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? ''
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1' || a.startsWith('127.')
}

export function createGateway(host: FunctionHost, opts: GatewayOptions = {}): HttpService {
  return {
    async serve(req, res, url) {
      if (url.pathname.startsWith('/open311/')) {
        await serveHttpAccess(host, 'open311', req, res, url, opts)
        return true
      }
      if (!url.pathname.startsWith('/fn/')) return false
      const name = decodeURIComponent(url.pathname.slice(4))
      if (req.method !== 'POST') {
        sendJson(res, 405, failure('INVALID_INPUT', '云函数只接受 POST 请求', newRequestId()), {
          allow: 'POST',
          'content-type': 'application/json; charset=utf-8',
        })
        return true
      }
      if (!isLoopback(req)) {
        sendEnvelope(res, 403, failure('FORBIDDEN', '本地网关只接受本机请求', newRequestId()))
        return true
      }
      let body: Buffer
      try {
        body = await readBody(req, MAX_EVENT_BYTES)
      } catch (err) {
        // The envelope, then the connection closed if the client is still sending (never a bare reset).
        res.setHeader('connection', 'close')
        res.on('finish', () => {
          if (!req.complete) req.socket.end()
        })
        if (err instanceof BodyError && err.kind === 'aborted') res.end()
        else
          sendEnvelope(
            res,
            200,
            failure('INVALID_INPUT', '请求内容过大（不能超过 6 MB）', newRequestId(), [
              { path: '', message: '请求内容过大' },
            ]),
          )
        return true
      }
      let event: unknown = {}
      if (body.length > 0) {
        // Parsed within a depth limit before anything else: a deeply nested event once overflowed the stack
        // of the worker's structured clone and took the whole local cloud down.
        const parsed = parseJson(body.toString('utf8'))
        if (!parsed.ok) {
          const why = parsed.reason === 'too-deep' ? '嵌套层数过多' : '不是有效的 JSON'
          sendEnvelope(
            res,
            200,
            failure('INVALID_INPUT', `请求格式不正确：${why}`, newRequestId(), [{ path: '', message: why }]),
          )
          return true
        }
        event = parsed.value
      }
      if (isTimerEvent(event)) {
        // Only the scheduler sends a Timer event (emulator/timers); over HTTP it is someone posing as one.
        sendEnvelope(res, 403, failure('FORBIDDEN', '您没有权限进行这项操作', newRequestId()))
        return true
      }
      const openidHeader = req.headers[OPENID_HEADER]
      const openid = typeof openidHeader === 'string' && openidHeader.trim() ? openidHeader.trim() : undefined
      const out = await host.invoke(name, event, {
        caller: openid ? { openid, clientIp: clientIp(req) } : { clientIp: clientIp(req) },
      })
      if (!opts.quiet) console.log(logText(name, event, out))
      if (out.ok) {
        res.writeHead(200, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(out.json),
          'x-request-id': out.requestId,
        })
        res.end(out.json)
      } else {
        sendEnvelope(res, 200, failure('INTERNAL', internalMessage(out), out.requestId))
      }
      return true
    },
  }
}

/**
 * CloudBase's HTTP access service, locally: the request becomes the event the service hands a function
 * (`path`, `httpMethod`, `headers`, `queryStringParameters`, `body`, `isBase64Encoded`) and the function's
 * `{ statusCode, headers, body, isBase64Encoded }` becomes the response. No WeChat identity travels this way
 * (X-WX-OPENID is not read), as none does in the cloud. Mapped: `/open311/...` → the `open311` function, the
 * trigger path of its deployment settings (cloudfunctions/functions.ts `httpPath`).
 */
async function serveHttpAccess(
  host: FunctionHost,
  fn: string,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  opts: GatewayOptions,
): Promise<void> {
  let body: Buffer
  try {
    body = await readBody(req, MAX_EVENT_BYTES)
  } catch {
    res.setHeader('connection', 'close')
    sendJson(res, 413, [{ code: 413, description: 'Request body too large' }], {
      'content-type': 'application/json; charset=utf-8',
    })
    return
  }
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v
  const queryStringParameters: Record<string, string> = {}
  for (const [k, v] of url.searchParams) queryStringParameters[k] = v
  const event = {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    queryStringParameters,
    body: body.toString('utf8'),
    isBase64Encoded: false,
  }
  const out = await host.invoke(fn, event, { caller: { clientIp: clientIp(req) } })
  if (!opts.quiet) console.log(`[http] ${fn} ${event.httpMethod} ${event.path} ${out.ok ? 'ok' : out.reason}`)
  const reply = out.ok ? httpReply(out.json) : undefined
  if (!reply) {
    sendJson(res, 502, [{ code: 502, description: 'The function did not answer an HTTP response' }], {
      'content-type': 'application/json; charset=utf-8',
    })
    return
  }
  const payload = reply.isBase64Encoded ? Buffer.from(reply.body, 'base64') : Buffer.from(reply.body, 'utf8')
  res.writeHead(reply.statusCode, { ...reply.headers, 'content-length': payload.length })
  res.end(req.method === 'HEAD' ? undefined : payload)
}

function httpReply(
  json: string,
):
  | { statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean }
  | undefined {
  try {
    const r = JSON.parse(json) as Record<string, unknown>
    if (typeof r.statusCode !== 'number' || typeof r.body !== 'string') return undefined
    const headers: Record<string, string> = {}
    if (r.headers && typeof r.headers === 'object')
      for (const [k, v] of Object.entries(r.headers)) if (typeof v === 'string') headers[k] = v
    return { statusCode: r.statusCode, headers, body: r.body, isBase64Encoded: r.isBase64Encoded === true }
  } catch {
    return undefined
  }
}

const isTimerEvent = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (e as { Type?: unknown }).Type === 'Timer'

function internalMessage(out: Extract<InvokeOutcome, { ok: false }>): string {
  switch (out.reason) {
    case 'unknown-function':
      return `没有这个云函数：${out.fn}`
    case 'timeout':
      return '云函数执行超时，请稍后再试'
    default:
      return '系统开小差了，请稍后再试'
  }
}

function failure(code: string, message: string, requestId: string, details?: unknown) {
  return { ok: false, error: details ? { code, message, details, requestId } : { code, message, requestId } }
}

function sendEnvelope(res: ServerResponse, status: number, body: unknown): void {
  sendJson(res, status, body, { 'content-type': 'application/json; charset=utf-8' })
}

function clientIp(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '')
}

function logText(name: string, event: unknown, out: InvokeOutcome): string {
  const action =
    typeof event === 'object' && event !== null && typeof (event as { action?: unknown }).action === 'string'
      ? (event as { action: string }).action
      : '-'
  const status = out.ok ? 'ok' : out.reason
  return `[fn] ${name}.${action} ${status} ${out.durationMs}ms${out.cold ? ' (cold)' : ''} ${out.requestId}`
}
