import type { LocalCloud } from '../server'
import type { Rng } from './random'

/** What a bounded context's demo-data module gets: a fixed "now", deterministic randomness and a writer. */
export interface SeedContext {
  readonly now: Date
  readonly rng: Rng
  readonly cloud: LocalCloud
  /** Durable insert that keeps the given `_id`s. */
  insert(collection: string, docs: readonly object[]): Promise<void>
  /** Documents inserted so far by earlier modules, by collection (later modules build on them). */
  inserted(collection: string): readonly Record<string, unknown>[]
}

export type SeedModule = (ctx: SeedContext) => Promise<void>
