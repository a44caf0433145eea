/**
 * One collection in memory: documents by `_id`, a version per document (for optimistic transactions) and
 * the manifest's indexes. Query semantics are mingo's (MongoDB's); the indexes only choose candidates, and
 * every candidate is still tested against the full filter, so an index can never change a result.
 */
import { randomBytes } from 'node:crypto'
import { Query } from 'mingo'
import { compare as mingoCompare, resolve } from 'mingo/util'
import { encode } from './ejson'
import { DbError, fromMingo } from './errors'

export type Doc = Record<string, unknown> & { _id: unknown }
export type SortSpec = [field: string, dir: 1 | -1][]

export interface IndexSpec {
  name: string
  keys: { field: string; direction: 1 | -1 }[]
  unique?: boolean
  sparse?: boolean
}

/** Map key of an `_id`: strings as themselves, anything else (numbers) tagged so `"1"` and `1` differ. */
export const idKey = (id: unknown): string => (typeof id === 'string' ? id : `\u0001${JSON.stringify(id)}`)
/** Inverse of idKey (the journal records deletes by key). */
export const decodeIdKey = (k: string): unknown => (k.charCodeAt(0) === 1 ? JSON.parse(k.slice(1)) : k)
/** A generated `_id` or transaction id: 128 random bits, as hex. */
export const newId = (): string => randomBytes(16).toString('hex')

const norm = (v: unknown): unknown => (v === undefined ? null : v)
/** MongoDB's cross-type order (mingo's), with fast paths for the types index keys usually hold. */
export const compareValues = (a: unknown, b: unknown): number => {
  const ta = typeof a
  if (ta === typeof b) {
    if (ta === 'string') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0
    if (ta === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return (a as number) - (b as number)
    if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime()
  }
  return mingoCompare(norm(a), norm(b))
}

const encodedCache = new WeakMap<Doc, string>()

/** EJSON text of a stored document; stored documents are never mutated (writes replace them), so it is cached. */
export function encodeDoc(d: Doc): string {
  let text = encodedCache.get(d)
  if (text === undefined) {
    text = encode(d)
    encodedCache.set(d, text)
  }
  return text
}

/** True when the filter is only `{ _id: <scalar> }`: fetching by key already decides the match. */
export const isIdOnly = (filter: Record<string, unknown> | undefined): boolean => {
  if (!filter) return false
  const keys = Object.keys(filter)
  return (
    keys.length === 1 &&
    keys[0] === '_id' &&
    (typeof filter._id === 'string' || typeof filter._id === 'number')
  )
}

export function compileFilter(filter: Record<string, unknown> | undefined): (d: Doc) => boolean {
  if (!filter || Object.keys(filter).length === 0) return () => true
  try {
    const q = new Query(filter, {})
    return (d) => q.test(d)
  } catch (e) {
    throw fromMingo(e)
  }
}

export function makeSorter(sort: SortSpec): (a: Doc, b: Doc) => number {
  return (a, b) => {
    for (const [f, dir] of sort) {
      const c = compareValues(resolve(a, f), resolve(b, f))
      if (c !== 0) return c * dir
    }
    return 0
  }
}

interface Entry {
  k: unknown[]
  id: string
}

/** A compound index: entries sorted by the key tuple (with each key's direction), then by id. */
export class Index {
  readonly fields: string[]
  readonly dirs: (1 | -1)[]
  entries: Entry[] = []
  /** Set once any document holds an array at an indexed path; such an index is not used for planning. */
  multikey = false

  constructor(readonly spec: IndexSpec) {
    this.fields = spec.keys.map((k) => k.field)
    this.dirs = spec.keys.map((k) => k.direction)
  }

  keyOf(d: Doc): unknown[] {
    const k = new Array(this.fields.length)
    for (let i = 0; i < this.fields.length; i++) {
      const v = resolve(d, this.fields[i])
      if (Array.isArray(v)) this.multikey = true
      k[i] = norm(v)
    }
    return k
  }

  private cmp(a: Entry, b: Entry): number {
    for (let i = 0; i < this.fields.length; i++) {
      const c = compareValues(a.k[i], b.k[i])
      if (c !== 0) return c * this.dirs[i]
    }
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  }

  /** Compares an entry's first `n` keys with `vals` (index direction applied). */
  cmpPrefix(e: Entry, vals: unknown[], n: number): number {
    for (let i = 0; i < n; i++) {
      const c = compareValues(e.k[i], vals[i])
      if (c !== 0) return c * this.dirs[i]
    }
    return 0
  }

  private search(e: Entry): number {
    let lo = 0
    let hi = this.entries.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.cmp(this.entries[mid], e) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  insert(id: string, d: Doc): void {
    const e = { k: this.keyOf(d), id }
    this.entries.splice(this.search(e), 0, e)
  }

  /**
   * Moves `id`'s entry from `old`'s key to `d`'s; an update that leaves the indexed fields alone (most do)
   * leaves the entry where it is instead of two splices of an array as long as the collection.
   */
  replace(id: string, old: Doc, d: Doc): void {
    const was = this.keyOf(old)
    const now = this.keyOf(d)
    let same = true
    for (let i = 0; i < now.length && same; i++) same = compareValues(was[i], now[i]) === 0
    if (same) return
    this.remove(id, old)
    this.entries.splice(this.search({ k: now, id }), 0, { k: now, id })
  }

  remove(id: string, d: Doc): void {
    const e = { k: this.keyOf(d), id }
    const i = this.search(e)
    if (i < this.entries.length && this.entries[i].id === id) this.entries.splice(i, 1)
    else {
      // The key was computed differently than at insert (should not happen); fall back to a scan.
      const j = this.entries.findIndex((x) => x.id === id)
      if (j >= 0) this.entries.splice(j, 1)
    }
  }

  /** Replaces the entries of the `changed` ids by their current documents in `docs` (see Collection.bulkPut). */
  mergeIn(changed: Map<string, unknown>, docs: Map<string, Doc>, collection: string): void {
    const kept = this.entries.filter((e) => !changed.has(e.id))
    const added: Entry[] = []
    for (const id of changed.keys()) {
      const d = docs.get(id)
      if (d) added.push({ k: this.keyOf(d), id })
    }
    added.sort((a, b) => this.cmp(a, b))
    const merged: Entry[] = new Array(kept.length + added.length)
    let i = 0
    let j = 0
    let n = 0
    while (i < kept.length || j < added.length) {
      if (j >= added.length || (i < kept.length && this.cmp(kept[i], added[j]) <= 0)) merged[n++] = kept[i++]
      else merged[n++] = added[j++]
    }
    if (this.spec.unique) {
      for (let x = 1; x < merged.length; x++) {
        const a = merged[x - 1]
        const b = merged[x]
        if (!changed.has(a.id) && !changed.has(b.id)) continue
        if (this.sparseExempt(b.k)) continue
        if (this.cmpPrefix(a, b.k, b.k.length) === 0) throw this.duplicateError(collection, b.k)
      }
    }
    this.entries = merged
  }

  bulkLoad(docs: Map<string, Doc>): void {
    this.entries = []
    for (const [id, d] of docs) this.entries.push({ k: this.keyOf(d), id })
    this.entries.sort((a, b) => this.cmp(a, b))
  }

  /** First position whose first `n` keys are >= vals (or > vals when `after`). */
  bound(vals: unknown[], n: number, after: boolean, from = 0, to = this.entries.length): number {
    let lo = from
    let hi = to
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const c = this.cmpPrefix(this.entries[mid], vals, n)
      if (c < 0 || (after && c === 0)) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** Another document (not `id`) with the same full key `k` (from keyOf), for unique checks. */
  duplicateOf(id: string, k: unknown[]): string | undefined {
    const lo = this.bound(k, k.length, false)
    const hi = this.bound(k, k.length, true, lo)
    for (let i = lo; i < hi; i++) if (this.entries[i].id !== id) return this.entries[i].id
    return undefined
  }

  /** A sparse unique index does not check keys whose fields are all missing or null. */
  sparseExempt(k: unknown[]): boolean {
    if (!this.spec.sparse) return false
    return k.every((v) => v === null)
  }

  /** The cloud's duplicate-key error for key `k` of this index. */
  duplicateError(collection: string, k: unknown[]): DbError {
    const key = this.fields.map((f, i) => `${f}: ${JSON.stringify(k[i])}`).join(', ')
    return duplicateKeyError(collection, this.spec.name, key)
  }
}

/** MongoDB's E11000 error; `key` (e.g. `_id: "a"`) is shown as `dup key: { … }` when given. */
export function duplicateKeyError(collection: string, index: string, key?: string): DbError {
  return new DbError(
    'DATABASE_REQUEST_FAILED',
    `E11000 duplicate key error collection: ${collection} index: ${index}` +
      (key === undefined ? '' : ` dup key: { ${key} }`),
  )
}

const isScalar = (v: unknown): boolean =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date

interface FieldConstraint {
  eq?: unknown[]
  lower?: { v: unknown; incl: boolean }
  upper?: { v: unknown; incl: boolean }
}

/** Equality / `$in` / range constraints that a filter imposes on top-level paths (also inside `$and`). */
function constraintsOf(
  filter: Record<string, unknown>,
  out = new Map<string, FieldConstraint>(),
): Map<string, FieldConstraint> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v)
        if (sub && typeof sub === 'object') constraintsOf(sub as Record<string, unknown>, out)
      continue
    }
    if (k.startsWith('$')) continue
    const c = out.get(k) ?? {}
    if (isScalar(v)) c.eq = [v]
    else if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RegExp)) {
      const ops = v as Record<string, unknown>
      if ('$eq' in ops && isScalar(ops.$eq)) c.eq = [ops.$eq]
      else if (Array.isArray(ops.$in) && ops.$in.length > 0 && ops.$in.every(isScalar)) c.eq = ops.$in
      for (const op of ['$gt', '$gte'] as const)
        if (op in ops && isScalar(ops[op])) c.lower = { v: ops[op], incl: op === '$gte' }
      for (const op of ['$lt', '$lte'] as const)
        if (op in ops && isScalar(ops[op])) c.upper = { v: ops[op], incl: op === '$lte' }
    }
    out.set(k, c)
  }
  return out
}

export interface QueryOpts {
  sort?: SortSpec
  skip?: number
  limit?: number
}

/** How a query ran; tests and benchmarks read it to prove the index is used. */
export interface QueryPlan {
  index?: string
  examined: number
}

export class Collection {
  readonly docs = new Map<string, Doc>()
  readonly versions = new Map<string, number>()
  readonly indexes: Index[]
  lastPlan: QueryPlan = { examined: 0 }

  constructor(
    readonly name: string,
    specs: IndexSpec[],
  ) {
    this.indexes = specs.map((s) => new Index(s))
  }

  /** Throws the cloud's duplicate-key error if writing `d` under `id` would break a unique index. */
  checkUnique(id: string, d: Doc): void {
    for (const ix of this.indexes) {
      if (!ix.spec.unique) continue
      const k = ix.keyOf(d)
      if (ix.sparseExempt(k)) continue
      if (ix.duplicateOf(id, k) !== undefined) throw ix.duplicateError(this.name, k)
    }
  }

  /** Replaces (or with `d` undefined, deletes) one document; keeps indexes and versions in step. */
  put(id: string, d: Doc | undefined, version: number): Doc | undefined {
    const old = this.docs.get(id)
    if (old && d) for (const ix of this.indexes) ix.replace(id, old, d)
    else if (old) for (const ix of this.indexes) ix.remove(id, old)
    else if (d) for (const ix of this.indexes) ix.insert(id, d)
    if (d) this.docs.set(id, d)
    else this.docs.delete(id)
    this.versions.set(id, version)
    return old
  }

  /**
   * Writes many documents at once: one merge per index instead of a splice per document, so loading
   * 10k documents into a 100k collection is linear. Unique indexes are checked on the merged entries;
   * on a violation everything is put back and the duplicate-key error thrown.
   */
  bulkPut(items: readonly { readonly id: string; readonly doc: Doc | undefined }[], version: number): void {
    const oldDocs = new Map<string, Doc | undefined>()
    const oldVersions = new Map<string, number | undefined>()
    for (const { id } of items) {
      if (!oldDocs.has(id)) {
        oldDocs.set(id, this.docs.get(id))
        oldVersions.set(id, this.versions.get(id))
      }
    }
    const oldEntries = this.indexes.map((ix) => ix.entries)
    const oldMultikey = this.indexes.map((ix) => ix.multikey)
    for (const { id, doc } of items) {
      if (doc) this.docs.set(id, doc)
      else this.docs.delete(id)
      this.versions.set(id, version)
    }
    try {
      for (const ix of this.indexes) ix.mergeIn(oldDocs, this.docs, this.name)
    } catch (e) {
      for (const [id, d] of oldDocs) {
        if (d) this.docs.set(id, d)
        else this.docs.delete(id)
        const v = oldVersions.get(id)
        if (v === undefined) this.versions.delete(id)
        else this.versions.set(id, v)
      }
      this.indexes.forEach((ix, i) => {
        ix.entries = oldEntries[i]
        ix.multikey = oldMultikey[i]
      })
      throw e
    }
  }

  /** Loads documents at startup: no per-insert index maintenance, one sort per index at the end. */
  loadRaw(id: string, d: Doc | undefined): void {
    if (d) this.docs.set(id, d)
    else this.docs.delete(id)
  }

  rebuildIndexes(): void {
    for (const ix of this.indexes) {
      ix.multikey = false
      ix.bulkLoad(this.docs)
    }
  }

  /** Matching documents (stored references: callers must not mutate them). */
  find(filter: Record<string, unknown> | undefined, opts: QueryOpts = {}): Doc[] {
    if (isIdOnly(filter)) {
      const d = this.docs.get(idKey(filter!._id))
      this.lastPlan = { index: '_id', examined: d ? 1 : 0 }
      return d && (opts.skip ?? 0) === 0 && (opts.limit ?? 1) > 0 ? [d] : []
    }
    const test = compileFilter(filter)
    const skip = opts.skip ?? 0
    const limit = opts.limit ?? Infinity
    const sort = opts.sort ?? []
    const plan = this.plan(filter ?? {}, sort)
    let examined = 0
    const out: Doc[] = []
    if (plan.kind === 'ids') {
      for (const id of plan.ids) {
        const d = this.docs.get(id)
        examined++
        if (d && test(d)) out.push(d)
      }
    } else if (plan.kind === 'index' && plan.ordered) {
      // Index order is the requested order: walk and stop as soon as the page is full.
      let skipped = 0
      const { ix, lo, hi, reverse } = plan
      for (let n = 0; n < hi - lo; n++) {
        const e = ix.entries[reverse ? hi - 1 - n : lo + n]
        const d = this.docs.get(e.id)!
        examined++
        if (!test(d)) continue
        if (skipped < skip) {
          skipped++
          continue
        }
        out.push(d)
        if (out.length >= limit) break
      }
      this.lastPlan = { index: ix.spec.name, examined }
      return out
    } else if (plan.kind === 'index') {
      for (const [lo, hi] of plan.ranges) {
        for (let i = lo; i < hi; i++) {
          const d = this.docs.get(plan.ix.entries[i].id)!
          examined++
          if (test(d)) out.push(d)
        }
      }
    } else {
      const early = sort.length === 0 ? skip + limit : Infinity
      for (const d of this.docs.values()) {
        examined++
        if (test(d)) {
          out.push(d)
          if (out.length >= early) break
        }
      }
    }
    this.lastPlan = {
      index: plan.kind === 'index' ? plan.ix.spec.name : plan.kind === 'ids' ? '_id' : undefined,
      examined,
    }
    if (sort.length > 0) out.sort(makeSorter(sort))
    return skip > 0 || limit < out.length ? out.slice(skip, skip + limit) : out
  }

  count(filter: Record<string, unknown> | undefined): number {
    if (!filter || Object.keys(filter).length === 0) return this.docs.size
    return this.find(filter).length
  }

  private plan(
    filter: Record<string, unknown>,
    sort: SortSpec,
  ):
    | { kind: 'ids'; ids: string[] }
    | { kind: 'index'; ordered: true; ix: Index; lo: number; hi: number; reverse: boolean }
    | { kind: 'index'; ordered: false; ix: Index; ranges: [number, number][] }
    | { kind: 'scan' } {
    const cons = constraintsOf(filter)
    const idc = cons.get('_id')
    if (idc?.eq) return { kind: 'ids', ids: [...new Set(idc.eq.map(idKey))] }
    let best: { ix: Index; p: number; score: number; sortMatch: 0 | 1 | -1; range: boolean } | undefined
    for (const ix of this.indexes) {
      if (ix.multikey) continue
      let p = 0
      let combos = 1
      while (p < ix.fields.length && cons.get(ix.fields[p])?.eq) {
        combos *= cons.get(ix.fields[p])!.eq!.length
        p++
      }
      if (combos > 64) continue
      const next = ix.fields[p]
      const nc = next !== undefined ? cons.get(next) : undefined
      const range = !!(nc && (nc.lower || nc.upper))
      const sortMatch = combos === 1 ? this.sortMatches(ix, p, sort, cons) : 0
      if (p === 0 && !range && (sortMatch === 0 || sort.length === 0)) continue
      const score = p * 4 + (range ? 2 : 0) + (sortMatch !== 0 ? 1 : 0)
      if (!best || score > best.score) best = { ix, p, score, sortMatch, range }
    }
    if (!best) return { kind: 'scan' }
    const { ix, p } = best
    // Every combination of the equality prefix (one for plain equality, several for $in) is one range.
    let prefixes: unknown[][] = [[]]
    for (let i = 0; i < p; i++) {
      const vals = cons.get(ix.fields[i])!.eq!
      prefixes = prefixes.flatMap((pre) => vals.map((v) => [...pre, v]))
    }
    const ranges: [number, number][] = []
    for (const pre of prefixes) {
      let lo = ix.bound(pre, p, false)
      let hi = ix.bound(pre, p, true, lo)
      const nc = best.range ? cons.get(ix.fields[p]) : undefined
      if (nc) {
        // In index direction, "lower" in value order is the start when ascending and the end when descending.
        const asc = ix.dirs[p] === 1
        const start = asc ? nc.lower : nc.upper
        const end = asc ? nc.upper : nc.lower
        if (start) lo = ix.bound([...pre, start.v], p + 1, !start.incl, lo, hi)
        if (end) hi = ix.bound([...pre, end.v], p + 1, end.incl, lo, hi)
      }
      if (lo < hi) ranges.push([lo, hi])
    }
    if (best.sortMatch !== 0 && ranges.length <= 1) {
      const [lo, hi] = ranges[0] ?? [0, 0]
      return { kind: 'index', ordered: true, ix, lo, hi, reverse: best.sortMatch === -1 }
    }
    return { kind: 'index', ordered: false, ix, ranges }
  }

  /** 1 / -1 when walking the index forward / backward from prefix `p` yields `sort` order, else 0. */
  private sortMatches(ix: Index, p: number, sort: SortSpec, cons: Map<string, FieldConstraint>): 0 | 1 | -1 {
    const rest = sort.filter(([f]) => !(cons.get(f)?.eq?.length === 1))
    if (rest.length === 0) return 1
    let sign: 0 | 1 | -1 = 0
    for (let j = 0; j < rest.length; j++) {
      const i = p + j
      if (i >= ix.fields.length || ix.fields[i] !== rest[j][0]) return 0
      const s = (rest[j][1] * ix.dirs[i]) as 1 | -1
      if (sign === 0) sign = s
      else if (s !== sign) return 0
    }
    return sign
  }
}
