/**
 * Optimistic transactions (docs/cloudbase-wire.md §6): a transaction remembers the version of every
 * document it read or wrote and keeps its writes to itself; its commit is refused with
 * DATABASE_TRANSACTION_CONFLICT when any of those documents changed in the meantime. wx-server-sdk then
 * reruns the whole callback in a new transaction, so a refused transaction is discarded, not kept.
 */
import {
  compileFilter,
  idKey,
  isIdOnly,
  makeSorter,
  newId,
  type Collection,
  type Doc,
  type QueryOpts,
} from './collection'
import type { Write } from './commit'
import { DbError } from './errors'

/** An open transaction left untouched this long is discarded (MongoDB's transactionLifetimeLimitSeconds). */
export const TRANSACTION_IDLE_MS = 60_000

interface TxEntry {
  readonly c: Collection
  readonly id: string
  /** Version of the document when the transaction first touched it. */
  readonly base: number
  /** undefined: only read; null: deleted; otherwise the new document. */
  doc?: Doc | null
}

export interface Transaction {
  readonly id: string
  readonly entries: Map<string, TxEntry>
  touched: number
}

export type Commit = (writes: readonly Write[]) => Promise<void>

const entryKey = (c: Collection, id: string): string => `${c.name}\u0000${id}`

export class Transactions {
  private readonly open = new Map<string, Transaction>()

  /** `now` is real time, not the emulator's clock: moving the clock forward must not expire transactions. */
  constructor(
    private readonly commitWrites: Commit,
    private readonly now: () => number = Date.now,
  ) {}

  start(): string {
    this.expire()
    const id = `tx-${newId()}`
    this.open.set(id, { id, entries: new Map(), touched: this.now() })
    return id
  }

  /** The transaction `id` names (undefined when there is none); an unknown or expired one is refused. */
  lookup(id: string | undefined): Transaction | undefined {
    if (id === undefined) return undefined
    this.expire()
    const tx = this.open.get(id)
    if (!tx) throw new DbError('DATABASE_TRANSACTION_FAIL', `transaction ${id} does not exist or has expired`)
    tx.touched = this.now()
    return tx
  }

  /** Documents of `c` as `tx` sees them: its own writes laid over the committed state. */
  query(c: Collection, filter: Record<string, unknown> | undefined, q: QueryOpts, tx?: Transaction): Doc[] {
    if (!tx) return c.find(filter, q)
    const overlay = [...tx.entries.values()].filter((e) => e.c === c && e.doc !== undefined)
    let docs: Doc[]
    if (overlay.length === 0) docs = c.find(filter, q)
    else {
      const view = new Map(c.docs)
      for (const e of overlay) {
        if (e.doc) view.set(e.id, e.doc)
        else view.delete(e.id)
      }
      const test = compileFilter(filter)
      docs = [...view.values()].filter(test)
      if (q.sort?.length) docs.sort(makeSorter(q.sort))
      docs = docs.slice(q.skip ?? 0, (q.skip ?? 0) + (q.limit ?? Infinity))
    }
    for (const d of docs) noteRead(tx, c, idKey(d._id))
    // Reading a missing document by id counts too: a concurrent insert of it must conflict.
    if (docs.length === 0 && isIdOnly(filter)) noteRead(tx, c, idKey(filter!._id))
    return docs
  }

  /** Whether document `id` of `c` exists as `tx` sees it (not recorded as a read). */
  exists(c: Collection, id: string, tx?: Transaction): boolean {
    const e = tx?.entries.get(entryKey(c, id))
    return e && e.doc !== undefined ? e.doc !== null : c.docs.has(id)
  }

  /** Without `tx`, commits `writes` now; within one, keeps them there until its commit. */
  write(tx: Transaction | undefined, writes: readonly Write[]): Promise<void> {
    if (!tx) return this.commitWrites(writes)
    for (const w of writes) {
      const k = entryKey(w.c, w.id)
      const e = tx.entries.get(k) ?? { c: w.c, id: w.id, base: w.c.versions.get(w.id) ?? 0 }
      e.doc = w.doc ?? null
      tx.entries.set(k, e)
    }
    return Promise.resolve()
  }

  /** Commits `tx`'s writes unless a document it touched changed since; either way `tx` is over. */
  async commit(tx: Transaction): Promise<void> {
    this.open.delete(tx.id)
    const writes: Write[] = []
    for (const e of tx.entries.values()) {
      if ((e.c.versions.get(e.id) ?? 0) !== e.base) {
        throw new DbError(
          'DATABASE_TRANSACTION_CONFLICT',
          `transaction ${tx.id} conflicts with a concurrent write to ${e.c.name}/${e.id}; retry the transaction`,
        )
      }
      if (e.doc !== undefined) writes.push({ c: e.c, id: e.id, doc: e.doc ?? undefined })
    }
    await this.commitWrites(writes)
  }

  /** Discards a transaction; one that is already gone (a refused commit discarded it) is no error. */
  abort(id: string): void {
    this.open.delete(id)
  }

  clear(): void {
    this.open.clear()
  }

  private expire(): void {
    const limit = this.now() - TRANSACTION_IDLE_MS
    for (const [id, tx] of this.open) if (tx.touched < limit) this.open.delete(id)
  }
}

function noteRead(tx: Transaction, c: Collection, id: string): void {
  const k = entryKey(c, id)
  if (!tx.entries.has(k)) tx.entries.set(k, { c, id, base: c.versions.get(id) ?? 0 })
}
