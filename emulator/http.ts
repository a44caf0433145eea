/**
 * The small HTTP helpers every part of the local cloud shares (the /admin endpoint, the function gateway,
 * the dev console, the open-API sink). They live apart from server.ts so that the parts server.ts puts
 * together need not import it back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/** Largest body read unless the endpoint passes a smaller limit (the gateway and dev console do). */
const MAX_BODY = 50 * 1024 * 1024

/** Handles `multipart/form-data` POSTs to /admin (the `wx.openApi` calls); returns true when handled. */
export type MultipartHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<boolean>

/** The whole request body; rejects (and drops the connection) once it grows past `limit` bytes. */
export function readBody(req: IncomingMessage, limit = MAX_BODY): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size > limit) {
        reject(new Error('request body too large'))
        req.destroy()
      } else chunks.push(c)
    })
    req.on('end', () => resolve(Buffer.concat(chunks)))
    req.on('error', reject)
  })
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
