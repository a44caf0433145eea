/**
 * The Open311 GeoReport v2 endpoints over CloudBase's HTTP access service. The service hands the function
 * an event (`path`, `httpMethod`, `headers`, `queryStringParameters`, `body`, `isBase64Encoded`) and sends
 * back what it returns (`statusCode`, `headers`, `body`, `isBase64Encoded`). The path keeps the trigger
 * prefix (`/open311`), so routing reads what follows `/v2/`.
 *
 * Errors are the spec's list of `{ code, description }` with the same HTTP status; every GET answers any
 * origin (CORS), a POST needs a partner key and is limited per key per hour.
 */
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  OPEN311_STATUS,
  POSTS_PER_KEY_PER_HOUR,
  PostRequestFields,
  SERVICE_ATTRIBUTES,
  SERVICE_ENGLISH,
  type PartnerKeyDoc,
} from '../../types/open311'
import { DEMAND_TAXONOMY, DemandCategory, type DemandDoc, type DemandStatus } from '../../types/demands'
import { demandFiledByPartner } from '../demands/public'
import { db, _ } from '../shared/cloud'
import { now as clockNow } from '../shared/clock'
import { storeOf, type Store } from '../shared/data'
import { isDuplicateKey } from '../shared/errors'
import { derivedId, newId } from '../shared/ids'
import { giveBack, take } from '../shared/limits'
import { logLine } from '../shared/log'
import { keyHash } from './keys'
import { requestView, toXml, type XmlValue } from './rules/format'

export interface HttpEvent {
  readonly path: string
  readonly httpMethod: string
  readonly headers?: Record<string, string | undefined> | null
  readonly queryStringParameters?: Record<string, string | undefined> | null
  readonly body?: string | null
  readonly isBase64Encoded?: boolean
}

export interface HttpResult {
  readonly statusCode: number
  readonly headers: Record<string, string>
  readonly body: string
  readonly isBase64Encoded: false
}

export const isHttpEvent = (e: unknown): e is HttpEvent =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as { httpMethod?: unknown }).httpMethod === 'string' &&
  typeof (e as { path?: unknown }).path === 'string'

type Format = 'json' | 'xml'

class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly descriptions: readonly string[],
  ) {
    super(descriptions[0])
  }
}
const fail = (status: number, ...descriptions: string[]) => new Open311Error(status, descriptions)

/** What one call was, for the partner's call log. */
interface CallNote {
  key?: PartnerKeyDoc
  serviceRequestId?: string
}

const CORS_GET = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, OPTIONS',
  'access-control-max-age': '86400',
}

function respond(status: number, format: Format, root: string, value: XmlValue, method: string): HttpResult {
  const json = format === 'json'
  return {
    statusCode: status,
    headers: {
      'content-type': json ? 'application/json; charset=utf-8' : 'text/xml; charset=utf-8',
      ...(method === 'GET' ? CORS_GET : {}),
    },
    body: json ? JSON.stringify(value) : toXml(root, value),
    isBase64Encoded: false,
  }
}

const errorBody = (e: Open311Error) => e.descriptions.map((d) => ({ code: e.status, description: d }))

/** The part of the path after `/v2/` (or after the trigger prefix for discovery), and its format. */
function parsePath(path: string): { route: string; format: Format } | null {
  const m = /^(?:.*?\/v2\/|.*?\/open311\/|\/)?(.+?)\.(json|xml)$/.exec(path)
  if (!m) return null
  return { route: m[1], format: m[2] as Format }
}

export async function serveHttp(event: HttpEvent): Promise<HttpResult> {
  const method = event.httpMethod.toUpperCase()
  if (method === 'OPTIONS')
    return {
      statusCode: 204,
      headers: { ...CORS_GET, 'access-control-allow-headers': 'content-type' },
      body: '',
      isBase64Encoded: false,
    }
  const parsed = parsePath(event.path)
  const format = parsed?.format ?? 'json'
  const store = storeOf(db)
  const now = clockNow()
  const note: CallNote = {}
  let result: HttpResult
  try {
    if (!parsed) throw fail(404, 'Not found: the resource must end in .json or .xml')
    result = await dispatch(method, parsed.route, format, event, store, now, note)
  } catch (err) {
    const e =
      err instanceof Open311Error
        ? err
        : (logLine('error', {
            fn: 'open311',
            path: event.path,
            error: String((err as Error)?.message ?? err),
          }),
          fail(500, 'Internal error, please try again later'))
    result = respond(e.status, format, 'errors', errorBody(e), method)
  }
  if (note.key) await logCall(store, note, method, event.path, result, now)
  return result
}

async function logCall(
  store: Store,
  note: CallNote,
  method: string,
  path: string,
  res: HttpResult,
  now: Date,
): Promise<void> {
  const key = note.key!
  const error =
    res.statusCode >= 400
      ? (/"description":"([^"]*)"/.exec(res.body)?.[1] ?? /<description>([^<]*)</.exec(res.body)?.[1])
      : undefined
  try {
    await Promise.all([
      store.partnerCalls.add({
        _id: newId(),
        keyId: key._id,
        subdistrictId: key.subdistrictId,
        at: now,
        method,
        path: path.slice(0, 200),
        status: res.statusCode,
        ...(note.serviceRequestId ? { serviceRequestId: note.serviceRequestId } : {}),
        ...(error ? { error: error.slice(0, 200) } : {}),
      }),
      store.partnerKeys.updateWhere({ _id: key._id }, { calls: _.inc(1), lastUsedAt: now }),
    ])
  } catch (err) {
    // The answer stands even when its log line cannot be written.
    logLine('error', { fn: 'open311', trigger: 'callLog', error: String((err as Error)?.message ?? err) })
  }
}

async function dispatch(
  method: string,
  route: string,
  format: Format,
  event: HttpEvent,
  store: Store,
  now: Date,
  note: CallNote,
): Promise<HttpResult> {
  const query = event.queryStringParameters ?? {}
  if (route === 'requests' && method === 'POST') return postRequest(format, event, store, now, note)
  if (method !== 'GET') throw fail(405, `Method ${method} is not allowed here`)
  // A GET may carry a key; a known one has its reads in the partner's call log too.
  if (query.api_key) note.key = (await findKey(store, query.api_key)) ?? undefined
  if (route === 'discovery') return respond(200, format, 'discovery', discovery(event), method)
  if (route === 'services') return respond(200, format, 'services', services(), method)
  let m = /^services\/([^/]+)$/.exec(route)
  if (m) return respond(200, format, 'service_definition', serviceDefinition(m[1]), method)
  if (route === 'requests')
    return respond(200, format, 'service_requests', await listRequests(query, store, now), method)
  m = /^requests\/([^/]+)$/.exec(route)
  if (m) return respond(200, format, 'service_requests', await oneRequest(m[1], store), method)
  m = /^tokens\/([^/]+)$/.exec(route)
  if (m) return respond(200, format, 'service_requests', await tokenLookup(m[1], store), method)
  throw fail(404, `Not found: ${route}`)
}

// ---- discovery and services ---------------------------------------------------------------------

function discovery(event: HttpEvent): Record<string, XmlValue> {
  const host = event.headers?.host ?? event.headers?.Host
  const base = host
    ? `${host.startsWith('127.') || host.startsWith('localhost') ? 'http' : 'https'}://${host}`
    : ''
  return {
    changeset: '2024-06-01T00:00:00+08:00',
    contact: 'Linli (邻里) — the sub-district office that issued your key',
    key_service: 'Partner keys are issued by sub-district officers in the Linli app (合作方密钥)',
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${base}/open311/v2`,
        changeset: '2024-06-01T00:00:00+08:00',
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  }
}

function services(): Record<string, XmlValue>[] {
  return DEMAND_TAXONOMY.map((c) => ({
    service_code: c.code,
    service_name: c.label,
    description: `${SERVICE_ENGLISH[c.code].name}; resolved within ${c.resolutionHours} hours, answered within 24`,
    metadata: SERVICE_ATTRIBUTES[c.code] !== undefined,
    type: 'realtime',
    keywords: SERVICE_ENGLISH[c.code].keywords,
    group: SERVICE_ENGLISH[c.code].group,
  }))
}

function serviceDefinition(code: string): Record<string, XmlValue> {
  const parsed = DemandCategory.safeParse(code)
  if (!parsed.success) throw fail(404, `service_code ${code} is not a known service`)
  const attributes = SERVICE_ATTRIBUTES[parsed.data]
  if (!attributes) throw fail(404, `service_code ${code} has no definition (metadata is false)`)
  return {
    service_code: code,
    attributes: attributes.map((a) => ({
      variable: a.variable,
      code: a.code,
      datatype: a.datatype,
      required: a.required,
      datatype_description: a.datatype_description,
      order: a.order,
      description: a.description,
      values: (a.values ?? []).map((v) => ({ key: v.key, name: v.name })),
    })),
  }
}

// ---- reading requests ---------------------------------------------------------------------------

const OPEN_OF: Record<'open' | 'closed', DemandStatus[]> = {
  open: (Object.keys(OPEN311_STATUS) as DemandStatus[]).filter((s) => OPEN311_STATUS[s] === 'open'),
  closed: (Object.keys(OPEN311_STATUS) as DemandStatus[]).filter((s) => OPEN311_STATUS[s] === 'closed'),
}
const DEFAULT_WINDOW_MS = 90 * 86_400_000

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

function dateParam(name: string, v: string | undefined): Date | undefined {
  if (v === undefined || v === '') return undefined
  const ok = z.iso.datetime({ offset: true }).safeParse(v).success || z.iso.date().safeParse(v).success
  const d = new Date(v)
  if (!ok || Number.isNaN(d.getTime()))
    throw fail(400, `${name} must be an ISO 8601 date-time, e.g. 2024-05-01T00:00:00+08:00`)
  return d
}

function intParam(name: string, v: string | undefined, dflt: number, max: number): number {
  if (v === undefined || v === '') return dflt
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw fail(400, `${name} must be a whole number from 1 to ${max}`)
  return n
}

async function views(docs: readonly DemandDoc[], store: Store): Promise<Record<string, XmlValue>[]> {
  const committeeIds = [...new Set(docs.map((d) => d.committeeId))]
  const blockIds = [...new Set(docs.flatMap((d) => (d.blockId ? [d.blockId] : [])))]
  const [committees, blocks] = await Promise.all([
    committeeIds.length ? store.committees.find({ _id: _.in(committeeIds) }, { limit: 1000 }) : [],
    blockIds.length ? store.blocks.find({ _id: _.in(blockIds) }, { limit: 1000 }) : [],
  ])
  const cName = new Map(committees.map((c) => [c._id, c.name]))
  const bName = new Map(blocks.map((b) => [b._id, b.name]))
  return docs.map((d) =>
    requestView(d, {
      committeeName: cName.get(d.committeeId),
      blockName: d.blockId ? bName.get(d.blockId) : undefined,
    }),
  )
}

async function listRequests(
  q: Record<string, string | undefined>,
  store: Store,
  now: Date,
): Promise<Record<string, XmlValue>[]> {
  const ids = list(q.service_request_id)
  // Private demands belong to their resident and committee: only those marked public are ever listed.
  if (ids.length > 0) {
    // The spec: with service_request_id every other filter is ignored.
    if (ids.length > MAX_PAGE_SIZE)
      throw fail(400, `service_request_id may list at most ${MAX_PAGE_SIZE} ids`)
    const docs = await store.demands.find({ _id: _.in(ids), visibility: 'public' }, { limit: MAX_PAGE_SIZE })
    return views(docs, store)
  }
  const codes = list(q.service_code)
  for (const c of codes)
    if (!DemandCategory.safeParse(c).success) throw fail(400, `service_code ${c} is not a known service`)
  const statuses = list(q.status)
  for (const s of statuses)
    if (s !== 'open' && s !== 'closed') throw fail(400, 'status must be open, closed or both')
  const end = dateParam('end_date', q.end_date)
  let start = dateParam('start_date', q.start_date)
  // The spec's default window: the last 90 days when no dates are given.
  if (!start && !end) start = new Date(now.getTime() - DEFAULT_WINDOW_MS)
  const pageSize = intParam('page_size', q.page_size, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
  const page = intParam('page', q.page, 1, 10_000)
  const range = start && end ? _.gte(start).and(_.lte(end)) : start ? _.gte(start) : _.lte(end!)
  const where = {
    visibility: 'public',
    submittedAt: range,
    ...(codes.length ? { category: _.in(codes) } : {}),
    ...(statuses.length ? { status: _.in(statuses.flatMap((s) => OPEN_OF[s as 'open' | 'closed'])) } : {}),
  }
  const docs = await store.demands.find(where, {
    orderBy: [['submittedAt', 'desc']],
    skip: (page - 1) * pageSize,
    limit: pageSize,
  })
  return views(docs, store)
}

async function oneRequest(id: string, store: Store): Promise<Record<string, XmlValue>[]> {
  const doc = await store.demands.get(decodeURIComponent(id))
  // A private demand reads exactly as a missing one.
  if (!doc || doc.visibility !== 'public') throw fail(404, `service_request_id ${id} was not found`)
  return views([doc], store)
}

async function tokenLookup(token: string, store: Store): Promise<Record<string, XmlValue>[]> {
  const t = decodeURIComponent(token)
  const docs = await store.demands.find({ partnerToken: t }, { limit: 1 })
  if (docs.length === 0) throw fail(404, `token ${t} was not found`)
  return docs.map((d) => ({ service_request_id: d._id, token: t }))
}

// ---- filing a request ---------------------------------------------------------------------------

async function findKey(store: Store, key: string): Promise<PartnerKeyDoc | null> {
  const [k] = await store.partnerKeys.find({ keyHash: keyHash(key) }, { limit: 1 })
  return k ?? null
}

function bodyParams(event: HttpEvent): URLSearchParams {
  const headers = Object.fromEntries(
    Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  )
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded')
    throw fail(400, 'POST requests.json takes application/x-www-form-urlencoded fields')
  const raw = event.body ?? ''
  return new URLSearchParams(event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw)
}

const hourOf = (now: Date) => now.toISOString().slice(0, 13)

async function postRequest(
  format: Format,
  event: HttpEvent,
  store: Store,
  now: Date,
  note: CallNote,
): Promise<HttpResult> {
  const params = bodyParams(event)
  const apiKey = params.get('api_key') ?? event.queryStringParameters?.api_key
  if (!apiKey) throw fail(403, 'api_key is required')
  const key = await findKey(store, apiKey)
  if (!key) throw fail(403, 'api_key is not valid')
  note.key = key
  if (key.revokedAt !== undefined) throw fail(403, 'api_key has been revoked')

  const fields: Record<string, string> = {}
  const attributes: Record<string, string> = {}
  for (const [k, v] of params) {
    const a = /^attribute\[([^\]]+)\]$/.exec(k)
    if (a) attributes[a[1]] = v
    else fields[k] = v
  }
  if (apiKey && !fields.api_key) fields.api_key = apiKey
  const checked = PostRequestFields.safeParse(fields)
  if (!checked.success)
    throw fail(400, ...checked.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`))
  const input = checked.data
  const attrNotes: string[] = []
  for (const a of SERVICE_ATTRIBUTES[input.service_code] ?? []) {
    const v = attributes[a.code]
    if (v === undefined || v === '') {
      if (a.required)
        throw fail(400, `attribute[${a.code}] is required (see services/${input.service_code}.json)`)
      continue
    }
    const value = a.values?.find((x) => x.key === v)
    if (a.values && !value)
      throw fail(400, `attribute[${a.code}] must be one of ${a.values.map((x) => x.key).join(', ')}`)
    attrNotes.push(`${a.description}: ${value?.name ?? v}`)
  }

  const blockId = await placeOf(input, key, store)
  const allowance = {
    kind: 'open311.post',
    openid: key._id,
    window: hourOf(now),
    max: POSTS_PER_KEY_PER_HOUR,
  }
  if (!(await take(store, allowance, now)))
    throw fail(429, `Too many requests: at most ${POSTS_PER_KEY_PER_HOUR} POSTs per key per hour`)
  // The partner's own case number makes a retry file nothing new.
  const id = derivedId(key._id, 'open311.post', input.token ?? newId() + randomBytes(4).toString('hex'))
  const contactName = [input.last_name, input.first_name].filter(Boolean).join('') || undefined
  const filed = await demandFiledByPartner(db, {
    id,
    partner: { keyId: key._id, name: key.name, subdistrictId: key.subdistrictId },
    channel: '12345',
    blockId,
    category: input.service_code,
    text: [input.description, ...attrNotes].join('\n'),
    ...(contactName ? { contactName } : {}),
    ...(input.phone ? { contactPhone: input.phone } : {}),
    now,
  })
  if (!filed.ok) {
    await giveBack(store, allowance)
    throw fail(
      400,
      filed.reason === 'no-staff'
        ? 'This committee does not take requests online yet'
        : 'address_id is not a block of your jurisdiction (see README: address_id is a Linli block id)',
    )
  }
  const doc: DemandDoc = { ...filed.doc, ...(input.token ? { partnerToken: input.token } : {}) }
  try {
    await store.demands.add(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await giveBack(store, allowance)
  }
  note.serviceRequestId = id
  const answer = [
    {
      service_request_id: id,
      service_notice: `已派给${doc.assigneeName}，24小时内响应 (assigned; first response within 24 hours)`,
      account_id: input.account_id ?? null,
    },
  ]
  return respond(200, format, 'service_requests', answer, 'POST')
}

/** The block a POST is about: `address_id` (a block id), else a block whose name is in `address_string`. */
async function placeOf(input: PostRequestFields, key: PartnerKeyDoc, store: Store): Promise<string> {
  if (input.address_id) return input.address_id
  if (input.address_string) {
    const committees = await store.committees.find({ subdistrictId: key.subdistrictId }, { limit: 200 })
    const blocks = committees.length
      ? await store.blocks.find({ committeeId: _.in(committees.map((c) => c._id)) }, { limit: 1000 })
      : []
    const hit = blocks
      .filter((b) => input.address_string!.includes(b.name))
      .sort((a, b) => b.name.length - a.name.length)[0]
    if (!hit) throw fail(400, 'address_string names no block of your jurisdiction; give address_id instead')
    return hit._id
  }
  if (input.lat || input.long)
    throw fail(
      400,
      'lat/long cannot be placed yet: give address_id (a block id) or address_string (a block name)',
    )
  throw fail(400, 'A location is required: address_id, address_string, or lat and long')
}
