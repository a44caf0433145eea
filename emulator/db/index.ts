/**
 * The local CloudBase document database: answers the `database.*` actions of POST /admin exactly as
 * wx-server-sdk expects them (docs/cloudbase-wire.md §3–§6), keeps every collection in memory with the
 * manifest's indexes, and makes each acknowledged write durable in the journal first. This module only
 * puts the parts together: ./store.ts (collections), ./recovery.ts (start-up), ./commit.ts (writes),
 * ./transactions.ts, ./wire.ts (request decoding), ./actions.ts and ./admin.ts (the /admin service).
 */
import { join } from 'node:path'
import type { Clock } from '../clock'
import type { AdminService } from '../contracts'
import { createActions } from './actions'
import { createAdmin } from './admin'
import type { QueryPlan, SortSpec } from './collection'
import { Committer } from './commit'
import { clonePlain } from './ejson'
import { loadManifest } from './manifest'
import { recover } from './recovery'
import { Store } from './store'
import { Transactions } from './transactions'
import { insertWrites } from './writes'

export { MAX_DOCUMENT_BYTES } from './commit'
export { TRANSACTION_IDLE_MS } from './transactions'
export { DEFAULT_LIMIT, MAX_LIMIT } from './wire'

export interface FindOptions {
  /** `{ field: 1 | -1 }` in priority order, or `[field, dir]` pairs. */
  sort?: Record<string, 1 | -1> | SortSpec
  limit?: number
  skip?: number
}

export interface LocalDatabase {
  readonly admin: AdminService
  close(): Promise<void>
  /** Inserts documents durably (honours `_id`, enforces unique indexes); all or nothing. */
  insertMany(collection: string, docs: readonly object[]): Promise<void>
  /** Matching documents as plain copies (Dates stay Dates). */
  find(collection: string, filter?: object, opts?: FindOptions): Record<string, unknown>[]
  count(collection: string, filter?: object): number
  listCollections(): string[]
  /** True when no collection holds a document (the demo data has not been loaded). */
  isEmpty(): boolean
  /** Requests per wire action (e.g. `database.getDocument`) since start or the last reset. */
  requestCounts(): Record<string, number>
  resetRequestCounts(): void
  /** How the last query on a collection ran (index used, documents examined). */
  lastPlan(collection: string): QueryPlan | undefined
  /** Snapshots memory and starts a fresh journal. */
  compact(): Promise<void>
}

export async function openDatabase(opts: {
  dataDir: string
  clock: Clock
  quiet?: boolean
  manifestPath?: string
  /** Journal size that triggers compaction (bytes); default 64 MiB, or LINLI_DB_COMPACT_BYTES. */
  compactAt?: number
}): Promise<LocalDatabase> {
  const manifest = loadManifest(opts.manifestPath)
  const store = new Store(manifest.collections)
  const { journal, droppedBytes } = await recover(
    store,
    join(opts.dataDir, 'db'),
    opts.compactAt ?? (Number(process.env.LINLI_DB_COMPACT_BYTES) || undefined),
  )
  if (droppedBytes > 0 && !opts.quiet) {
    console.warn(`[db] dropped ${droppedBytes} bytes of an unacknowledged, torn journal write`)
  }
  const committer = new Committer(journal)
  const transactions = new Transactions((writes) => committer.commit(writes))
  const now = (): number => opts.clock.now()
  const admin = createAdmin(createActions({ store, transactions, committer, now }), { quiet: opts.quiet })

  const sortSpec = (s: FindOptions['sort']): SortSpec | undefined =>
    s === undefined ? undefined : Array.isArray(s) ? s : (Object.entries(s) as SortSpec)

  return {
    admin,
    async close() {
      transactions.clear()
      await journal.close(true)
    },
    async insertMany(name, docs) {
      const c = store.require(name)
      const copies = docs.map((d) => clonePlain(d) as Record<string, unknown>)
      await committer.commit(insertWrites(c, copies, (id) => c.docs.has(id), false))
    },
    find(name, filter, o = {}) {
      return store
        .require(name)
        .find(filter as Record<string, unknown> | undefined, {
          sort: sortSpec(o.sort),
          skip: o.skip,
          limit: o.limit,
        })
        .map((d) => clonePlain(d) as Record<string, unknown>)
    },
    count(name, filter) {
      return store.require(name).count(filter as Record<string, unknown> | undefined)
    },
    listCollections: () => store.names(),
    isEmpty: () => store.isEmpty(),
    requestCounts: () => admin.requestCounts(),
    resetRequestCounts: () => admin.resetRequestCounts(),
    lastPlan: (name) => store.get(name)?.lastPlan,
    compact: () => journal.compact(),
  }
}
