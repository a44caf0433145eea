/**
 * How a request's documents become writes, with MongoDB's rules: inserts get an `_id` and refuse a
 * duplicate one, updates apply operators to a copy (refusing what MongoDB refuses and mingo would skip),
 * replacements keep the `_id`, and an upsert starts from the filter's equalities.
 */
import { update as mingoUpdate } from 'mingo'
import { isEqual, resolve } from 'mingo/util'
import { duplicateKeyError, idKey, newId, type Collection, type Doc } from './collection'
import type { Write } from './commit'
import { checkFieldNames, clonePlain, encode } from './ejson'
import { DbError, fromMingo } from './errors'
import type { Filter, ModifyOp } from './wire'

const NUMERIC_OPS = new Set(['$inc', '$mul'])
const ARRAY_OPS = new Set(['$push', '$addToSet', '$pull', '$pullAll', '$pop'])

/**
 * The writes that insert `docs` into `c`: field names checked, a missing `_id` generated, and an `_id`
 * that `exists` (or repeats in the batch) refused with the duplicate-key error, which names the key when
 * `showKey`. The documents are stored as given, so callers hand over copies they no longer touch.
 */
export function insertWrites(
  c: Collection,
  docs: readonly Record<string, unknown>[],
  exists: (id: string) => boolean,
  showKey: boolean,
): Write[] {
  const writes: Write[] = []
  const seen = new Set<string>()
  for (const raw of docs) {
    checkFieldNames(raw)
    const d = (raw._id === undefined ? { ...raw, _id: newId() } : raw) as Doc
    const id = validId(d._id)
    if (exists(id) || seen.has(id)) {
      throw duplicateKeyError(c.name, '_id_', showKey ? `_id: ${JSON.stringify(d._id)}` : undefined)
    }
    seen.add(id)
    writes.push({ c, id, doc: d })
  }
  return writes
}

export interface Modified {
  /** Only documents that actually change, plus the upserted one. */
  readonly writes: Write[]
  /** The document as it is after the change (for `modifyAndReturnDoc`). */
  readonly last: Doc | undefined
  /** Set when nothing matched and the upsert inserted a document. */
  readonly upsertId: unknown
}

/** Applies `op` to the documents it matched (`targets`), or upserts when none did and it asks to. */
export function modifyWrites(c: Collection, targets: readonly Doc[], op: ModifyOp): Modified {
  const { change, query } = op
  const writes: Write[] = []
  let last: Doc | undefined
  for (const d of targets) {
    const next =
      change.kind === 'replace'
        ? ({ ...(clonePlain(change.doc) as object), _id: d._id } as Doc)
        : applyUpdate(d, change.modifier, query)
    last = next
    if (!isEqual(next, d)) writes.push({ c, id: idKey(d._id), doc: next })
  }
  let upsertId: unknown
  if (targets.length === 0 && op.upsert) {
    const seed = seedFromFilter(query)
    const base =
      change.kind === 'replace'
        ? (clonePlain(change.doc) as Doc)
        : applyUpdate({ ...seed } as Doc, change.modifier, undefined)
    base._id = seed._id ?? base._id ?? newId()
    writes.push({ c, id: validId(base._id), doc: base })
    upsertId = base._id
    last = base
  }
  return { writes, last, upsertId }
}

/** `d` after `mod`, as a new document; `condition` is the filter that matched (for positional `$`). */
export function applyUpdate(d: Doc, mod: Record<string, unknown>, condition: Filter | undefined): Doc {
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
export function seedFromFilter(filter: Filter | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(filter ?? {})) {
    if (k.startsWith('$') || k.includes('.')) continue
    if (v === null || typeof v !== 'object' || v instanceof Date) out[k] = v
    else if ('$eq' in (v as object)) out[k] = (v as { $eq: unknown }).$eq
  }
  return out
}

function validId(id: unknown): string {
  if (typeof id === 'string' ? id === '' : typeof id !== 'number') {
    throw new DbError('INVALID_PARAM', '_id must be a non-empty string or a number')
  }
  return idKey(id)
}

/** MongoDB refuses arithmetic on non-numbers and array operators on non-arrays; mingo skips them silently. */
function checkOperandTypes(d: Doc, mod: Record<string, unknown>): void {
  for (const [op, arg] of Object.entries(mod)) {
    const numeric = NUMERIC_OPS.has(op)
    const array = ARRAY_OPS.has(op)
    if (!numeric && !array) continue
    for (const [path, v] of Object.entries(arg as Record<string, unknown>)) {
      if (numeric && typeof v !== 'number') {
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          `Cannot ${op.slice(1)} with non-numeric argument: {${path}: ${encode(v)}}`,
        )
      }
      // Positional and array-index paths are left to mingo.
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
