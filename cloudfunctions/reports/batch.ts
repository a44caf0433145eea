/**
 * Several reads in one database request: CloudBase has no `$facet` or `$unionWith`, but an aggregate over
 * one document that is known to exist can `$lookup` other collections, each with its own sub-pipeline
 * ($match, $sort, $limit, $project or $count), and answer them all as arrays of that one document. Each
 * array must stay within the 16 MB document limit, so a read that grows with the history (a period's
 * demands) stays a paged query of its own.
 */
import { z } from 'zod'
import type { Database } from '../shared/cloud'
import { logLine } from '../shared/log'
import { storeOf, type CollectionName, type Where } from '../shared/data'

/** One read of the batch: like `find` (or `count`) on `from`; each row is parsed with `row`. */
export interface Read<S extends z.ZodType = z.ZodType> {
  readonly from: CollectionName
  readonly where: Where<CollectionName>
  readonly orderBy?: readonly (readonly [string, 'asc' | 'desc'])[]
  readonly limit?: number
  /** The fields to read (and `_id`); all when absent. */
  readonly fields?: readonly string[]
  /** Answer `[{ n }]`, the number of matches, instead of the documents. */
  readonly count?: true
  /** An earlier read of the batch whose `_id`s this one's `field` must be among. */
  readonly inIdsOf?: { readonly read: string; readonly field: string }
  readonly row: S
}

/** Where the batch hangs: one document that exists (the caller's staff record, a sub-district). */
export interface Anchor {
  readonly collection: 'staff' | 'subdistricts'
  readonly id: string
}

export type Answers<R extends Record<string, Read>> = { [P in keyof R]: z.output<R[P]['row']>[] }

const Answer = z.record(z.string(), z.unknown())

/** The SDK's sub-pipeline builder (`db.command.aggregate.pipeline()`), which its typings leave out. */
interface SubPipeline {
  match(query: unknown): SubPipeline
  sort(spec: Record<string, number>): SubPipeline
  limit(n: number): SubPipeline
  project(spec: Record<string, number>): SubPipeline
  count(field: string): SubPipeline
  done(): object[]
}

/**
 * Runs the reads in one request (in order: one with `inIdsOf` names an earlier one). A row that does not fit
 * its schema is left out and logged, as a list read leaves it out. Null when the anchor is not there.
 */
export async function batchRead<R extends Record<string, Read>>(
  db: Database,
  anchor: Anchor,
  typed: R,
  /** Reads under names made at run time (one per committee…), answered in `more`. */
  more: Readonly<Record<string, Read>> = {},
): Promise<(Answers<R> & { readonly more: Readonly<Record<string, unknown[]>> }) | null> {
  const _ = db.command
  const $ = _.aggregate
  const store = storeOf(db)
  const reads: Record<string, Read> = { ...more, ...typed }
  const names = Object.keys(reads)
  const [row] = await store[anchor.collection].aggregate((p) => {
    let q = p.match({ _id: anchor.id })
    for (const as of names) {
      const r = reads[as]
      let sub = ($ as unknown as { pipeline(): SubPipeline }).pipeline()
      // The pipeline form of the cloud's $lookup is documented with `let`: the anchor is named even when
      // the sub-pipeline does not use it.
      const vars: Record<string, string> = { anchor: '$_id' }
      if (r.inIdsOf) {
        vars.ids = `$${r.inIdsOf.read}._id`
        sub = sub.match(
          _.and([
            r.where,
            (_ as unknown as { expr(e: unknown): object }).expr($.in([`$${r.inIdsOf.field}`, '$$ids'])),
          ]),
        )
      } else sub = sub.match(r.where)
      if (r.count) sub = sub.count('n')
      else {
        if (r.orderBy?.length)
          sub = sub.sort(Object.fromEntries(r.orderBy.map(([f, d]) => [f, d === 'asc' ? 1 : -1])))
        if (r.limit !== undefined) sub = sub.limit(r.limit)
        if (r.fields) sub = sub.project(Object.fromEntries([...r.fields, '_id'].map((f) => [f, 1])))
      }
      q = q.lookup({ from: store[r.from].name, let: vars, pipeline: sub.done(), as })
    }
    return q.project(Object.fromEntries(names.map((n) => [n, 1])))
  }, Answer)
  if (!row) return null
  const out: Record<string, unknown[]> = {}
  for (const as of names) {
    const list = Array.isArray(row[as]) ? (row[as] as unknown[]) : []
    out[as] = list.flatMap((d) => {
      const p = reads[as].row.safeParse(d)
      if (p.success) return [p.data]
      logLine('warn', { fn: 'reports', read: as, outcome: 'row-left-out', issue: p.error.issues[0]?.message })
      return []
    })
  }
  const answers: Record<string, unknown> = { ...out, more: {} }
  for (const k of Object.keys(more))
    if (!(k in typed)) (answers.more as Record<string, unknown[]>)[k] = out[k]
  return answers as Answers<R> & { readonly more: Readonly<Record<string, unknown[]>> }
}
