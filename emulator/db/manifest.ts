/**
 * The collections manifest (`cloudfunctions/collections.json`): every collection, its permission and its
 * indexes. The emulator creates the collections and indexes from it; deployment applies the same file.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

const fieldPath = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*$/, 'a field path such as a or a.b')

export const indexSchema = z.object({
  name: z.string().min(1),
  keys: z.array(z.object({ field: fieldPath, direction: z.union([z.literal(1), z.literal(-1)]) })).min(1),
  unique: z.boolean().optional(),
  /** With `unique`: documents whose indexed fields are all missing or null are not checked (MongoDB sparse). */
  sparse: z.boolean().optional(),
})

/** A collection name: a letter, then up to 63 letters, digits, `_` or `-`. */
export const COLLECTION_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/

export const collectionSchema = z.object({
  name: z.string().regex(COLLECTION_NAME_PATTERN),
  /** Only "functions only" is used by Linli: clients never read or write collections directly. */
  permission: z.enum(['ADMINONLY', 'ADMINWRITE', 'PRIVATE', 'READONLY', 'CUSTOM']),
  indexes: z.array(indexSchema),
})

export const manifestSchema = z.object({
  collections: z.array(collectionSchema),
})

export type CollectionManifest = z.infer<typeof manifestSchema>

export const defaultManifestPath = (): string =>
  join(__dirname, '..', '..', 'cloudfunctions', 'collections.json')

export function loadManifest(path = defaultManifestPath()): CollectionManifest {
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) {
    throw new Error(`invalid collections manifest ${path}: ${z.prettifyError(parsed.error)}`)
  }
  const seen = new Set<string>()
  for (const c of parsed.data.collections) {
    if (seen.has(c.name)) throw new Error(`collections manifest: ${c.name} is listed twice`)
    seen.add(c.name)
    const names = new Set<string>()
    for (const ix of c.indexes) {
      if (names.has(ix.name))
        throw new Error(`collections manifest: ${c.name} has two indexes named ${ix.name}`)
      names.add(ix.name)
    }
  }
  return parsed.data
}
