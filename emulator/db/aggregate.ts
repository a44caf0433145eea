/**
 * `aggregateDocuments`: a leading `$match` goes through the query planner (so it uses the indexes) and
 * the rest of the pipeline runs in mingo. Stages that only read their input may see the stored documents
 * themselves; anything that could write into a document (`$addFields`, `$lookup`, …) gets copies, since
 * stored documents are shared with every reader and must never change in place.
 */
import { Aggregator } from 'mingo'
import type { Collection, Doc } from './collection'
import { clonePlain } from './ejson'
import { DbError, fromMingo } from './errors'

/** Stages that never modify the documents they read (mingo builds new objects for their output). */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$sortByCount'])

/**
 * The stages CloudBase's aggregate has (its SDK builds no others, and the server refuses a raw pipeline
 * with any other): no `$facet`, `$unionWith`, `$out`, `$merge`, `$graphLookup`, `$setWindowFields`. A
 * `$lookup` sub-pipeline is held to the same list.
 */
export const CLOUDBASE_STAGES: ReadonlySet<string> = new Set([
  '$addFields',
  '$bucket',
  '$bucketAuto',
  '$count',
  '$geoNear',
  '$group',
  '$limit',
  '$lookup',
  '$match',
  '$project',
  '$replaceRoot',
  '$sample',
  '$skip',
  '$sort',
  '$sortByCount',
  '$unwind',
])

function checkStages(stages: readonly Record<string, unknown>[]): void {
  for (const st of stages) {
    const key = Object.keys(st)[0]
    if (!CLOUDBASE_STAGES.has(key))
      throw new DbError('DATABASE_INVALID_OPERRATOR', `aggregate stage ${key} is not supported`)
    const sub = key === '$lookup' ? (st.$lookup as { pipeline?: unknown }).pipeline : undefined
    if (Array.isArray(sub)) checkStages(sub as Record<string, unknown>[])
  }
}

/** A `$match` that names no variable of the outer document: the same for every outer document. */
const isConstantMatch = (
  st: Record<string, unknown> | undefined,
): st is { $match: Record<string, unknown> } =>
  !!st && '$match' in st && !/"\$expr"|"\$\$/.test(JSON.stringify(st.$match))

/**
 * Rows an aggregate answers when its pipeline has no `$limit`: deployed, `end()` without `.limit()` gives 20
 * (developers report it, and that `.limit()` raises it up to 10 000), so a list read as an aggregate must
 * say how many rows it wants.
 */
export const DEFAULT_AGGREGATE_ROWS = 20

/** Runs `stages` over `c`; `$lookup` reads other collections (copies) through `collection`. */
export function aggregate(
  c: Collection,
  stages: readonly Record<string, unknown>[],
  collection: (name: string) => Collection | undefined,
): unknown[] {
  checkStages(stages)
  const prefiltered = new Map<string, unknown[]>()
  // A sub-pipeline that opens with a constant $match reads what the planner finds (with the indexes),
  // as the cloud does, instead of a copy of the whole collection.
  const pipeline = stages.map((st) => {
    const lk = st.$lookup as { from?: unknown; pipeline?: Record<string, unknown>[] } | undefined
    if (!lk || typeof lk.from !== 'string' || !Array.isArray(lk.pipeline) || !isConstantMatch(lk.pipeline[0]))
      return st
    const other = collection(lk.from)
    const key = `\u0000${prefiltered.size}`
    prefiltered.set(key, other ? other.find(lk.pipeline[0].$match).map(clonePlain) : [])
    return { $lookup: { ...lk, from: key, pipeline: lk.pipeline.slice(1) } }
  })
  let input: Doc[]
  if (pipeline.length > 0 && '$match' in pipeline[0]) {
    input = c.find(pipeline.shift()!.$match as Record<string, unknown>)
  } else input = [...c.docs.values()]
  const resolved = new Map<string, unknown[]>()
  try {
    const agg = new Aggregator(pipeline, {
      collectionResolver: (name: string) => {
        let docs = resolved.get(name) ?? prefiltered.get(name)
        if (!docs) {
          const other = collection(name)
          docs = other ? [...other.docs.values()].map(clonePlain) : []
          resolved.set(name, docs)
        }
        return docs as Record<string, unknown>[]
      },
    })
    // The common counting pipelines ($match, $group) then copy nothing.
    const readOnly = pipeline.every((st) => READ_ONLY_STAGES.has(Object.keys(st)[0]))
    const out = agg.run((readOnly ? input : input.map(clonePlain)) as Record<string, unknown>[])
    return stages.some((st) => '$limit' in st) ? out : out.slice(0, DEFAULT_AGGREGATE_ROWS)
  } catch (e) {
    throw fromMingo(e)
  }
}
