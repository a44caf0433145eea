/**
 * How Linli's demands read in Open311 GeoReport v2: status mapping, ISO 8601 instants with the Beijing
 * offset, a demand as a service request with personal data masked, and the XML the spec requires beside
 * JSON. Pure: no database, no clock.
 */
import {
  OPEN311_STATUS,
  REQUEST_FIELDS,
  SERVICE_ENGLISH,
  type Open311Status,
  type RequestField,
} from '../../../types/open311'
import { CATEGORY_LABEL, type DemandDoc, type DemandEvent, type DemandStatus } from '../../../types/demands'
import { maskText } from '../../shared/mask'

const BEIJING_OFFSET_MS = 8 * 3_600_000

/** `2024-05-01T09:30:00+08:00`: the instant in Beijing time with its offset, as the spec asks. */
export function iso8601(at: Date | string): string {
  const d = new Date(new Date(at).getTime() + BEIJING_OFFSET_MS)
  return `${d.toISOString().slice(0, 19)}+08:00`
}

export const open311Status = (s: DemandStatus): Open311Status => OPEN311_STATUS[s]

/** Events a resident's own timeline would show publicly: what staff did, never a private note of theirs. */
const PUBLIC_EVENTS: ReadonlySet<DemandEvent['type']> = new Set([
  'submitted',
  'replied',
  'meeting',
  'escalated',
  'transferred',
  'resolved',
  'rejected',
  'microMatter',
  'reopened',
  'closed',
])

export interface Place {
  readonly committeeName?: string
  readonly blockName?: string
}

export type RequestView = Record<RequestField, string | number | null>

/**
 * A public demand as an Open311 service request. Text is masked as every officer view masks it (phones,
 * door numbers, names given in the text, the resident's own name), so nothing a resident typed about
 * themselves leaves Linli.
 */
export function requestView(doc: DemandDoc, place: Place): RequestView {
  const latest = [...doc.events].reverse().find((e) => PUBLIC_EVENTS.has(e.type) && e.note)
  const names = [doc.residentName]
  const open = open311Status(doc.status)
  const address = [place.committeeName, place.blockName, doc.building ? `${doc.building}` : undefined]
    .filter(Boolean)
    .join(' ')
  const view: RequestView = {
    service_request_id: doc._id,
    status: open,
    status_notes: latest?.note ? maskText(latest.note, { max: 200, names }) : null,
    service_name: `${CATEGORY_LABEL[doc.category]} ${SERVICE_ENGLISH[doc.category].name}`,
    service_code: doc.category,
    description: maskText(doc.text, { max: 500, names }),
    agency_responsible: place.committeeName ?? null,
    service_notice: null,
    requested_datetime: iso8601(doc.submittedAt),
    updated_datetime: iso8601(doc.updatedAt),
    // The deadline being worked against; a closed case has none.
    expected_datetime: open === 'open' && doc.dueAt ? iso8601(doc.dueAt) : null,
    address: address || null,
    address_id: doc.blockId ?? null,
    zipcode: null,
    // The demo blocks carry no coordinates; lat/long stay empty until a place has them.
    lat: null,
    long: null,
    media_url: null,
  }
  return Object.fromEntries(REQUEST_FIELDS.map((f) => [f, view[f]])) as RequestView
}

// ---- XML ------------------------------------------------------------------------------------------

export type XmlValue = string | number | boolean | null | undefined | XmlValue[] | { [k: string]: XmlValue }

/** The element name of one item inside each list element the spec defines. */
const ITEM_OF: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  errors: 'error',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
}

const escapeXml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)

function element(name: string, value: XmlValue): string {
  if (value === null || value === undefined) return `<${name}/>`
  if (Array.isArray(value)) {
    const item = ITEM_OF[name] ?? 'item'
    return `<${name}>${value.map((v) => element(item, v)).join('')}</${name}>`
  }
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([k, v]) => element(k, v))
      .join('')}</${name}>`
  return `<${name}>${escapeXml(String(value))}</${name}>`
}

/** An XML document with the declaration the spec requires (UTF-8). */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>${element(root, value)}`
}
