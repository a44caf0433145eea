/**
 * Open311 GeoReport v2 on the local cloud (`/open311/v2/…` → the `open311` function as CloudBase's HTTP
 * access service would call it): every endpoint in JSON and XML against the spec's field lists, a partner's
 * POST reaching the right block head's inbox, private demands never listed, keys issued and revoked by an
 * officer and refused in the spec's error format.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import {
  ATTRIBUTE_FIELDS,
  POST_RESPONSE_FIELDS,
  REQUEST_FIELDS,
  POSTS_PER_KEY_PER_HOUR,
  SERVICE_FIELDS,
} from '../../../types/open311'
import { DEMAND_TAXONOMY } from '../../../types/demands'

const DEMO_KEY = 'demo-hotline-12345'
let t: TestCloud

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
}, 120_000)
afterAll(() => t?.stop())

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/open311/v2/${path}`, { headers })
const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/open311/v2/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  })

/** The element names directly inside each `<item>` of an XML list. */
function xmlItems(xml: string, item: string): string[][] {
  const out: string[][] = []
  for (const m of xml.matchAll(new RegExp(`<${item}>(.*?)</${item}>`, 'gs'))) {
    const names: string[] = []
    let depth = 0
    for (const tag of m[1].matchAll(/<(\/?)([a-z_]+)(\/?)>/g)) {
      if (tag[1]) depth--
      else {
        if (depth === 0) names.push(tag[2])
        if (!tag[3]) depth++
      }
    }
    out.push(names)
  }
  return out
}

async function expectError(res: Response, status: number, format: 'json' | 'xml' = 'json') {
  expect(res.status).toBe(status)
  const text = await res.text()
  if (format === 'json') {
    const body = JSON.parse(text) as Array<{ code: number; description: string }>
    expect(Array.isArray(body)).toBe(true)
    expect(body[0].code).toBe(status)
    expect(typeof body[0].description).toBe('string')
    return body[0].description
  }
  expect(text).toMatch(
    /^<\?xml version="1.0" encoding="utf-8"\?><errors><error><code>\d+<\/code><description>/,
  )
  return text
}

describe('Open311 GeoReport v2', () => {
  it('discovery lists the v2 endpoint with both formats, in JSON and XML', async () => {
    const j = (await (await get('discovery.json')).json()) as Record<string, unknown>
    expect(Object.keys(j)).toEqual(['changeset', 'contact', 'key_service', 'endpoints'])
    const ep = (j.endpoints as Array<Record<string, unknown>>)[0]
    expect(Object.keys(ep)).toEqual(['specification', 'url', 'changeset', 'type', 'formats'])
    expect(ep.formats).toEqual(['text/xml', 'application/json'])
    expect(ep.url).toBe(`${t.url}/open311/v2`)
    const x = await (await get('discovery.xml')).text()
    expect(x).toContain(
      '<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>',
    )
    expect(x).toContain('<formats><format>text/xml</format><format>application/json</format></formats>')
  })

  it('services: every category with exactly the spec fields, in JSON and XML, readable from any origin', async () => {
    const res = await get('services.json', { origin: 'https://dashboard.example.org' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const list = (await res.json()) as Array<Record<string, unknown>>
    expect(list.map((s) => s.service_code)).toEqual(DEMAND_TAXONOMY.map((c) => c.code))
    for (const s of list) {
      expect(Object.keys(s)).toEqual([...SERVICE_FIELDS])
      expect(s.type).toBe('realtime')
    }
    expect(list.find((s) => s.service_code === 'safety')?.metadata).toBe(true)
    expect(list.find((s) => s.service_code === 'other')?.metadata).toBe(false)
    const xres = await get('services.xml')
    expect(xres.headers.get('content-type')).toMatch(/^text\/xml/)
    const items = xmlItems(await xres.text(), 'service')
    expect(items).toHaveLength(DEMAND_TAXONOMY.length)
    for (const names of items) expect(names).toEqual([...SERVICE_FIELDS])
  })

  it('a service definition lists its attributes in JSON and XML; one without metadata is a 404', async () => {
    const d = (await (await get('services/safety.json')).json()) as {
      service_code: string
      attributes: Array<Record<string, unknown>>
    }
    expect(d.service_code).toBe('safety')
    expect(Object.keys(d.attributes[0])).toEqual([...ATTRIBUTE_FIELDS])
    expect(d.attributes[0].values).toEqual([
      { key: 'yes', name: expect.any(String) },
      { key: 'no', name: expect.any(String) },
    ])
    const x = await (await get('services/safety.xml')).text()
    expect(x).toMatch(/^<\?xml[^>]*\?><service_definition><service_code>safety<\/service_code><attributes>/)
    expect(xmlItems(x, 'attribute')[0]).toEqual([...ATTRIBUTE_FIELDS])
    await expectError(await get('services/other.json'), 404)
    await expectError(await get('services/nope.xml'), 404, 'xml')
  })

  it('refuses a POST without a key, with an unknown key, and with a revoked key, in the spec format', async () => {
    const fields = { service_code: 'noise', description: '楼下广场舞音响太大', address_id: 'c-chunhui-b1' }
    expect(await expectError(await post('requests.json', fields), 403)).toMatch(/api_key is required/)
    expect(await expectError(await post('requests.json', { ...fields, api_key: 'guess' }), 403)).toMatch(
      /not valid/,
    )
    await expectError(await post('requests.xml', fields), 403, 'xml')

    const issued = await t.call<{ partner: { id: string }; key: string }>(
      'open311',
      { action: 'issueKey', name: '区城管热线', clientRequestId: 'issue-key-0001' },
      'demo-officer-zhao',
    )
    expect(issued.ok).toBe(true)
    const key = issued.data!.key
    const ok = await post('requests.json', { ...fields, api_key: key, token: 'cg-0001' })
    expect(ok.status).toBe(200)
    const revoked = await t.call(
      'open311',
      { action: 'revokeKey', id: issued.data!.partner.id },
      'demo-officer-zhao',
    )
    expect(revoked.ok).toBe(true)
    const refused = await post('requests.json', { ...fields, api_key: key, token: 'cg-0002' })
    expect(await expectError(refused, 403)).toMatch(/revoked/)

    // The officer sees the partner's calls: the accepted POST and the refused one.
    const calls = await t.call<{ items: Array<{ status: number; method: string }> }>(
      'open311',
      { action: 'partnerCalls', id: issued.data!.partner.id },
      'demo-officer-zhao',
    )
    expect(calls.data!.items.map((c) => c.status)).toEqual([403, 200])
    // Another role cannot read partner keys.
    const denied = await t.call('open311', { action: 'partners' }, 'demo-admin-chen')
    expect(denied.error?.code).toBe('FORBIDDEN')
  })

  it('refuses POSTs past the per-key hourly limit, exactly, however many arrive at once', async () => {
    const issued = await t.call<{ key: string }>(
      'open311',
      { action: 'issueKey', name: '限流测试', clientRequestId: 'issue-key-limit' },
      'demo-officer-zhao',
    )
    const key = issued.data!.key
    const fields = {
      service_code: 'other',
      description: '限流测试',
      address_id: 'c-chunhui-b1',
      api_key: key,
    }
    const answers = await Promise.all(
      Array.from({ length: POSTS_PER_KEY_PER_HOUR + 5 }, (_, i) =>
        post('requests.json', { ...fields, token: `limit-${i}` }),
      ),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(POSTS_PER_KEY_PER_HOUR)
    expect(statuses.filter((s) => s === 429)).toHaveLength(5)
    const refused = answers.find((r) => r.status === 429)!
    expect(await expectError(refused, 429)).toMatch(/per key per hour/)
  })

  it('a POST with the demo key files a demand the block head sees in the inbox, once per token', async () => {
    const fields = {
      api_key: DEMO_KEY,
      service_code: 'safety',
      description: '春晖一村3号楼楼道堆放杂物堵住消防通道，来电人电话13912345678',
      address_id: 'c-chunhui-b1',
      'attribute[danger_now]': 'no',
      first_name: '先生',
      last_name: '周',
      token: 'hotline-2024-0001',
    }
    const res = await post('requests.json', fields)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Array<Record<string, unknown>>
    expect(Object.keys(body[0])).toEqual([...POST_RESPONSE_FIELDS])
    const id = body[0].service_request_id as string

    const again = (await (await post('requests.json', fields)).json()) as Array<Record<string, unknown>>
    expect(again[0].service_request_id).toBe(id)

    const inbox = await t.call<{ items: Array<{ id: string; category: string }> }>(
      'demands',
      { action: 'inbox', status: 'open', limit: 50 },
      'demo-blockhead-zhang',
    )
    expect(inbox.ok).toBe(true)
    expect(inbox.data!.items.filter((d) => d.id === id)).toHaveLength(1)

    // The token endpoint answers the id, in JSON and XML.
    const tok = (await (await get('tokens/hotline-2024-0001.json')).json()) as Array<Record<string, unknown>>
    expect(tok).toEqual([{ service_request_id: id, token: 'hotline-2024-0001' }])
    expect(xmlItems(await (await get('tokens/hotline-2024-0001.xml')).text(), 'request')[0]).toEqual([
      'service_request_id',
      'token',
    ])

    // A partner demand is private: never in GET.
    await expectError(await get(`requests/${id}.json`), 404)
    const listed = (await (await get(`requests.json?service_request_id=${id}`)).json()) as unknown[]
    expect(listed).toEqual([])
  })

  it('POST answers in XML, and refuses a missing required attribute and a missing location', async () => {
    const base = { api_key: DEMO_KEY, service_code: 'safety', description: '路灯电线裸露' }
    await expectError(await post('requests.json', { ...base, address_id: 'c-chunhui-b1' }), 400)
    const noPlace = await expectError(
      await post('requests.json', { ...base, 'attribute[danger_now]': 'yes' }),
      400,
    )
    expect(noPlace).toMatch(/location is required/)
    const x = await post('requests.xml', {
      ...base,
      'attribute[danger_now]': 'yes',
      address_string: '春晖苑一期 5号楼门口',
      token: 'hotline-xml-1',
    })
    expect(x.status).toBe(200)
    expect(xmlItems(await x.text(), 'request')[0]).toEqual([...POST_RESPONSE_FIELDS])
    // Forms only: JSON is refused in the spec format.
    const json = await fetch(`${t.url}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(base),
    })
    await expectError(json, 400)
  })

  it('GET lists public demands only, with the spec fields in JSON and XML, and filters them', async () => {
    const pub = await t.call<{ id: string }>(
      'demands',
      {
        action: 'submit',
        category: 'facilities',
        text: '小区门口路灯坏了好几天，晚上很黑，我是王秀英，电话13800001111',
        visibility: 'public',
        clientRequestId: 'open311-public-1',
      },
      'demo-resident-wang',
    )
    expect(pub.ok).toBe(true)
    const priv = await t.call<{ id: string }>(
      'demands',
      {
        action: 'submit',
        category: 'facilities',
        text: '家里水管漏水，想请物业来看看',
        clientRequestId: 'open311-private-1',
      },
      'demo-resident-wang',
    )
    expect(priv.ok).toBe(true)

    const all = (await (await get('requests.json?page_size=200')).json()) as Array<Record<string, unknown>>
    const ids = all.map((r) => r.service_request_id)
    expect(ids).toContain(pub.data!.id)
    expect(ids).not.toContain(priv.data!.id)
    const mine = all.find((r) => r.service_request_id === pub.data!.id)!
    expect(Object.keys(mine)).toEqual([...REQUEST_FIELDS])
    expect(mine.status).toBe('open')
    expect(mine.requested_datetime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
    expect(mine.expected_datetime).toMatch(/\+08:00$/)
    expect(mine.agency_responsible).toBe('春晖社区居委会')
    expect(mine.description).not.toContain('13800001111')
    expect(mine.description).not.toContain('王秀英')

    const one = await get(`requests/${pub.data!.id}.xml`, { origin: 'https://map.example.org' })
    expect(one.headers.get('access-control-allow-origin')).toBe('*')
    const items = xmlItems(await one.text(), 'request')
    expect(items).toHaveLength(1)
    expect(items[0]).toEqual([...REQUEST_FIELDS])
    await expectError(await get(`requests/${priv.data!.id}.xml`), 404, 'xml')

    const closed = (await (await get('requests.json?status=closed')).json()) as Array<Record<string, unknown>>
    expect(closed.map((r) => r.service_request_id)).not.toContain(pub.data!.id)
    const byCode = (await (await get('requests.json?service_code=noise')).json()) as unknown[]
    expect(byCode).toEqual([])
    const paged = (await (await get('requests.json?page_size=1')).json()) as unknown[]
    expect(paged).toHaveLength(1)
    await expectError(await get('requests.json?start_date=yesterday'), 400)
    await expectError(await get('requests.json?status=pending'), 400)
  })

  it('answers a CORS preflight for GET, and keeps POSTs same-origin', async () => {
    const pre = await fetch(`${t.url}/open311/v2/requests.json`, {
      method: 'OPTIONS',
      headers: { origin: 'https://other.example.org', 'access-control-request-method': 'GET' },
    })
    expect(pre.status).toBe(204)
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET')
    const cross = await post(
      'requests.json',
      { api_key: DEMO_KEY, service_code: 'other', description: 'x', address_id: 'c-chunhui-b1' },
      { origin: 'https://other.example.org' },
    )
    expect(cross.status).toBe(403)
  })
})
