/**
 * Several reads in one request: an aggregate's `$lookup` stages bring other collections' documents into
 * the row it answers. `lookupWhere` builds a stage whose sub-pipeline opens with a constant condition —
 * the same `where` a `find` would send, so the cloud reads it with the same indexes — then orders, limits
 * or counts; `lookupRows` parses what such a stage brought as the collection's documents.
 *
 * The stage has the documented form `{ from, let, pipeline, as }` (the sub-pipeline built with the SDK's
 * `db.command.aggregate.pipeline()`, cloudbase-wire.md §5). A row holding the looked-up documents is one
 * document of the answer, so keep each lookup bounded (a `limit`): MongoDB caps a document at 16 MB.
 */
import { z } from 'zod'
import type { Database } from '../cloud'
import type { CollectionName, DocOf } from './collections'
import { parseDoc, parseRows, schemaOf, type Where } from './repo'

/** What `db.command.aggregate.pipeline()` builds (the SDK's typings leave it out). */
interface SubPipeline {
  match(where: object): SubPipeline
  sort(spec: Record<string, 1 | -1>): SubPipeline
  limit(n: number): SubPipeline
  project(spec: Record<string, 0 | 1>): SubPipeline
  count(field: string): SubPipeline
  done(): Record<string, unknown>[]
}

export interface LookupOptions<N extends CollectionName> {
  readonly orderBy?: readonly (readonly [(keyof DocOf<N> & string) | `${string}.${string}`, 'asc' | 'desc'])[]
  readonly limit?: number
  /** Fields left out (`false`) of the looked-up documents; they must be optional in the schema. */
  readonly fields?: { readonly [K in keyof DocOf<N> & string]?: false }
}

/** The `$lookup` of `from`'s documents matching `where` (ordered and limited as a `find` would be) into `as`. */
export function lookupWhere<N extends CollectionName>(
  db: Database,
  from: N,
  where: Where<N>,
  as: string,
  opts: LookupOptions<N> = {},
): Record<string, unknown> {
  let p = subPipeline(db).match(where)
  if (opts.orderBy?.length)
    p = p.sort(Object.fromEntries(opts.orderBy.map(([f, dir]) => [f, dir === 'asc' ? 1 : -1])))
  if (opts.limit) p = p.limit(opts.limit)
  if (opts.fields) p = p.project(Object.fromEntries(Object.keys(opts.fields).map((f) => [f, 0 as const])))
  return { from, let: {}, pipeline: p.done(), as }
}

/** The `$lookup` of how many of `from`'s documents match `where`, into `as` as `[{ n }]` (`[]` for none). */
export function lookupCount<N extends CollectionName>(
  db: Database,
  from: N,
  where: Where<N>,
  as: string,
): Record<string, unknown> {
  return { from, let: {}, pipeline: subPipeline(db).match(where).count('n').done(), as }
}

const subPipeline = (db: Database): SubPipeline =>
  (db.command.aggregate as unknown as { pipeline(): SubPipeline }).pipeline()

/**
 * The documents a lookup brought, parsed with `name`'s schema (or `schema`, the part of it a lookup projects):
 * a row that does not fit is left out and logged, as a list read leaves it out; a missing field reads as none.
 */
export const lookupRows = <N extends CollectionName, S extends z.ZodType = z.ZodType<DocOf<N>>>(
  name: N,
  schema?: S,
) =>
  z
    .array(z.unknown())
    .default([])
    .transform((rows): z.output<S>[] => parseRows(name, schema ?? schemaOf(name), rows))

/** What `lookupCount` brought, as a number. */
export const lookupTotal = z
  .array(z.object({ n: z.number() }).loose())
  .default([])
  .transform((rows) => rows[0]?.n ?? 0)

/**
 * One stored document of `name` from an aggregate row (its lookups taken off): a document that does not
 * fit is a fault, as `get` treats it.
 */
export const parseDocOf = <N extends CollectionName>(name: N, raw: unknown): DocOf<N> =>
  parseDoc(name, schemaOf(name), raw) as DocOf<N>
