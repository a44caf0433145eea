/**
 * The emulator's own reads and writes (sent-message sink, grants, dev console) go through the database's
 * admin service in the same wire format wx-server-sdk uses (docs/cloudbase-wire.md §2–§3), in process,
 * without HTTP: the one stable interface of the database, and atomic per request as every SDK call is.
 */
import { UNBILLED, type AdminBody, type AdminReply, type AdminService } from '../contracts'
import type { Json } from '../db/ejson'

export class WireDbError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`)
  }
}

/** Canonical EJSON, as the SDK sends it. */
export function toEjson(v: unknown): Json {
  if (v === null || v === undefined) return null
  if (v instanceof Date) return { $date: { $numberLong: String(v.getTime()) } }
  if (typeof v === 'number') {
    if (Number.isInteger(v))
      return Math.abs(v) <= 0x7fffffff ? { $numberInt: String(v) } : { $numberLong: String(v) }
    return { $numberDouble: String(v) }
  }
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.map(toEjson)
  if (typeof v === 'object') {
    const out: Record<string, Json> = {}
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = toEjson(x)
    return out
  }
  return String(v)
}

/** Relaxed EJSON back to plain values (dates become Date). */
export function fromEjson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromEjson)
  if (v === null || typeof v !== 'object') return v
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
  if (keys.length === 1) {
    const [k] = keys
    if (k === '$numberInt' || k === '$numberDouble' || k === '$numberLong') return Number(o[k])
    if (k === '$oid') return String(o[k])
    if (k === '$date') {
      const d = o[k]
      if (typeof d === 'number' || typeof d === 'string')
        return new Date(typeof d === 'string' && !/^-?\d+$/.test(d) ? d : Number(d))
      if (d && typeof d === 'object' && '$numberLong' in d)
        return new Date(Number((d as { $numberLong: string }).$numberLong))
    }
  }
  const out: Record<string, unknown> = {}
  for (const k of keys) out[k] = fromEjson(o[k])
  return out
}

const enc = (v: unknown): string => JSON.stringify(toEjson(v))

export interface FindOptions {
  readonly order?: Record<string, 1 | -1>
  readonly limit?: number
  readonly offset?: number
}

export class WireDb {
  constructor(
    private readonly admin: () => AdminService,
    private readonly envId: string,
  ) {}

  private async call(body: AdminBody): Promise<AdminReply> {
    const reply = await this.admin().handle({ envName: this.envId, ...body, [UNBILLED]: true }, this.envId)
    if (!reply) throw new WireDbError('INVALID_PARAM', `no service answers ${body.action}`)
    if (reply.code) throw new WireDbError(String(reply.code), String(reply.message ?? ''))
    return reply
  }

  async insert(collection: string, doc: Record<string, unknown>): Promise<string> {
    const body = { action: 'database.insertDocument', collectionName: collection, data: [enc(doc)] }
    let reply: AdminReply
    try {
      reply = await this.call(body)
    } catch (err) {
      if (!(err instanceof WireDbError) || err.code !== 'DATABASE_COLLECTION_NOT_EXIST') throw err
      await this.call({ action: 'database.addCollection', collectionName: collection }).catch(() => undefined)
      reply = await this.call(body)
    }
    return String((reply.data as { insertedIds?: unknown[] } | undefined)?.insertedIds?.[0] ?? doc._id ?? '')
  }

  async find<T = Record<string, unknown>>(
    collection: string,
    query: Record<string, unknown> | undefined,
    opts: FindOptions = {},
  ): Promise<T[]> {
    const body: AdminBody = {
      action: 'database.getDocument',
      collectionName: collection,
      queryType: 'WHERE',
      limit: Math.min(opts.limit ?? 100, 1000),
    }
    if (query) body.query = enc(query)
    if (opts.order) body.order = enc(opts.order)
    if (opts.offset) body.offset = opts.offset
    const reply = await this.call(body).catch(missingAs(undefined))
    const list = (reply?.data as { list?: unknown[] } | undefined)?.list ?? []
    return list.map((s) => fromEjson(typeof s === 'string' ? JSON.parse(s) : s) as T)
  }

  async count(collection: string, query?: Record<string, unknown>): Promise<number> {
    const body: AdminBody = {
      action: 'database.calculateDocument',
      collectionName: collection,
      queryType: 'WHERE',
    }
    if (query) body.query = enc(query)
    const reply = await this.call(body).catch(missingAs(undefined))
    return Number((reply?.data as { total?: unknown } | undefined)?.total ?? 0)
  }

  /** A Mongo-style update (`$inc`, `$set`); `multi: false` touches the first match only. */
  async update(
    collection: string,
    query: Record<string, unknown>,
    update: Record<string, unknown>,
    opts: { multi?: boolean } = {},
  ): Promise<number> {
    const body = {
      action: 'database.modifyDocument',
      collectionName: collection,
      queryType: 'WHERE',
      query: enc(query),
      data: enc(update),
      multi: opts.multi ?? false,
      merge: true,
      upsert: false,
    }
    const reply = await this.call(body).catch(missingAs(undefined))
    return Number((reply?.data as { updated?: unknown } | undefined)?.updated ?? 0)
  }

  async remove(collection: string, query: Record<string, unknown>): Promise<number> {
    const body = {
      action: 'database.removeDocument',
      collectionName: collection,
      queryType: 'WHERE',
      query: enc(query),
      multi: true,
    }
    const reply = await this.call(body).catch(missingAs(undefined))
    return Number((reply?.data as { deleted?: unknown } | undefined)?.deleted ?? 0)
  }
}

/** A collection nobody wrote yet reads as empty. */
const missingAs =
  <T>(value: T) =>
  (err: unknown): T => {
    if (err instanceof WireDbError && err.code === 'DATABASE_COLLECTION_NOT_EXIST') return value
    throw err
  }
