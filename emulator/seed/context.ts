import type { LocalCloud } from '../server'
import type { CollectionName, DocOf, NewDocOf } from '../../cloudfunctions/shared/data'
import type { Rng } from './random'

/** What a bounded context's demo-data module gets: a fixed "now", deterministic randomness and a writer. */
export interface SeedContext {
  readonly now: Date
  readonly rng: Rng
  readonly cloud: LocalCloud
  /** Durable insert that keeps the given `_id`s; each document is checked against its collection's schema. */
  insert<N extends CollectionName>(collection: N, docs: readonly NewDocOf<N>[]): Promise<void>
  /** Documents inserted so far by earlier modules, by collection (later modules build on them). */
  inserted<N extends CollectionName>(collection: N): readonly DocOf<N>[]
}

export type SeedModule = (ctx: SeedContext) => Promise<void>
