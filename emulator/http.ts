/**
 * The small HTTP helpers every part of the local cloud shares (the /admin endpoint, the function gateway,
 * the dev console, the open-API sink), and the checks every request passes before any part sees it. They
 * live apart from server.ts so that the parts server.ts puts together need not import it back.
 */
import { timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Largest body read unless the endpoint passes a smaller limit (the gateway and dev console do). */
const MAX_BODY = 50 * 1024 * 1024
/**
 * Past the endpoint's limit a body is still read (and thrown away) up to this many bytes, so the client gets
 * the envelope instead of a reset socket; beyond it the connection is closed after the answer.
 */
const DRAIN_LIMIT = 64 * 1024 * 1024
/**
 * Deepest JSON nesting accepted. MongoDB (and so CloudBase's database) refuses documents nested deeper than
 * 100 levels; a 4,000-deep event once overflowed the stack of the worker's structured clone.
 */
export const MAX_JSON_DEPTH = 100

/** Handles `multipart/form-data` POSTs to /admin (the `wx.openApi` calls); returns true when handled. */
export type MultipartHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>

/** A body the endpoint must refuse: `size` past its limit, or unreadable. */
export class BodyError extends Error {
  constructor(
    readonly kind: 'too-large' | 'aborted',
    message: string,
  ) {
    super(message)
  }
}

/**
 * The whole request body. Past `limit` bytes it rejects with `BodyError('too-large')` once the client has
 * finished sending (the rest is read and dropped up to DRAIN_LIMIT), so the caller can still answer.
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'])
    const chunks: Buffer[] = []
    let size = 0
    let over = Number.isFinite(declared) && declared > limit
    const tooLarge = () => new BodyError('too-large', `request body larger than ${limit} bytes`)
    if (over && declared > DRAIN_LIMIT) {
      // Not worth reading: answer now and close the connection behind the answer.
      req.pause()
      reject(tooLarge())
      return
    }
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        over = true
        chunks.length = 0
        if (size > DRAIN_LIMIT) {
          req.pause()
          reject(tooLarge())
        }
      } else if (!over) chunks.push(c)
    })
    req.on('end', () => (over ? reject(tooLarge()) : resolve(Buffer.concat(chunks))))
    req.on('error', () => reject(new BodyError('aborted', 'request aborted')))
    req.on('aborted', () => reject(new BodyError('aborted', 'request aborted')))
  })
}

/**
 * Deepest nesting of `{`/`[` in JSON text, counted without parsing (no recursion, so no stack to overflow);
 * stops counting once past `max`.
 */
export function jsonDepth(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0
  let deepest = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
    } else if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      depth++
      if (depth > deepest) {
        deepest = depth
        if (deepest > max) return deepest
      }
    } else if (c === 0x7d || c === 0x5d) depth--
  }
  return deepest
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: 'syntax' | 'too-deep' }

/** JSON.parse behind the depth limit: what every JSON body of the local cloud goes through. */
export function parseJson(text: string, maxDepth = MAX_JSON_DEPTH): ParsedJson {
  if (jsonDepth(text, maxDepth) > maxDepth) return { ok: false, reason: 'too-deep' }
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false, reason: 'syntax' }
  }
}

/** The request's media type without parameters, lower case (`application/json`). */
export function mediaType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase()
}

export const isJsonType = (req: IncomingMessage): boolean => mediaType(req) === 'application/json'

/** Compares a presented secret with the expected one in constant time. */
export function sameSecret(presented: unknown, expected: string): boolean {
  if (typeof presented !== 'string') return false
  const a = Buffer.from(presented)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

/** Writes `body` as JSON; `headers` add to (or replace) content-type and content-length. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers?: Readonly<Record<string, string>>,
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}
