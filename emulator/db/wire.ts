/**
 * Decodes the payload of a `database.*` request body (docs/cloudbase-wire.md §3–§5) into a typed
 * operation: the filter, the update or replacement, the sort, page and projection, the pipeline, each
 * EJSON-decoded with `now` resolving `db.serverDate()`. Handlers resolve the transaction and the
 * collection a request names first, then decode the payload, so a missing collection is the error a
 * caller sees even when the payload is bad too.
 */
import type { AdminBody } from '../contracts'
import type { SortSpec } from './collection'
import { checkFieldNames, decode, parseWire } from './ejson'
import { DbError } from './errors'
import { COLLECTION_NAME_PATTERN } from './manifest'

/** `get()` without `limit()` sends 100; the SDK cuts larger limits to 1000 (docs/cloudbase-wire.md §0.5). */
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000

export type Filter = Record<string, unknown>
type Now = () => number

/** `getDocument`: a page of matching documents. */
export interface FindOp {
  readonly query: Filter | undefined
  readonly projection: Record<string, unknown> | undefined
  readonly order: SortSpec
  readonly offset: number
  readonly limit: number
}

/** `modifyDocument`: `set()` replaces (`merge: false`), `update()` applies operators. */
export interface ModifyOp {
  readonly query: Filter | undefined
  readonly change:
    | { readonly kind: 'replace'; readonly doc: Record<string, unknown> }
    | { readonly kind: 'update'; readonly modifier: Record<string, unknown> }
  readonly multi: boolean
  readonly upsert: boolean
}

/** `removeDocument`: every match, or the first for `doc().remove()`. */
export interface RemoveOp {
  readonly query: Filter | undefined
  readonly multi: boolean
}

/** The transaction a CRUD request runs in; the SDK leaves the field out when there is none. */
export function transactionIdOf(body: AdminBody): string | undefined {
  const id = body.transactionId
  return id === undefined || id === null || id === '' ? undefined : String(id)
}

export function decodeQuery(body: AdminBody, now: Now): Filter | undefined {
  if (body.query === undefined || body.query === null) return undefined
  const q = typeof body.query === 'string' ? parseWire(body.query, 'query', now) : decode(body.query, now)
  if (!q || typeof q !== 'object' || Array.isArray(q))
    throw new DbError('INVALID_PARAM', 'query must be an object')
  return q as Filter
}

export function decodeFind(body: AdminBody, now: Now): FindOp {
  const query = decodeQuery(body, now)
  const projection = body.projection ? decodeDocument(body.projection, 'projection', now) : undefined
  const order = decodeOrder(body, now)
  const offset = decodeOffset(body.offset)
  const limit = decodeLimit(body.limit)
  return { query, projection, order, offset, limit }
}

/** The documents of `insertDocument`: the SDK always sends an array of EJSON strings. */
export function decodeInsert(body: AdminBody, now: Now): Record<string, unknown>[] {
  const raw: unknown[] = Array.isArray(body.data) ? body.data : [body.data]
  if (raw.length === 0) throw new DbError('INVALID_PARAM', 'data must not be empty')
  return raw.map((text) => decodeDocument(text, 'data', now))
}

export function decodeModify(body: AdminBody, now: Now): ModifyOp {
  const query = decodeQuery(body, now)
  const data = decodeDocument(body.data, 'data', now)
  const multi = body.queryType !== 'DOC' && body.multi === true
  const upsert = body.upsert === true
  if (body.merge === false) {
    if (Object.keys(data).some((k) => k.startsWith('$'))) {
      throw new DbError('INVALID_PARAM', 'a replacement document may not contain update operators')
    }
    checkFieldNames(data)
    return { query, change: { kind: 'replace', doc: data }, multi, upsert }
  }
  if (Object.keys(data).length === 0) throw new DbError('INVALID_PARAM', 'update data must not be empty')
  return { query, change: { kind: 'update', modifier: modifierOf(data) }, multi, upsert }
}

export function decodeRemove(body: AdminBody, now: Now): RemoveOp {
  return { query: decodeQuery(body, now), multi: body.queryType !== 'DOC' && body.multi !== false }
}

/** The name `addCollection` asks for, held to the manifest's naming rule. */
export function decodeNewCollection(body: AdminBody): string {
  const name = body.collectionName
  if (typeof name !== 'string' || !COLLECTION_NAME_PATTERN.test(name)) {
    throw new DbError(
      'INVALID_PARAM',
      'collectionName must start with a letter and hold letters, digits, _ or -',
    )
  }
  return name
}

/** `aggregateDocuments` stages as mingo takes them: `{ $stage: argument }`. */
export function decodePipeline(body: AdminBody, now: Now): Record<string, unknown>[] {
  if (!Array.isArray(body.stages)) throw new DbError('INVALID_PARAM', 'stages must be an array')
  return body.stages.map((s: unknown) => {
    const { stageKey, stageValue } = (s ?? {}) as { stageKey?: unknown; stageValue?: unknown }
    if (typeof stageKey !== 'string' || !stageKey.startsWith('$')) {
      throw new DbError('INVALID_PARAM', 'every stage needs a stageKey such as $match')
    }
    return {
      [stageKey]:
        typeof stageValue === 'string' ? parseWire(stageValue, stageKey, now) : decode(stageValue, now),
    }
  })
}

function decodeOrder(body: AdminBody, now: Now): SortSpec {
  if (body.order === undefined || body.order === null || body.order === '') return []
  const o = parseWire(body.order, 'order', now)
  if (!o || typeof o !== 'object' || Array.isArray(o))
    throw new DbError('INVALID_PARAM', 'order must be an object')
  return Object.entries(o).map(([f, d]) => {
    const dir = d === 1 || d === 'asc' ? 1 : d === -1 || d === 'desc' ? -1 : 0
    if (!dir) throw new DbError('INVALID_PARAM', `order of ${f} must be 1 or -1`)
    return [f, dir]
  })
}

/** 0 and absent both mean the default, as in the SDK. */
function decodeLimit(v: unknown): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0
  if (!Number.isInteger(n) || n < 0)
    throw new DbError('INVALID_PARAM', 'limit must be a non-negative integer')
  return n === 0 ? DEFAULT_LIMIT : Math.min(n, MAX_LIMIT)
}

function decodeOffset(v: unknown): number {
  if (v === undefined || v === null) return 0
  const n = typeof v === 'number' ? v : Number(v)
  if (!Number.isInteger(n) || n < 0)
    throw new DbError('INVALID_PARAM', 'offset must be a non-negative integer')
  return n
}

function decodeDocument(text: unknown, what: string, now: Now): Record<string, unknown> {
  const d = typeof text === 'string' ? parseWire(text, what, now) : decode(text, now)
  if (!d || typeof d !== 'object' || Array.isArray(d) || d instanceof Date) {
    throw new DbError('INVALID_PARAM', `${what} must be an object`)
  }
  return d as Record<string, unknown>
}

/** Normalizes an update: bare fields become `$set`; `_id` may not change. */
function modifierOf(data: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(data)
  const ops = keys.filter((k) => k.startsWith('$'))
  if (ops.length > 0 && ops.length < keys.length) {
    throw new DbError('INVALID_PARAM', 'update data mixes operators and plain fields')
  }
  const mod = ops.length === 0 ? { $set: data } : data
  for (const [op, arg] of Object.entries(mod)) {
    if (!arg || typeof arg !== 'object' || Array.isArray(arg)) {
      throw new DbError('INVALID_PARAM', `the argument of ${op} must be an object`)
    }
    for (const p of Object.keys(arg)) {
      if (
        p === '_id' ||
        p.startsWith('_id.') ||
        (op === '$rename' && (arg as Record<string, unknown>)[p] === '_id')
      ) {
        throw new DbError(
          'INVALID_PARAM',
          "Performing an update on the path '_id' would modify the immutable field '_id'",
        )
      }
    }
  }
  return mod
}
