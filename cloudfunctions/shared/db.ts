/**
 * Typed reads over wx-server-sdk, whose declarations type results loosely. Documents are validated by the
 * caller where their shape matters (zod schemas in types/).
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

export async function countWhere(
  db: Database,
  collection: string,
  where: Record<string, unknown>,
): Promise<number> {
  const res = (await db.collection(collection).where(where).count()) as unknown as { total: number }
  return res.total
}

/** The rows that fit the schema, parsed; a row that does not (an older or hand-edited document) is skipped. */
export function validDocs<S extends z.ZodType>(schema: S, rows: readonly unknown[]): z.output<S>[] {
  return rows.flatMap((r) => {
    const p = schema.safeParse(r)
    return p.success ? [p.data] : []
  })
}
