/**
 * The local cloud's HTTP surface under hostile input (issue 22): random bytes, deep nesting, huge bodies,
 * wrong content types, forged Host and Origin. Whatever arrives, the server answers with an envelope (never
 * a crash, a hang or a reset socket) and keeps answering; nothing reaches /admin, the dev API or a function
 * from a foreign Host or Origin, and /admin needs this start's token.
 *
 * Requests go through node:http rather than fetch, so the test controls every header, Host included.
 */
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

jest.setTimeout(180_000)

let t: TestCloud
let port = 0
let self = ''
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
  port = t.cloud.port
  self = `127.0.0.1:${port}`
})
afterAll(() => t?.stop())

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  ms: number
}

interface Req {
  method?: string
  path: string
  headers?: Record<string, string | number>
  body?: Buffer | string
  /** Send this Content-Length but only `body`, then wait for the answer (a client that lies about size). */
  declaredLength?: number
}

/** One request on its own connection; rejects on a reset socket or after `timeoutMs` without an answer. */
function send(r: Req, timeoutMs = 15_000): Promise<Answer> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host: self, ...r.headers }
    // An empty Host stands for none at all.
    const noHost = headers.host === ''
    if (noHost) delete headers.host
    const body = r.body === undefined ? undefined : Buffer.from(r.body)
    if (body && r.declaredLength === undefined) headers['content-length'] = body.length
    if (r.declaredLength !== undefined) headers['content-length'] = r.declaredLength
    const req = request({
      host: '127.0.0.1',
      port,
      method: r.method ?? 'POST',
      path: r.path,
      headers,
      agent: false,
      setHost: !noHost,
    })
    const timer = setTimeout(() => {
      req.destroy()
      reject(new Error(`no answer in ${timeoutMs} ms: ${r.method ?? 'POST'} ${r.path}`))
    }, timeoutMs)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        clearTimeout(timer)
        if (r.declaredLength !== undefined) req.destroy()
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          ms: Date.now() - started,
        })
      })
      res.on('error', reject)
    })
    req.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    if (body) req.write(body)
    if (r.declaredLength === undefined) req.end()
  })
}

const json = (a: Answer): Record<string, unknown> => JSON.parse(a.body) as Record<string, unknown>
const token = (): string => t.cloud.devToken
const deep = (n: number, open = '{"a":', close = '}'): string => open.repeat(n) + '1' + close.repeat(n)

/** The server still serves: a function answers as usual. */
async function stillServing(): Promise<void> {
  const a = await send({
    path: '/fn/community',
    headers: { 'content-type': 'application/json', 'x-wx-openid': 'demo-resident-wang' },
    body: JSON.stringify({ action: 'me' }),
  })
  expect(a.status).toBe(200)
  expect(json(a)).toHaveProperty('ok')
}

/** What each family of paths answers with: the app's envelope, the SDK's, the dev API's. */
function expectEnvelope(path: string, a: Answer): void {
  expect(a.headers['content-type']).toMatch(/^application\/json/)
  expect(a.headers['x-content-type-options']).toBe('nosniff')
  const body = json(a)
  if (path.startsWith('/fn/')) {
    expect(typeof body.ok).toBe('boolean')
    if (body.ok === false) expect(typeof (body.error as { code?: unknown }).code).toBe('string')
  } else if (path.startsWith('/admin')) {
    expect(typeof body.code === 'string' || 'data' in body).toBe(true)
  } else if (a.status >= 400) expect(typeof body.error).toBe('string')
}

describe('the request that used to kill the local cloud', () => {
  test('8 KB of JSON nested 4,000 deep, as text/plain and as JSON: an envelope each, and the server lives', async () => {
    const body = deep(4000, '[', ']')
    expect(body.length).toBeGreaterThan(8000)
    const plain = await send({ path: '/fn/demands', headers: { 'content-type': 'text/plain' }, body })
    expect(plain.status).toBe(415)
    expect(json(plain)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const asJson = await send({ path: '/fn/demands', headers: { 'content-type': 'application/json' }, body })
    expect(asJson.status).toBe(200)
    expect(json(asJson)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect((json(asJson).error as { message: string }).message).toContain('嵌套')
    await stillServing()
  })

  test('an event the worker cannot copy fails that call only (INTERNAL-able outcome), not the host', async () => {
    let event: unknown = 1
    for (let i = 0; i < 20_000; i++) event = [event]
    const out = await t.cloud.host!.invoke('community', event)
    expect(out.ok).toBe(false)
    await stillServing()
  })

  test('callFunction with request_data nested too deep is the cloud error, not a crash', async () => {
    const a = await send({
      path: `/admin/${token()}?env=linli-local`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'functions.invokeFunction',
        function_name: 'community',
        request_data: deep(5000),
      }),
    })
    expect(json(a)).toMatchObject({ code: 'INVALID_PARAM' })
    await stillServing()
  })
})

describe('huge bodies get the envelope, not a reset socket', () => {
  test('7 MB to /fn: INVALID_INPUT envelope', async () => {
    const a = await send({
      path: '/fn/demands',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(7 * 1024 * 1024, 0x20),
    })
    expect(a.status).toBe(200)
    expect(json(a)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(a.headers.connection).toBe('close')
    await stillServing()
  })

  test('a declared 1 GB body is answered at once, without reading it', async () => {
    const a = await send({
      path: '/fn/demands',
      headers: { 'content-type': 'application/json' },
      body: '{"action":',
      declaredLength: 1024 * 1024 * 1024,
    })
    expect(json(a)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(a.ms).toBeLessThan(2000)
    const admin = await send({
      path: `/admin/${token()}`,
      headers: { 'content-type': 'application/json' },
      body: '{',
      declaredLength: 1024 * 1024 * 1024,
    })
    expect(json(admin)).toMatchObject({ code: 'INVALID_PARAM' })
    await stillServing()
  })
})

describe('Host, Origin, content type and the token', () => {
  const foreignHosts = ['evil.example', `evil.example:${0}`, 'attacker.test:80', '127.0.0.1.nip.io', '']
  const paths = (): string[] => [`/admin/${token()}?env=linli-local`, '/_dev/api/clock', '/fn/community']

  test('a foreign or missing Host is refused on /admin, the dev API and /fn', async () => {
    for (const host of [...foreignHosts, `evil.example:${port}`, `localhost.evil:${port}`]) {
      for (const path of paths()) {
        const a = await send({
          path,
          headers: {
            host,
            'content-type': 'application/json',
            'x-linli-dev-token': token(),
            'x-wx-openid': 'demo-resident-wang',
          },
          body: path.startsWith('/admin')
            ? JSON.stringify({
                action: 'database.calculateDocument',
                collectionName: 'families',
                query: '{}',
              })
            : JSON.stringify({ action: 'me', offsetMs: 0 }),
        })
        // Node itself answers 400 to a request without Host; any other is ours, a 403 envelope.
        if (host === '') expect([path, a.status]).toEqual([path, 400])
        else {
          expect([host, path, a.status]).toEqual([host, path, 403])
          expectEnvelope(path, a)
        }
      }
    }
  })

  test('every loopback name with the port is accepted', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const a = await send({
        method: 'GET',
        path: '/_dev/api/clock',
        headers: { host, 'x-linli-dev-token': token() },
      })
      expect([host, a.status]).toEqual([host, 200])
    }
  })

  test('a foreign Origin is refused; none, or this origin, is accepted', async () => {
    for (const origin of [
      'https://evil.example',
      'null',
      `http://localhost:${port}`,
      `http://127.0.0.1:${port + 1}`,
    ]) {
      for (const path of paths()) {
        const a = await send({
          path,
          headers: {
            origin,
            'content-type': 'application/json',
            'x-linli-dev-token': token(),
            'x-wx-openid': 'demo-resident-wang',
          },
          body: '{"action":"me","offsetMs":0}',
        })
        expect([origin, path, a.status]).toEqual([origin, path, 403])
      }
    }
    const same = await send({
      path: '/fn/community',
      headers: {
        origin: `http://${self}`,
        'content-type': 'application/json',
        'x-wx-openid': 'demo-resident-wang',
      },
      body: '{"action":"me"}',
    })
    expect(same.status).toBe(200)
  })

  test('the cross-site write of the issue (a staff record through /admin) is refused every way', async () => {
    const insert = JSON.stringify({
      action: 'database.insertDocument',
      collectionName: 'staff',
      data: JSON.stringify([{ _id: 'forged', role: 'officer' }]),
    })
    const tries: Req[] = [
      { path: '/admin?env=linli-local', headers: { 'content-type': 'application/json' }, body: insert },
      {
        path: '/admin/wrong-token?env=linli-local',
        headers: { 'content-type': 'application/json' },
        body: insert,
      },
      { path: `/admin/${token()}?env=linli-local`, headers: { 'content-type': 'text/plain' }, body: insert },
      {
        path: `/admin/${token()}?env=linli-local`,
        headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
        body: insert,
      },
      {
        path: `/admin/${token()}?env=linli-local`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: insert,
      },
    ]
    for (const r of tries) {
      const a = await send(r)
      expect(a.status).toBeGreaterThanOrEqual(400)
      expect(json(a)).toHaveProperty('code')
    }
    expect(t.cloud.database.find('staff', { _id: 'forged' })).toHaveLength(0)
  })

  test('the dev API needs the token, except the two calls the H5 app makes', async () => {
    for (const path of ['clock', 'collections/families', 'logs', 'timers', 'grants?openid=x', 'stats']) {
      const a = await send({ method: 'GET', path: `/_dev/api/${path}` })
      expect([path, a.status]).toEqual([path, 403])
      const wrong = await send({
        method: 'GET',
        path: `/_dev/api/${path}`,
        headers: { 'x-linli-dev-token': 'x' },
      })
      expect(wrong.status).toBe(403)
    }
    expect((await send({ method: 'GET', path: '/_dev/api/identities' })).status).toBe(200)
    const grant = await send({
      path: '/_dev/api/grants',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'demo-resident-wang', templateIds: ['demandUpdate'] }),
    })
    expect(grant.status).toBe(200)
    // The page itself carries no secret: it asks for the token it is given in the URL fragment.
    const page = await send({ method: 'GET', path: '/_dev/' })
    expect(page.body).not.toContain(token())
  })

  test('the token is this start’s, in <dataDir>/dev-token, readable by its owner only', () => {
    const file = join(t.dataDir, 'dev-token')
    expect(readFileSync(file, 'utf8').trim()).toBe(token())
    expect(token().length).toBeGreaterThanOrEqual(32)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('node:fs').statSync(file).mode & 0o077).toBe(0)
    expect(t.cloud.adminUrl).toBe(`${t.url}/admin/${token()}`)
    expect(t.url.startsWith('http://127.0.0.1:')).toBe(true)
  })
})

describe('timer events only from the scheduler', () => {
  test('/fn/reports with a Timer event and no identity is FORBIDDEN, and runs nothing', async () => {
    const a = await send({
      path: '/fn/reports',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Type: 'Timer', TriggerName: 'hourly', Time: new Date().toISOString() }),
    })
    expect(json(a)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  test('an unmarked Timer event reaching the function by another way (callFunction, the host) is refused by the router', async () => {
    const direct = await t.cloud.host!.invoke('reports', { Type: 'Timer', TriggerName: 'hourly' })
    expect(direct.ok && JSON.parse(direct.json)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
    const viaAdmin = await send({
      path: `/admin/${token()}?env=linli-local`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'functions.invokeFunction',
        function_name: 'reports',
        request_data: JSON.stringify({ Type: 'Timer', TriggerName: 'hourly' }),
      }),
    })
    const reply = json(viaAdmin) as { data: { response_data: string } }
    expect(JSON.parse(reply.data.response_data)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } })
  })

  test('the scheduler’s own fire still runs the job', async () => {
    const fired = await t.dev.fire('reports', 'hourly')
    expect(fired.ok).toBe(true)
    expect(fired.result).toMatchObject({ ok: true })
  })
})

describe('random hostile requests (fast-check)', () => {
  const pathArb = fc.oneof(
    fc.constantFrom('/fn/demands', '/fn/community', '/fn/reports', '/fn/nope', '/fn/', '/_dev/api/grants'),
    fc.constantFrom('/_dev/api/clock', '/_dev/api/timers/reports/fire', '/admin', '/_dev/api/collections/x'),
    fc.constant('ADMIN'),
  )
  const typeArb = fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/octet-stream',
  )
  const bodyArb = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((b) => Buffer.from(b)),
    fc.string({ maxLength: 512 }).map((s) => Buffer.from(s)),
    fc.integer({ min: 1, max: 6000 }).map((n) => Buffer.from(deep(n, '[', ']'))),
    fc.integer({ min: 1, max: 3000 }).map((n) => Buffer.from(deep(n))),
    fc.jsonValue({ maxDepth: 6 }).map((v) => Buffer.from(JSON.stringify(v))),
    fc.constant(Buffer.from('{"Type":"Timer","TriggerName":"hourly"}')),
  )
  const hostArb = fc.option(fc.constantFrom('evil.example', 'localhost', '127.0.0.1', `attacker:${0}`), {
    nil: undefined,
  })
  const originArb = fc.option(fc.constantFrom('https://evil.example', 'null', 'SELF'), { nil: undefined })

  test('every answer is an envelope, in bounded time, and the server keeps answering', async () => {
    let requests = 0
    let slowest = 0
    await fc.assert(
      fc.asyncProperty(
        pathArb,
        fc.constantFrom('POST', 'POST', 'GET', 'PUT', 'DELETE'),
        typeArb,
        bodyArb,
        hostArb,
        originArb,
        fc.boolean(),
        async (p, method, type, body, host, origin, withToken) => {
          const path = p === 'ADMIN' ? `/admin/${token()}?env=linli-local` : p
          const headers: Record<string, string> = { 'x-wx-openid': 'demo-resident-li' }
          if (type) headers['content-type'] = type
          if (host) headers.host = host
          if (origin) headers.origin = origin === 'SELF' ? `http://${self}` : origin
          if (withToken) headers['x-linli-dev-token'] = token()
          const a = await send({ method, path, headers, body: method === 'GET' ? undefined : body })
          requests++
          slowest = Math.max(slowest, a.ms)
          expect(a.status).toBeLessThan(500)
          if (a.status === 404 && !a.headers['content-type']?.startsWith('application/json')) return
          expectEnvelope(path, a)
          const foreign =
            (host !== undefined && !host.includes(String(port))) || (origin && origin !== 'SELF')
          if (foreign) expect(a.status).toBe(403)
        },
      ),
      { numRuns: 400, seed: 22 },
    )
    expect(requests).toBe(400)
    expect(slowest).toBeLessThan(10_000)
    await stillServing()
    // Nothing random wrote a staff record.
    expect(t.cloud.database.find('staff', { role: 'officer', _id: 'forged' })).toHaveLength(0)
  })
})
