/**
 * Repositories: the only code that talks to a collection. Each one is typed by the registry
 * (`./collections.ts`): what it reads is parsed with the collection's schema, what it writes is checked
 * against it first, so a document that drifts from `types/` fails here, loudly, instead of on a resident's
 * screen. Each method is exactly one database request (a list read that pages makes one per page), so the
 * request counts pinned by the round-trip tests are what the calls below add up to.
 *
 * Reads: a missing document is `null`; a stored document that no longer fits its schema is a fault — `get`
 * throws, list reads leave it out and log it (one bad row must not take a whole inbox down).
 */
import { z } from 'zod'
import type { Command, Database } from '../cloud'
import { logLine } from '../log'
import { COLLECTIONS, type CollectionName, type DocOf, type DocSchema, type NewDocOf } from './collections'
import { claimedByWriter, noteWritten } from './written'

// ---- types ------------------------------------------------------------------------------------------

/**
 * A query condition: the document's own fields by name (values or query commands), dotted paths too, or a
 * logic command (`_.and([...])`, `_.or([...])`) for alternatives across fields.
 */
export type Where<N extends CollectionName> = WhereFields<N> | LogicCommand
export type WhereFields<N extends CollectionName> = { readonly [K in keyof DocOf<N>]?: unknown } & {
  readonly [path: `${string}.${string}`]: unknown
}
/** What `_.and()` / `_.or()` return. */
export type LogicCommand = ReturnType<Command['and']>

/**
 * An update: top-level fields get a value of their type or an update command (`_.inc`, `_.push`,
 * `_.remove`, `_.set` …); dotted paths reach inside nested objects. Plain values are checked against the
 * field's schema before the request is sent.
 */
export type Patch<N extends CollectionName> = {
  readonly [K in keyof DocOf<N>]?: DocOf<N>[K] | UpdateCommand
} & { readonly [path: `${string}.${string}`]: unknown }

/** What `_.inc()`, `_.set()`, `_.remove()` … return (opaque to the type system: the SDK declares it empty). */
export type UpdateCommand = ReturnType<Command['inc']>

type Fields<D> = keyof D & string
/** Which fields to read: all listed as `true` (and `_id`), or all but those listed as `false`. */
export type Projection<D> = { readonly [K in Fields<D>]?: true } | { readonly [K in Fields<D>]?: false }
/** The document shape a projection reads. */
export type Projected<D, P> = P extends { readonly [K in Fields<D>]?: true }
  ? Pick<D, Extract<keyof P, keyof D> | ('_id' extends keyof D ? '_id' : never)>
  : P extends { readonly [K in Fields<D>]?: false }
    ? // Key remapping rather than Omit: Omit over a loose schema's index signature would drop every named field.
      { [K in keyof D as K extends keyof P ? never : K]: D[K] }
    : D

export interface FindOptions<D> {
  readonly orderBy?: readonly (readonly [Fields<D> | `${string}.${string}`, 'asc' | 'desc'])[]
  readonly skip?: number
  /** At most 1000 (CloudBase's cap); 100 when absent, as the SDK sends. */
  readonly limit?: number
}

export interface ReadAllOptions<D> {
  readonly orderBy?: readonly [Fields<D> | `${string}.${string}`, 'asc' | 'desc']
  /** Stop after this many documents (no cap for `pages`; 10 000 for `readAll`). */
  readonly max?: number
}

export interface Repo<N extends CollectionName> {
  readonly name: N
  get(id: string): Promise<DocOf<N> | null>
  find(where: Where<N>, opts?: FindOptions<DocOf<N>>): Promise<DocOf<N>[]>
  find<P extends Projection<DocOf<N>>>(
    where: Where<N>,
    opts: FindOptions<DocOf<N>> & { readonly fields: P },
  ): Promise<Projected<DocOf<N>, P>[]>
  /** Every match, one page of 1000 per request, read only as the caller asks for the next page. */
  pages(where: Where<N>, opts?: ReadAllOptions<DocOf<N>>): AsyncGenerator<DocOf<N>[], void, undefined>
  pages<P extends Projection<DocOf<N>>>(
    where: Where<N>,
    opts: ReadAllOptions<DocOf<N>> & { readonly fields: P },
  ): AsyncGenerator<Projected<DocOf<N>, P>[], void, undefined>
  /**
   * Every match in `_id` order, 1000 per request, paging by an `_id` cursor: each page is an indexed range
   * however deep the read goes, and a stored row that fails to parse (left out, logged) does not end it early.
   */
  scan(where: Where<N>): Promise<DocOf<N>[]>
  scan<P extends Projection<DocOf<N>>>(
    where: Where<N>,
    opts: { readonly fields: P },
  ): Promise<Projected<DocOf<N>, P>[]>
  readAll(where: Where<N>, opts?: ReadAllOptions<DocOf<N>>): Promise<DocOf<N>[]>
  readAll<P extends Projection<DocOf<N>>>(
    where: Where<N>,
    opts: ReadAllOptions<DocOf<N>> & { readonly fields: P },
  ): Promise<Projected<DocOf<N>, P>[]>
  count(where: Where<N>): Promise<number>
  /** Inserts the document (its `_id` when given, else a generated one) and returns the `_id`. */
  add(doc: NewDocOf<N>): Promise<string>
  /**
   * Inserts several documents in one request; all or none (a duplicate `_id` refuses the whole batch).
   * Returns their `_id`s in order.
   */
  addMany(docs: readonly NewDocOf<N>[]): Promise<string[]>
  /** Creates or replaces the document with this id. */
  set(id: string, doc: Omit<NewDocOf<N>, '_id'>): Promise<void>
  /** Updates one document; the number changed (0 when it does not exist). */
  update(id: string, patch: Patch<N>): Promise<number>
  /** A conditional update in one request; how many documents still matched and changed. */
  updateWhere(where: Where<N>, patch: Patch<N>): Promise<number>
  remove(id: string): Promise<number>
  removeWhere(where: Where<N>): Promise<number>
  /**
   * An aggregation: `build` adds the stages to the collection's pipeline, `result` parses each output row
   * (aggregation rows are not documents of the collection, so they bring their own schema).
   */
  aggregate<R extends z.ZodType>(build: (pipeline: Aggregate) => Aggregate, result: R): Promise<z.output<R>[]>
}

export type Aggregate = ReturnType<ReturnType<Database['collection']>['aggregate']>

/** Every collection's repository over one database handle. */
export type Store = { readonly [N in CollectionName]: Repo<N> }

// ---- schema checks ----------------------------------------------------------------------------------

export const schemaOf = <N extends CollectionName>(name: N): DocSchema =>
  COLLECTIONS[name].schema as DocSchema

/** A document that does not fit its collection's schema: a programming fault, reported as INTERNAL. */
export class DocumentShapeError extends Error {
  constructor(
    readonly collection: string,
    readonly issues: readonly { path: string; message: string }[],
    readonly id?: string,
  ) {
    super(
      `${collection}${id ? `/${id}` : ''} does not fit its schema: ` +
        issues
          .slice(0, 3)
          .map((i) => `${i.path || '(document)'}: ${i.message}`)
          .join('; '),
    )
    this.name = 'DocumentShapeError'
  }
}

const issuesOf = (err: z.ZodError, prefix = '') =>
  err.issues.map((i) => ({
    path: [prefix, ...i.path.map(String)].filter(Boolean).join('.'),
    message: i.message,
  }))

export function parseDoc<S extends z.ZodType>(collection: string, schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw)
  if (r.success) return r.data
  throw new DocumentShapeError(collection, issuesOf(r.error), idOf(raw))
}

const idOf = (raw: unknown): string | undefined => {
  const id = (raw as { _id?: unknown } | null)?._id
  return typeof id === 'string' ? id : undefined
}

/**
 * Whether a value is, or holds inside a plain object, an SDK command (`_.inc(1)`, `{ a: _.inc(1) }`): its
 * effect depends on what is stored, which only the database knows, so it is passed through unchecked.
 */
function holdsCommand(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v instanceof Date || Array.isArray(v)) return false
  if (Object.getPrototypeOf(v) !== Object.prototype) return true
  return Object.values(v).some(holdsCommand)
}

/**
 * Checks the plain values of an update against their fields' schemas. Commands and dotted paths are passed
 * through: their effect depends on what is stored, which only the database knows.
 */
export function checkPatch(collection: CollectionName, patch: Readonly<Record<string, unknown>>): void {
  const schema = schemaOf(collection)
  const shape = schema.shape as unknown as Record<string, z.ZodType>
  const issues: { path: string; message: string }[] = []
  for (const [key, value] of Object.entries(patch)) {
    if (key === '_id') {
      issues.push({ path: '_id', message: '_id cannot be updated' })
      continue
    }
    if (key.includes('.') || value === undefined || holdsCommand(value)) continue
    const field = shape[key]
    if (!field) {
      // A strict schema names every field; a loose one keeps extra fields as they come.
      if (schema._zod.def.catchall?._zod.def.type === 'never')
        issues.push({ path: key, message: 'unknown field' })
      continue
    }
    const r = field.safeParse(value)
    if (!r.success) issues.push(...issuesOf(r.error, key))
  }
  if (issues.length) throw new DocumentShapeError(collection, issues)
}

/** Throws `DocumentShapeError` unless `doc` fits its collection's schema (for writers outside a repository). */
export function checkDoc(collection: CollectionName, doc: unknown): void {
  const r = schemaOf(collection).safeParse(doc)
  if (!r.success) throw new DocumentShapeError(collection, issuesOf(r.error), idOf(doc))
}

// Projections parse with the matching part of the schema; built once per (collection, projection).
const projectionSchemas = new Map<string, z.ZodType>()
function projectionSchema(collection: CollectionName, fields: Readonly<Record<string, boolean>> | undefined) {
  const schema = schemaOf(collection)
  if (!fields) return schema
  const key = `${collection}:${JSON.stringify(fields)}`
  let s = projectionSchemas.get(key)
  if (!s) {
    const names = Object.keys(fields).filter((k) => k in schema.shape)
    const including = Object.values(fields).some((v) => v)
    const mask = Object.fromEntries(names.map((k) => [k, true as const]))
    s = including
      ? schema.pick({ ...mask, ...(fields._id === false ? {} : { _id: true }) } as never)
      : schema.omit(mask as never)
    projectionSchemas.set(key, s)
  }
  return s
}

/** The rows that fit; a row that does not is logged once per read and left out. */
export function parseRows<T>(collection: CollectionName, schema: z.ZodType, rows: readonly unknown[]): T[] {
  const out: T[] = []
  for (const row of rows) {
    const r = schema.safeParse(row)
    if (r.success) out.push(r.data as T)
    else
      logLine('error', {
        outcome: 'bad-document',
        collection,
        id: idOf(row),
        issue: `${r.error.issues[0]?.path.join('.')}: ${r.error.issues[0]?.message}`,
      })
  }
  return out
}

// ---- the repository -----------------------------------------------------------------------------------

/** CloudBase returns at most this many documents per request. */
export const MAX_PAGE = 1000

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

/**
 * A missing document as null: a database made with `throwOnNotFound: false` answers `{ data: null }`, one
 * without it — and every transaction, which that option does not reach — throws "does not exist".
 */
async function orNull(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return (await read()) ?? null
  } catch (err) {
    if (/does not exist/.test(String((err as Error)?.message ?? err))) return null
    throw err
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype
const including = (fields: object) => Object.values(fields).some((v) => v === true)

type RawQuery = ReturnType<Database['collection']>
type Rows = { data: unknown[] }

export function repo<N extends CollectionName>(db: Database, name: N): Repo<N> {
  const coll = (): RawQuery => db.collection(name)
  const query = (where: object) => coll().where(where as Record<string, unknown>)

  async function find(where: Where<N>, opts: FindOptions<DocOf<N>> & { fields?: object } = {}) {
    let q = query(where)
    for (const [field, dir] of opts.orderBy ?? []) q = q.orderBy(field, dir)
    if (opts.skip) q = q.skip(opts.skip)
    q = q.limit(opts.limit ?? 100)
    if (opts.fields) q = q.field(opts.fields)
    const res = (await q.get()) as unknown as Rows
    return parseRows(name, projectionSchema(name, opts.fields as Record<string, boolean>), res.data)
  }

  async function* pages(where: Where<N>, opts: ReadAllOptions<DocOf<N>> & { fields?: object } = {}) {
    const max = opts.max ?? Number.POSITIVE_INFINITY
    const schema = projectionSchema(name, opts.fields as Record<string, boolean>)
    let read = 0
    for (;;) {
      let q = query(where)
      if (opts.orderBy) q = q.orderBy(opts.orderBy[0], opts.orderBy[1])
      if (read) q = q.skip(read)
      q = q.limit(MAX_PAGE)
      if (opts.fields) q = q.field(opts.fields)
      const res = (await q.get()) as unknown as Rows
      read += res.data.length
      yield parseRows(name, schema, res.data)
      if (res.data.length < MAX_PAGE || read >= max) return
    }
  }

  async function scan(where: Where<N>, opts: { fields?: object } = {}) {
    const _ = db.command
    const schema = projectionSchema(name, opts.fields as Record<string, boolean>)
    // A plain condition without its own `_id` takes the cursor as one more field, so its indexes still apply.
    const plain = isPlainObject(where) && !('_id' in where)
    const out: unknown[] = []
    let last: string | undefined
    for (;;) {
      const after = last === undefined ? null : { _id: _.gt(last) }
      const cond = !after ? where : plain ? { ...where, ...after } : _.and([where as object, after])
      let q = query(cond).orderBy('_id', 'asc').limit(MAX_PAGE)
      if (opts.fields) q = q.field({ ...opts.fields, ...(including(opts.fields) ? { _id: true } : {}) })
      const rows = ((await q.get()) as unknown as Rows).data
      out.push(...parseRows(name, schema, rows))
      if (rows.length < MAX_PAGE) return out
      last = idOf(rows[rows.length - 1])
      if (last === undefined) return out
    }
  }

  const r: Repo<N> = {
    name,
    scan: scan as Repo<N>['scan'],
    async get(id) {
      const raw = await orNull(
        async () => ((await coll().doc(id).get()) as unknown as { data?: unknown }).data,
      )
      return raw ? (parseDoc(name, schemaOf(name), raw) as DocOf<N>) : null
    },
    find: find as Repo<N>['find'],
    pages: pages as Repo<N>['pages'],
    readAll: (async (where: Where<N>, opts: ReadAllOptions<DocOf<N>> = {}) => {
      const out: unknown[] = []
      for await (const page of pages(where, { ...opts, max: opts.max ?? 10_000 })) out.push(...page)
      return out
    }) as Repo<N>['readAll'],
    async count(where) {
      const res = (await query(where).count()) as unknown as { total: number }
      return res.total
    },
    async add(doc) {
      const data = claiming(name, stripUndefined(doc))
      checkDoc(name, { ...data, _id: (data as { _id?: unknown })._id ?? 'new' })
      const res = (await coll().add({ data })) as unknown as { _id: string }
      if (name === 'messages') noteWritten([data])
      return res._id
    },
    async addMany(docs) {
      if (docs.length === 0) return []
      const data = docs.map((d) => claiming(name, stripUndefined(d)))
      for (const d of data) checkDoc(name, { ...d, _id: (d as { _id?: unknown })._id ?? 'new' })
      const res = (await coll().add({ data })) as unknown as { _ids?: string[]; _id?: string }
      if (name === 'messages') noteWritten(data)
      return res._ids ?? (res._id ? [res._id] : [])
    },
    async set(id, doc) {
      const data = stripUndefined(doc) as Record<string, unknown>
      checkDoc(name, { ...data, _id: id })
      await coll().doc(id).set({ data })
    },
    async update(id, patch) {
      const data = stripUndefined(patch) as Record<string, unknown>
      checkPatch(name, data)
      const res = (await coll().doc(id).update({ data })) as unknown as { stats?: { updated?: number } }
      return res.stats?.updated ?? 0
    },
    async updateWhere(where, patch) {
      const data = stripUndefined(patch) as Record<string, unknown>
      checkPatch(name, data)
      const res = (await query(where).update({ data })) as unknown as { stats: { updated: number } }
      return res.stats.updated
    },
    async remove(id) {
      const res = (await coll().doc(id).remove()) as unknown as { stats?: { removed?: number } }
      return res.stats?.removed ?? 0
    },
    async removeWhere(where) {
      const res = (await query(where).remove()) as unknown as { stats?: { removed?: number } }
      return res.stats?.removed ?? 0
    },
    async aggregate(build, result) {
      const res = (await build(coll().aggregate()).end()) as unknown as { list: unknown[] }
      return res.list.map((row) => parseDoc(`${name} aggregate`, result, row))
    },
  }
  return r
}

const stores = new WeakMap<Database, Store>()

/** The repositories of every collection over `db` (made once per database handle). */
export function storeOf(db: Database): Store {
  let s = stores.get(db)
  if (!s) {
    const built: Partial<Record<CollectionName, unknown>> = {}
    for (const name of Object.keys(COLLECTIONS) as CollectionName[]) built[name] = repo(db, name)
    s = built as Store
    stores.set(db, s)
  }
  return s
}

// ---- transactions -------------------------------------------------------------------------------------

/** One collection inside a transaction: reads see the transaction's snapshot, writes commit together. */
export interface TxRepo<N extends CollectionName> {
  get(id: string): Promise<DocOf<N> | null>
  add(doc: NewDocOf<N>): Promise<void>
  set(id: string, doc: Omit<NewDocOf<N>, '_id'>): Promise<void>
  update(id: string, patch: Patch<N>): Promise<void>
  remove(id: string): Promise<void>
}
export type TxStore = { readonly [N in CollectionName]: TxRepo<N> }

interface RawTx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<{ data: unknown }>
      set(o: { data: unknown }): Promise<unknown>
      update(o: { data: unknown }): Promise<unknown>
      remove(): Promise<unknown>
    }
    add(o: { data: unknown }): Promise<unknown>
  }
}

function txRepo<N extends CollectionName>(tx: RawTx, name: N, added: unknown[]): TxRepo<N> {
  const doc = (id: string) => tx.collection(name).doc(id)
  return {
    async get(id) {
      const raw = await orNull(async () => (await doc(id).get()).data)
      return raw ? (parseDoc(name, schemaOf(name), raw) as DocOf<N>) : null
    },
    async add(d) {
      const data = claiming(name, stripUndefined(d))
      checkDoc(name, { ...data, _id: (data as { _id?: unknown })._id ?? 'new' })
      await tx.collection(name).add({ data })
      if (name === 'messages') added.push(data)
    },
    async set(id, d) {
      const data = stripUndefined(d) as Record<string, unknown>
      checkDoc(name, { ...data, _id: id })
      await doc(id).set({ data })
    },
    async update(id, patch) {
      const data = stripUndefined(patch) as Record<string, unknown>
      checkPatch(name, data)
      await doc(id).update({ data })
    },
    async remove(id) {
      await doc(id).remove()
    },
  }
}

/**
 * Runs `body` in a database transaction (optimistic: a conflicting commit makes the SDK run it again, so
 * `body` must only read and write through `tx`). What `body` returns is the transaction's result.
 */
export async function transaction<T>(db: Database, body: (tx: TxStore) => Promise<T>): Promise<T> {
  // Messages added by the attempt that committed (a conflict runs `body` again from the start).
  let added: unknown[] = []
  const result = (await db.runTransaction(async (raw: RawTx) => {
    added = []
    const built: Partial<Record<CollectionName, unknown>> = {}
    const tx = new Proxy(built, {
      get: (target, prop) => {
        const name = prop as CollectionName
        if (!(name in COLLECTIONS)) return undefined
        return (target[name] ??= txRepo(raw, name, added))
      },
    }) as TxStore
    return body(tx)
  })) as T
  noteWritten(added)
  return result
}

/** A message written inside an invocation is written claimed by it (written.ts); other documents as they are. */
function claiming<D>(name: CollectionName, doc: D): D {
  return name === 'messages' ? claimedByWriter(doc) : doc
}
