import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, request, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { createStaticSite, pickEncoding } from './static'

let dir: string
let server: Server
let port: number
const js = `console.log(${JSON.stringify('邻里'.repeat(2000))})\n`

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linli-static-'))
  mkdirSync(join(dir, 'js'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>邻里</title>')
  writeFileSync(join(dir, 'js', 'app.0123abcd.js'), js)
  writeFileSync(join(dir, 'logo.png'), Buffer.alloc(4096, 1))
  const site = createStaticSite(dir)
  server = createServer((req, res) => {
    void site.serve(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')).then((done) => {
      if (!done) res.writeHead(404).end()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as { port: number }).port
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
  rmSync(dir, { recursive: true, force: true })
})

function get(path: string, acceptEncoding?: string) {
  return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

test('brotli when the browser takes it, gzip otherwise, plain without either; always Vary', async () => {
  const br = await get('/js/app.0123abcd.js', 'gzip, deflate, br')
  expect(br.headers['content-encoding']).toBe('br')
  expect(br.headers.vary).toBe('Accept-Encoding')
  expect(Number(br.headers['content-length'])).toBe(br.body.length)
  expect(br.body.length).toBeLessThan(Buffer.byteLength(js) / 5)
  expect(brotliDecompressSync(br.body).toString()).toBe(js)

  const gz = await get('/js/app.0123abcd.js', 'gzip')
  expect(gz.headers['content-encoding']).toBe('gzip')
  expect(gunzipSync(gz.body).toString()).toBe(js)

  const plain = await get('/js/app.0123abcd.js')
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.headers.vary).toBe('Accept-Encoding')
  expect(plain.body.toString()).toBe(js)
  expect(plain.headers['cache-control']).toContain('immutable')
})

test('pictures and tiny files go as they are', async () => {
  const png = await get('/logo.png', 'br')
  expect(png.headers['content-encoding']).toBeUndefined()
  expect(png.headers.vary).toBeUndefined()
  const html = await get('/', 'br')
  expect(html.headers['content-encoding']).toBeUndefined()
})

test('Accept-Encoding negotiation honours q=0 and *', () => {
  expect(pickEncoding('gzip, br;q=0')).toBe('gzip')
  expect(pickEncoding('br;q=0, gzip;q=0')).toBeUndefined()
  expect(pickEncoding('*')).toBe('br')
  expect(pickEncoding('identity')).toBeUndefined()
  expect(pickEncoding(undefined)).toBeUndefined()
})
