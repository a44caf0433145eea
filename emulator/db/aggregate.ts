/**
 * `aggregateDocuments`: a leading `$match` goes through the query planner (so it uses the indexes) and
 * the rest of the pipeline runs in mingo. Stages that only read their input may see the stored documents
 * themselves; anything that could write into a document (`$addFields`, `$lookup`, …) gets copies, since
 * stored documents are shared with every reader and must never change in place.
 */
import { Aggregator } from 'mingo'
import type { Collection, Doc } from './collection'
import { clonePlain } from './ejson'
import { fromMingo } from './errors'

/** Stages that never modify the documents they read (mingo builds new objects for their output). */
const READ_ONLY_STAGES = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$sortByCount'])

/** Runs `stages` over `c`; `$lookup` reads other collections (copies) through `collection`. */
export function aggregate(
  c: Collection,
  stages: readonly Record<string, unknown>[],
  collection: (name: string) => Collection | undefined,
): unknown[] {
  const pipeline = [...stages]
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
          const other = collection(name)
          docs = other ? [...other.docs.values()].map(clonePlain) : []
          resolved.set(name, docs)
        }
        return docs as Record<string, unknown>[]
      },
    })
    // The common counting pipelines ($match, $group) then copy nothing.
    const readOnly = pipeline.every((st) => READ_ONLY_STAGES.has(Object.keys(st)[0]))
    return agg.run((readOnly ? input : input.map(clonePlain)) as Record<string, unknown>[])
  } catch (e) {
    throw fromMingo(e)
  }
}
