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
import { readBody, sendJson } from './http'

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
      if (!url.pathname.startsWith('/fn/')) return false
      const name = decodeURIComponent(url.pathname.slice(4))
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain; charset=utf-8' })
        res.end('POST only')
        return true
      }
      if (!isLoopback(req)) {
        sendEnvelope(res, 403, failure('FORBIDDEN', '本地网关只接受本机请求', newRequestId()))
        return true
      }
      let body: Buffer
      try {
        body = await readBody(req, MAX_EVENT_BYTES)
      } catch {
        sendEnvelope(res, 200, failure('INVALID_INPUT', '请求内容过大', newRequestId()))
        return true
      }
      let event: unknown = {}
      if (body.length > 0) {
        try {
          event = JSON.parse(body.toString('utf8'))
        } catch {
          sendEnvelope(
            res,
            200,
            failure('INVALID_INPUT', '请求格式不正确：不是有效的 JSON', newRequestId(), [
              { path: '', message: '不是有效的 JSON' },
            ]),
          )
          return true
        }
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
