/**
 * The local CloudBase document database: answers the `database.*` actions of POST /admin exactly as
 * wx-server-sdk expects them (cloudbase-wire.md §3–§6), keeps every collection in memory with the
 * manifest's indexes, and makes each acknowledged write durable in the journal (./journal.ts) first.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { Aggregator, Query, update as mingoUpdate } from 'mingo'
import { isEqual, resolve } from 'mingo/util'
import type { Clock } from '../clock'
import type { AdminBody, AdminReply, AdminService } from '../contracts'
import {
  Collection,
  compileFilter,
  duplicateKeyError,
  encodeDoc,
  isIdOnly,
  idKey,
  makeSorter,
  type Doc,
  type IndexSpec,
  type QueryOpts,
  type QueryPlan,
  type SortSpec,
} from './collection'
import { checkFieldNames, clonePlain, decode, encode, parseWire } from './ejson'
import { collectionNotExist, DbError, fromMingo } from './errors'
import { Journal } from './journal'
import { COLLECTION_NAME_PATTERN, loadManifest } from './manifest'

/** Aggregation stages that never modify the documents they read (mingo builds new objects for their output). */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$sortByCount'])

/** Largest stored document, as its EJSON text (MongoDB's and CloudBase's BSON limit is 16 MB). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
/** `get()` without `limit()` returns this many; the SDK clamps larger limits to MAX_LIMIT (wire §0.5). */
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000
/** An open transaction left untouched this long is discarded (MongoDB's transactionLifetimeLimitSeconds). */
export const TRANSACTION_IDLE_MS = 60_000

export interface FindOptions {
  /** `{ field: 1 | -1 }` in priority order, or `[field, dir]` pairs. */
  sort?: Record<string, 1 | -1> | SortSpec
  limit?: number
  skip?: number
}

export interface LocalDatabase {
  readonly admin: AdminService
  close(): Promise<void>
  /** Inserts documents durably (honours `_id`, enforces unique indexes); all or nothing. */
  insertMany(collection: string, docs: object[]): Promise<void>
  /** Matching documents as plain copies (Dates stay Dates). */
  find(collection: string, filter?: object, opts?: FindOptions): Record<string, unknown>[]
  count(collection: string, filter?: object): number
  listCollections(): string[]
  /** True when no collection holds a document (the demo data has not been loaded). */
  isEmpty(): boolean
  /** Requests per wire action (e.g. `database.getDocument`) since start or the last reset. */
  requestCounts(): Record<string, number>
  resetRequestCounts(): void
  /** How the last query on a collection ran (index used, documents examined). */
  lastPlan(collection: string): QueryPlan | undefined
  /** Snapshots memory and starts a fresh journal. */
  compact(): Promise<void>
}

interface TxEntry {
  c: Collection
  id: string
  /** Version of the document when the transaction first touched it. */
  base: number
  /** undefined: only read; null: deleted; otherwise the new document. */
  doc?: Doc | null
}

interface Tx {
  id: string
  entries: Map<string, TxEntry>
  touched: number
}

interface Write {
  c: Collection
  id: string
  doc: Doc | undefined
}

const newId = (): string => randomBytes(16).toString('hex')
let reqSeq = 0
const rid = (): string => `db-${Date.now().toString(36)}-${(reqSeq++).toString(36)}`

export async function openDatabase(opts: {
  dataDir: string
  clock: Clock
  quiet?: boolean
  manifestPath?: string
  /** Journal size that triggers compaction (bytes); default 64 MiB, or LINLI_DB_COMPACT_BYTES. */
  compactAt?: number
}): Promise<LocalDatabase> {
  const now = (): number => opts.clock.now()
  const manifest = loadManifest(opts.manifestPath)
  const collections = new Map<string, Collection>()
  const created: string[] = []
  for (const c of manifest.collections)
    collections.set(c.name, new Collection(c.name, c.indexes as IndexSpec[]))
  const ensure = (name: string): Collection => {
    let c = collections.get(name)
    if (!c) {
      c = new Collection(name, [])
      collections.set(name, c)
      created.push(name)
    }
    return c
  }

  const { journal, recovery } = await Journal.open(
    join(opts.dataDir, 'db'),
    opts.compactAt ?? (Number(process.env.LINLI_DB_COMPACT_BYTES) || undefined),
  )
  for (const name of recovery.header?.created ?? []) ensure(name)
  const noDate = (): number => 0
  for (const line of recovery.snapshotLines) {
    const [name, doc] = JSON.parse(line) as [string, unknown]
    const d = decode(doc, noDate) as Doc
    ensure(name).loadRaw(idKey(d._id), d)
  }
  for (const record of recovery.journalRecords) {
    const rec = record as { w?: [string, unknown, unknown][]; cc?: string }
    if (rec.cc) ensure(rec.cc)
    for (const [name, id, doc] of rec.w ?? []) {
      ensure(name).loadRaw(idKey(decode(id, noDate)), doc === null ? undefined : (decode(doc, noDate) as Doc))
    }
  }
  for (const c of collections.values()) c.rebuildIndexes()
  if (recovery.droppedBytes > 0 && !opts.quiet) {
    console.warn(`[db] dropped ${recovery.droppedBytes} bytes of an unacknowledged, torn journal write`)
  }
  journal.snapshotSource = () => ({
    created: [...created],
    lines: (function* () {
      for (const c of collections.values()) {
        const prefix = `[${JSON.stringify(c.name)},`
        for (const d of c.docs.values()) yield prefix + encode(d) + ']'
      }
    })(),
  })

  let version = 0
  const transactions = new Map<string, Tx>()
  const counts: Record<string, number> = {}

  const coll = (name: unknown): Collection => {
    if (typeof name !== 'string' || name === '')
      throw new DbError('INVALID_PARAM', 'collectionName is required')
    const c = collections.get(name)
    if (!c) throw collectionNotExist(name)
    return c
  }

  /** Applies writes to memory atomically (unique indexes checked, undone on failure), then journals them. */
  function commit(writes: Write[]): Promise<void> {
    if (writes.length === 0) return Promise.resolve()
    const parts: string[] = []
    for (const w of writes) {
      // encodeDoc caches the text, so the first read of the stored document does not encode it again.
      const text = w.doc ? encodeDoc(w.doc) : 'null'
      if (text.length > MAX_DOCUMENT_BYTES) {
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          `document is larger than the ${MAX_DOCUMENT_BYTES} byte limit`,
        )
      }
      parts.push(`[${JSON.stringify(w.c.name)},${encode(w.doc ? w.doc._id : decodeIdKey(w.id))},${text}]`)
    }
    if (writes.length > 64 && writes.every((w) => w.c === writes[0].c)) {
      writes[0].c.bulkPut(writes, ++version)
      return journal.append(`{"w":[${parts.join(',')}]}`)
    }
    const undo: { c: Collection; id: string; old: Doc | undefined; ver: number | undefined }[] = []
    try {
      for (const w of writes) {
        if (w.doc) w.c.checkUnique(w.id, w.doc)
        const ver = w.c.versions.get(w.id)
        const old = w.c.put(w.id, w.doc, ++version)
        undo.push({ c: w.c, id: w.id, old, ver })
      }
    } catch (e) {
      for (const u of undo.reverse()) {
        u.c.put(u.id, u.old, u.ver ?? 0)
        if (u.ver === undefined) u.c.versions.delete(u.id)
      }
      throw e
    }
    return journal.append(`{"w":[${parts.join(',')}]}`)
  }

  // ---- transactions ----

  const txKey = (c: Collection, id: string): string => `${c.name}\u0000${id}`

  function getTx(body: AdminBody): Tx | undefined {
    const id = body.transactionId
    if (id === undefined || id === null || id === '') return undefined
    expireTransactions()
    const tx = transactions.get(String(id))
    if (!tx)
      throw new DbError(
        'DATABASE_TRANSACTION_FAIL',
        `transaction ${String(id)} does not exist or has expired`,
      )
    tx.touched = Date.now()
    return tx
  }

  function expireTransactions(): void {
    const limit = Date.now() - TRANSACTION_IDLE_MS
    for (const [id, tx] of transactions) if (tx.touched < limit) transactions.delete(id)
  }

  function noteRead(tx: Tx, c: Collection, id: string): void {
    const k = txKey(c, id)
    if (!tx.entries.has(k)) tx.entries.set(k, { c, id, base: c.versions.get(id) ?? 0 })
  }

  /** Documents of `c` as transaction `tx` sees them (its own writes laid over the committed state). */
  function query(c: Collection, filter: Record<string, unknown> | undefined, q: QueryOpts, tx?: Tx): Doc[] {
    if (!tx) return c.find(filter, q)
    const overlay = [...tx.entries.values()].filter((e) => e.c === c && e.doc !== undefined)
    let docs: Doc[]
    if (overlay.length === 0) docs = c.find(filter, q)
    else {
      const view = new Map(c.docs)
      for (const e of overlay) {
        if (e.doc) view.set(e.id, e.doc)
        else view.delete(e.id)
      }
      const test = compileFilter(filter)
      docs = [...view.values()].filter(test)
      if (q.sort?.length) docs.sort(makeSorter(q.sort))
      docs = docs.slice(q.skip ?? 0, (q.skip ?? 0) + (q.limit ?? Infinity))
    }
    for (const d of docs) noteRead(tx, c, idKey(d._id))
    // Reading a missing document by id counts too: a concurrent insert of it must conflict.
    if (docs.length === 0 && isIdOnly(filter)) noteRead(tx, c, idKey(filter!._id))
    return docs
  }

  function stage(tx: Tx | undefined, writes: Write[]): Promise<void> {
    if (!tx) return commit(writes)
    for (const w of writes) {
      const k = txKey(w.c, w.id)
      const e = tx.entries.get(k) ?? { c: w.c, id: w.id, base: w.c.versions.get(w.id) ?? 0 }
      e.doc = w.doc ?? null
      tx.entries.set(k, e)
    }
    return Promise.resolve()
  }

  // ---- request decoding ----

  const parseQuery = (body: AdminBody): Record<string, unknown> | undefined => {
    if (body.query === undefined || body.query === null) return undefined
    const q = typeof body.query === 'string' ? parseWire(body.query, 'query', now) : decode(body.query, now)
    if (!q || typeof q !== 'object' || Array.isArray(q))
      throw new DbError('INVALID_PARAM', 'query must be an object')
    return q as Record<string, unknown>
  }

  const parseOrder = (body: AdminBody): SortSpec => {
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

  const parseLimit = (v: unknown): number => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' ? Number(v) : 0
    if (!Number.isInteger(n) || n < 0)
      throw new DbError('INVALID_PARAM', 'limit must be a non-negative integer')
    return n === 0 ? DEFAULT_LIMIT : Math.min(n, MAX_LIMIT)
  }

  const parseOffset = (v: unknown): number => {
    if (v === undefined || v === null) return 0
    const n = typeof v === 'number' ? v : Number(v)
    if (!Number.isInteger(n) || n < 0)
      throw new DbError('INVALID_PARAM', 'offset must be a non-negative integer')
    return n
  }

  const parseDoc = (text: unknown, what: string): Record<string, unknown> => {
    const d = typeof text === 'string' ? parseWire(text, what, now) : decode(text, now)
    if (!d || typeof d !== 'object' || Array.isArray(d) || d instanceof Date) {
      throw new DbError('INVALID_PARAM', `${what} must be an object`)
    }
    return d as Record<string, unknown>
  }

  function project(d: Doc, projection: Record<string, unknown> | undefined): unknown {
    if (!projection || Object.keys(projection).length === 0) return d
    try {
      return new Query({}, {}).find([d], projection).all()[0]
    } catch (e) {
      throw fromMingo(e)
    }
  }

  function validId(id: unknown): string {
    if (typeof id === 'string' ? id === '' : typeof id !== 'number') {
      throw new DbError('INVALID_PARAM', '_id must be a non-empty string or a number')
    }
    return idKey(id)
  }

  /**
   * The writes that insert `raws` into `c`, each turned into a document by `toDoc`: field names checked,
   * a missing `_id` generated, and an `_id` that `exists` (or repeats in the batch) refused with the
   * duplicate-key error (showing the key when `showKey`).
   */
  function insertWrites<T>(
    c: Collection,
    raws: readonly T[],
    toDoc: (raw: T) => Doc,
    exists: (id: string) => boolean,
    showKey: boolean,
  ): Write[] {
    const writes: Write[] = []
    const seen = new Set<string>()
    for (const raw of raws) {
      const d = toDoc(raw)
      checkFieldNames(d)
      if (d._id === undefined) d._id = newId()
      const id = validId(d._id)
      if (exists(id) || seen.has(id)) {
        throw duplicateKeyError(c.name, '_id_', showKey ? `_id: ${JSON.stringify(d._id)}` : undefined)
      }
      seen.add(id)
      writes.push({ c, id, doc: d })
    }
    return writes
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

  /** MongoDB refuses arithmetic on non-numbers and array operators on non-arrays; mingo would skip them silently. */
  function checkOperandTypes(d: Doc, mod: Record<string, unknown>): void {
    for (const [op, arg] of Object.entries(mod)) {
      const numeric = op === '$inc' || op === '$mul'
      const array = ['$push', '$addToSet', '$pull', '$pullAll', '$pop'].includes(op)
      if (!numeric && !array) continue
      for (const [path, v] of Object.entries(arg as Record<string, unknown>)) {
        if (numeric && typeof v !== 'number') {
          throw new DbError(
            'DATABASE_REQUEST_FAILED',
            `Cannot ${op.slice(1)} with non-numeric argument: {${path}: ${encode(v)}}`,
          )
        }
        if (/\.\$|\.\d+(\.|$)/.test(path)) continue
        const cur = resolve(d, path)
        if (cur === undefined || cur === null) continue
        if (numeric && typeof cur !== 'number') {
          throw new DbError(
            'DATABASE_REQUEST_FAILED',
            `Cannot apply ${op} to a value of non-numeric type. {_id: ${encode(d._id)}} has the field '${path}' of non-numeric type`,
          )
        }
        if (array && !Array.isArray(cur)) {
          throw new DbError(
            'DATABASE_REQUEST_FAILED',
            `The field '${path}' must be an array but is of type ${typeof cur} in document {_id: ${encode(d._id)}}`,
          )
        }
      }
    }
  }

  function applyUpdate(
    d: Doc,
    mod: Record<string, unknown>,
    condition: Record<string, unknown> | undefined,
  ): Doc {
    checkOperandTypes(d, mod)
    const copy = clonePlain(d) as Doc
    try {
      mingoUpdate(copy, mod, undefined, condition && Object.keys(condition).length ? condition : undefined, {
        cloneMode: 'deep',
      })
    } catch (e) {
      throw fromMingo(e)
    }
    checkFieldNames(copy)
    return copy
  }

  /** The document an upsert starts from: the filter's top-level equalities (MongoDB semantics). */
  function seedFromFilter(filter: Record<string, unknown> | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(filter ?? {})) {
      if (k.startsWith('$') || k.includes('.')) continue
      if (v === null || typeof v !== 'object' || v instanceof Date) out[k] = v
      else if ('$eq' in (v as object)) out[k] = (v as { $eq: unknown }).$eq
    }
    return out
  }

  // ---- actions ----

  type Handler = (body: AdminBody) => Promise<Omit<AdminReply, 'requestId'>>

  const actions: Record<string, Handler> = {
    'database.getDocument': async (body) => {
      const tx = getTx(body)
      const c = coll(body.collectionName)
      const filter = parseQuery(body)
      const projection = body.projection ? parseDoc(body.projection, 'projection') : undefined
      const docs = query(
        c,
        filter,
        { sort: parseOrder(body), skip: parseOffset(body.offset), limit: parseLimit(body.limit) },
        tx,
      )
      const list = docs.map((d) => (projection ? encode(project(d, projection)) : encodeDoc(d)))
      return { data: { list } }
    },

    'database.calculateDocument': async (body) => {
      const c = coll(body.collectionName)
      return { data: { total: c.count(parseQuery(body)) } }
    },

    'database.insertDocument': async (body) => {
      const tx = getTx(body)
      const c = coll(body.collectionName)
      const raw = Array.isArray(body.data) ? body.data : [body.data]
      if (raw.length === 0) throw new DbError('INVALID_PARAM', 'data must not be empty')
      const writes = insertWrites(
        c,
        raw as unknown[],
        (text) => parseDoc(text, 'data') as Doc,
        (id) => {
          const e = tx?.entries.get(txKey(c, id))
          return e && e.doc !== undefined ? e.doc !== null : c.docs.has(id)
        },
        true,
      )
      await stage(tx, writes)
      return { data: { insertedIds: writes.map((w) => w.doc!._id) } }
    },

    'database.modifyDocument': async (body) => modify(body, false),
    'database.modifyAndReturnDoc': async (body) => modify(body, true),

    'database.removeDocument': async (body) => {
      const tx = getTx(body)
      const c = coll(body.collectionName)
      const filter = parseQuery(body)
      const multi = body.queryType !== 'DOC' && body.multi !== false
      const targets = query(c, filter, { limit: multi ? Infinity : 1 }, tx)
      await stage(
        tx,
        targets.map((d) => ({ c, id: idKey(d._id), doc: undefined })),
      )
      return { data: { deleted: targets.length } }
    },

    'database.addCollection': async (body) => {
      const name = body.collectionName
      if (typeof name !== 'string' || !COLLECTION_NAME_PATTERN.test(name)) {
        throw new DbError(
          'INVALID_PARAM',
          'collectionName must start with a letter and hold letters, digits, _ or -',
        )
      }
      if (collections.has(name))
        throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`)
      ensure(name)
      await journal.append(JSON.stringify({ cc: name }))
      return {}
    },

    'database.aggregateDocuments': async (body) => {
      const c = coll(body.collectionName)
      if (!Array.isArray(body.stages)) throw new DbError('INVALID_PARAM', 'stages must be an array')
      const pipeline = body.stages.map((s: unknown) => {
        const { stageKey, stageValue } = (s ?? {}) as { stageKey?: unknown; stageValue?: unknown }
        if (typeof stageKey !== 'string' || !stageKey.startsWith('$')) {
          throw new DbError('INVALID_PARAM', 'every stage needs a stageKey such as $match')
        }
        return {
          [stageKey]:
            typeof stageValue === 'string' ? parseWire(stageValue, stageKey, now) : decode(stageValue, now),
        }
      })
      // A leading $match goes through the query planner (indexes); the rest runs in mingo on copies.
      let input: Doc[]
      if (pipeline.length > 0 && '$match' in pipeline[0]) {
        input = c.find(pipeline.shift()!.$match as Record<string, unknown>)
      } else input = [...c.docs.values()]
      const resolved = new Map<string, unknown[]>()
      try {
        const agg = new Aggregator(pipeline, {
          collectionResolver: (name: string) => {
            let docs = resolved.get(name)
            if (!docs) {
              const other = collections.get(name)
              docs = other ? [...other.docs.values()].map(clonePlain) : []
              resolved.set(name, docs)
            }
            return docs as Record<string, unknown>[]
          },
        })
        // Stages that only read their input may see the stored documents themselves; anything that could
        // write into a document (e.g. $addFields, $lookup) gets copies. Counting inboxes copy nothing.
        const readOnly = pipeline.every((st) => READ_ONLY_STAGES.has(Object.keys(st)[0]))
        const out = agg.run((readOnly ? input : input.map(clonePlain)) as Record<string, unknown>[])
        return { data: { list: out.map((d) => encode(d)) } }
      } catch (e) {
        throw fromMingo(e)
      }
    },

    'database.startTransaction': async () => {
      expireTransactions()
      const id = `tx-${newId()}`
      transactions.set(id, { id, entries: new Map(), touched: Date.now() })
      return { transactionId: id }
    },

    'database.commitTransaction': async (body) => {
      const tx = getTx(body)
      if (!tx) throw new DbError('INVALID_PARAM', 'transactionId is required')
      transactions.delete(tx.id)
      const writes: Write[] = []
      for (const e of tx.entries.values()) {
        if ((e.c.versions.get(e.id) ?? 0) !== e.base) {
          throw new DbError(
            'DATABASE_TRANSACTION_CONFLICT',
            `transaction ${tx.id} conflicts with a concurrent write to ${e.c.name}/${e.id}; retry the transaction`,
          )
        }
        if (e.doc !== undefined) writes.push({ c: e.c, id: e.id, doc: e.doc ?? undefined })
      }
      await commit(writes)
      return {}
    },

    'database.abortTransaction': async (body) => {
      // Aborting a transaction that a failed commit already discarded is not an error (wire §6).
      if (body.transactionId !== undefined) transactions.delete(String(body.transactionId))
      return {}
    },
  }

  async function modify(body: AdminBody, returnDoc: boolean): Promise<Omit<AdminReply, 'requestId'>> {
    const tx = getTx(body)
    const c = coll(body.collectionName)
    const filter = parseQuery(body)
    const data = parseDoc(body.data, 'data')
    const replace = body.merge === false
    const multi = !returnDoc && body.queryType !== 'DOC' && body.multi === true
    const upsert = body.upsert === true
    let mod: Record<string, unknown> | undefined
    if (replace) {
      if (Object.keys(data).some((k) => k.startsWith('$'))) {
        throw new DbError('INVALID_PARAM', 'a replacement document may not contain update operators')
      }
      checkFieldNames(data)
    } else {
      if (Object.keys(data).length === 0) throw new DbError('INVALID_PARAM', 'update data must not be empty')
      mod = modifierOf(data)
    }
    const targets = query(c, filter, { limit: multi ? Infinity : 1 }, tx)
    const writes: Write[] = []
    let last: Doc | undefined
    for (const d of targets) {
      const next = replace
        ? ({ ...(clonePlain(data) as object), _id: d._id } as Doc)
        : applyUpdate(d, mod!, filter)
      last = next
      if (!isEqual(next, d)) writes.push({ c, id: idKey(d._id), doc: next })
    }
    let upsertId: unknown
    if (targets.length === 0 && upsert) {
      const seed = seedFromFilter(filter)
      const base = replace ? (clonePlain(data) as Doc) : applyUpdate({ ...seed } as Doc, mod!, undefined)
      base._id = seed._id ?? base._id ?? newId()
      const id = validId(base._id)
      writes.push({ c, id, doc: base as Doc })
      upsertId = base._id
      last = base as Doc
    }
    await stage(tx, writes)
    const updated = upsertId === undefined ? writes.length : 0
    const data_: Record<string, unknown> = { updated }
    if (upsertId !== undefined) data_.upsert_id = upsertId
    if (returnDoc) data_.doc = last ? encode(last) : undefined
    return { data: data_ }
  }

  const admin: AdminService = {
    async handle(body) {
      if (typeof body.action !== 'string' || !body.action.startsWith('database.')) return undefined
      const handler = actions[body.action]
      counts[body.action] = (counts[body.action] ?? 0) + 1
      const requestId = rid()
      if (!handler) return undefined
      try {
        const reply = await handler(body)
        return { ...reply, requestId }
      } catch (e) {
        const err = e instanceof DbError ? e : undefined
        const code = err?.code ?? 'SYS_ERR'
        const message = err?.message ?? 'internal database error'
        if (!opts.quiet) {
          console.warn(`[db] ${body.action} ${String(body.collectionName ?? '')} -> ${code}: ${message}`)
          if (!err) console.error(e)
        }
        return { code, message, requestId }
      }
    },
  }

  const sortSpec = (s: FindOptions['sort']): SortSpec | undefined =>
    s === undefined ? undefined : Array.isArray(s) ? s : (Object.entries(s) as SortSpec)

  return {
    admin,
    async close() {
      transactions.clear()
      await journal.close(true)
    },
    async insertMany(name, docs) {
      const c = coll(name)
      const writes = insertWrites(
        c,
        docs,
        (raw) => clonePlain(raw) as Doc,
        (id) => c.docs.has(id),
        false,
      )
      await commit(writes)
    },
    find(name, filter, o = {}) {
      return coll(name)
        .find(filter as Record<string, unknown> | undefined, {
          sort: sortSpec(o.sort),
          skip: o.skip,
          limit: o.limit,
        })
        .map((d) => clonePlain(d) as Record<string, unknown>)
    },
    count(name, filter) {
      return coll(name).count(filter as Record<string, unknown> | undefined)
    },
    listCollections() {
      return [...collections.keys()].sort()
    },
    isEmpty() {
      for (const c of collections.values()) if (c.docs.size > 0) return false
      return true
    },
    requestCounts() {
      return { ...counts }
    },
    resetRequestCounts() {
      for (const k of Object.keys(counts)) delete counts[k]
    },
    lastPlan(name) {
      return collections.get(name)?.lastPlan
    },
    compact() {
      return journal.compact()
    },
  }
}

/** Inverse of idKey for the journal's delete records. */
function decodeIdKey(k: string): unknown {
  return k.charCodeAt(0) === 1 ? JSON.parse(k.slice(1)) : k
}
