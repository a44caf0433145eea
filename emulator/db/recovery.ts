/**
 * Start-up: loads what the previous instance left on disk (the snapshot, then every acknowledged journal
 * line, in order) into the store, and tells compaction how to snapshot the store, which is the inverse of
 * that load. Replaying puts or deletes whole documents, so a line that is also in the snapshot is harmless.
 */
import { idKey, type Doc } from './collection'
import type { JournalRecord } from './commit'
import { decode, encode } from './ejson'
import { Journal, type JournalRecovery } from './journal'
import type { Store } from './store'

export interface Recovered {
  readonly journal: Journal
  /** Bytes of a torn, never acknowledged write cut from the end of the journal. */
  readonly droppedBytes: number
}

/** Stored text never holds `serverDate()` (it was resolved when written), so replay needs no clock. */
const noClock = (): number => 0

/** Loads the data in `dir` into `store`, then opens its journal for appending (compacts past `compactAt`). */
export async function recover(store: Store, dir: string, compactAt?: number): Promise<Recovered> {
  const { journal, recovery } = await Journal.open(dir, compactAt)
  replay(store, recovery)
  journal.snapshotSource = () => snapshotOf(store)
  return { journal, droppedBytes: recovery.droppedBytes }
}

/** Loads a snapshot and the journal records after it; indexes are built once, at the end. */
export function replay(store: Store, recovery: JournalRecovery): void {
  for (const name of recovery.header?.created ?? []) store.ensure(name)
  for (const line of recovery.snapshotLines) {
    const [name, doc] = JSON.parse(line) as [string, unknown]
    const d = decode(doc, noClock) as Doc
    store.ensure(name).loadRaw(idKey(d._id), d)
  }
  for (const record of recovery.journalRecords) {
    const rec = record as JournalRecord
    if (rec.cc) store.ensure(rec.cc)
    for (const [name, id, doc] of rec.w ?? []) {
      const d = doc === null ? undefined : (decode(doc, noClock) as Doc)
      store.ensure(name).loadRaw(idKey(decode(id, noClock)), d)
    }
  }
  for (const c of store.collections()) c.rebuildIndexes()
}

/** The snapshot body replay() loads: `[collection, document]` per line, plus the run-time collections. */
export function snapshotOf(store: Store): { created: string[]; lines: Iterable<string> } {
  return {
    created: store.created(),
    lines: (function* () {
      for (const c of store.collections()) {
        const prefix = `[${JSON.stringify(c.name)},`
        for (const d of c.docs.values()) yield prefix + encode(d) + ']'
      }
    })(),
  }
}
