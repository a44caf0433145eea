/**
 * Typed reads and writes over wx-server-sdk, whose declarations type results loosely. Documents are
 * validated by the caller where their shape matters (zod schemas in types/).
 */
import type { z } from 'zod'
import type { Database } from './cloud'

export async function getById<T>(db: Database, collection: string, id: string): Promise<T | null> {
  const res = (await db.collection(collection).doc(id).get()) as unknown as { data?: T | null }
  return res.data ?? null
}

export async function findMany<T>(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
  opts: {
    orderBy?: readonly [string, 'asc' | 'desc'][]
    skip?: number
    limit?: number
    fields?: Record<string, boolean>
  } = {},
): Promise<T[]> {
  let q = db.collection(collection).where(where)
  for (const [field, dir] of opts.orderBy ?? []) q = q.orderBy(field, dir)
  if (opts.skip) q = q.skip(opts.skip)
  q = q.limit(opts.limit ?? 100)
  if (opts.fields) q = q.field(opts.fields)
  const res = (await q.get()) as unknown as { data: T[] }
  return res.data
}

/** Options of a read that pages through every match: one sort key, a projection, a cap on rows read. */
export interface ReadAllOptions {
  readonly orderBy?: readonly [string, 'asc' | 'desc']
  readonly fields?: Record<string, boolean>
  readonly max?: number
}

/** CloudBase returns at most this many documents per request. */
const PAGE = 1000

/**
 * The documents matching `where`, one page of 1000 at a time, until a short page or `max` documents
 * (no cap when absent). The next page is read only when the caller asks for it.
 */
export async function* pages<T>(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
  opts: ReadAllOptions = {},
): AsyncGenerator<T[], void, undefined> {
  const max = opts.max ?? Number.POSITIVE_INFINITY
  let read = 0
  for (;;) {
    let q = db.collection(collection).where(where)
    if (opts.orderBy) q = q.orderBy(opts.orderBy[0], opts.orderBy[1])
    if (read) q = q.skip(read)
    q = q.limit(PAGE)
    if (opts.fields) q = q.field(opts.fields)
    const res = (await q.get()) as unknown as { data: T[] }
    read += res.data.length
    yield res.data
    if (res.data.length < PAGE || read >= max) return
  }
}

/** Reads every document matching `where` (CloudBase returns at most 1000 per request); `max` 10 000 by default. */
export async function readAll<T>(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
  opts: ReadAllOptions = {},
): Promise<T[]> {
  const out: T[] = []
  for await (const page of pages<T>(db, collection, where, { ...opts, max: opts.max ?? 10_000 }))
    out.push(...page)
  return out
}

export async function countWhere(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
): Promise<number> {
  const res = (await db.collection(collection).where(where).count()) as unknown as { total: number }
  return res.total
}

/**
 * A conditional update (`where` … `update`) in one request; the number of documents it changed, so the
 * caller can tell whether its condition still held.
 */
export async function updateWhere(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
  data: Record<string, unknown>,
): Promise<number> {
  const res = (await db.collection(collection).where(where).update({ data })) as unknown as {
    stats: { updated: number }
  }
  return res.stats.updated
}

/** Optional fields are left out rather than sent as `undefined`; Dates and db commands pass through. */
export function stripUndefined<T>(v: T): T {
  if (Array.isArray(v)) return v.map(stripUndefined) as T
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = stripUndefined(x)
    return out as T
  }
  return v
}

/** The rows that fit the schema, parsed; a row that does not (an older or hand-edited document) is skipped. */
export function validDocs<S extends z.ZodType>(schema: S, rows: readonly unknown[]): z.output<S>[] {
  return rows.flatMap((r) => {
    const p = schema.safeParse(r)
    return p.success ? [p.data] : []
  })
}
