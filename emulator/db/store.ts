/**
 * The collections in memory: the manifest's (with their indexes) and those created at run time. The
 * snapshot header lists the latter, because nothing else would bring them back after a restart.
 */
import { Collection, type IndexSpec } from './collection'
import { collectionNotExist, DbError } from './errors'

export interface CollectionSpec {
  readonly name: string
  readonly indexes: readonly IndexSpec[]
}

export class Store {
  private readonly byName = new Map<string, Collection>()
  private readonly runtime: string[] = []

  constructor(manifest: readonly CollectionSpec[]) {
    for (const c of manifest) this.byName.set(c.name, new Collection(c.name, [...c.indexes]))
  }

  /** The collection, created without indexes when missing (recovery, `addCollection`). */
  ensure(name: string): Collection {
    let c = this.byName.get(name)
    if (!c) {
      c = new Collection(name, [])
      this.byName.set(name, c)
      this.runtime.push(name)
    }
    return c
  }

  get(name: string): Collection | undefined {
    return this.byName.get(name)
  }

  has(name: string): boolean {
    return this.byName.has(name)
  }

  /** The collection a request names, or the cloud's error for a missing name or an unknown collection. */
  require(name: unknown): Collection {
    if (typeof name !== 'string' || name === '')
      throw new DbError('INVALID_PARAM', 'collectionName is required')
    const c = this.byName.get(name)
    if (!c) throw collectionNotExist(name)
    return c
  }

  /** Collections created at run time, in creation order. */
  created(): string[] {
    return [...this.runtime]
  }

  collections(): IterableIterator<Collection> {
    return this.byName.values()
  }

  names(): string[] {
    return [...this.byName.keys()].sort()
  }

  /** True when no collection holds a document. */
  isEmpty(): boolean {
    for (const c of this.byName.values()) if (c.docs.size > 0) return false
    return true
  }
}
