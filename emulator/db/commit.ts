/**
 * The one way a write reaches the database: applied to memory all at once (unique indexes checked, undone
 * on failure), then appended to the journal as one line, so that recovery (./recovery.ts) replays it
 * whole or not at all. Each write stamps a new version on its document; transactions compare those
 * versions at commit to detect a concurrent write.
 */
import { decodeIdKey, encodeDoc, type Collection, type Doc } from './collection'
import { encode } from './ejson'
import { DbError } from './errors'

/** Largest stored document, as its EJSON text (MongoDB's and CloudBase's BSON limit is 16 MB). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024
/** Beyond this many writes to one collection, one merge per index is cheaper than a splice per document. */
const BULK_WRITES = 64

export interface Write {
  readonly c: Collection
  readonly id: string
  /** undefined deletes the document. */
  readonly doc: Doc | undefined
}

/** One journal line: `w` holds `[collection, _id, document or null]` writes, `cc` a created collection. */
export interface JournalRecord {
  readonly w?: readonly (readonly [string, unknown, unknown])[]
  readonly cc?: string
}

/** Where committed lines go: the journal in production, a plain array in tests. */
export interface LineSink {
  append(line: string): Promise<void>
}

export class Committer {
  private version = 0

  constructor(private readonly journal: LineSink) {}

  /**
   * Applies `writes` to memory, or none of them when one breaks a limit or a unique index (thrown
   * synchronously, before anything is journalled); resolves once the journal holds them.
   */
  commit(writes: readonly Write[]): Promise<void> {
    if (writes.length === 0) return Promise.resolve()
    const parts: string[] = []
    for (const w of writes) {
      // encodeDoc caches the text, so the first read of the stored document does not encode it again.
      const text = w.doc ? encodeDoc(w.doc) : 'null'
      if (text.length > MAX_DOCUMENT_BYTES) {
        throw new DbError(
          'DATABASE_REQUEST_FAILED',
          `document is larger than the ${MAX_DOCUMENT_BYTES} byte limit`,
        )
      }
      parts.push(`[${JSON.stringify(w.c.name)},${encode(w.doc ? w.doc._id : decodeIdKey(w.id))},${text}]`)
    }
    const line = `{"w":[${parts.join(',')}]}`
    if (writes.length > BULK_WRITES && writes.every((w) => w.c === writes[0].c)) {
      writes[0].c.bulkPut(writes, ++this.version)
      return this.journal.append(line)
    }
    const undo: { c: Collection; id: string; old: Doc | undefined; ver: number | undefined }[] = []
    try {
      for (const w of writes) {
        if (w.doc) w.c.checkUnique(w.id, w.doc)
        const ver = w.c.versions.get(w.id)
        const old = w.c.put(w.id, w.doc, ++this.version)
        undo.push({ c: w.c, id: w.id, old, ver })
      }
    } catch (e) {
      for (const u of undo.reverse()) {
        u.c.put(u.id, u.old, u.ver ?? 0)
        if (u.ver === undefined) u.c.versions.delete(u.id)
      }
      throw e
    }
    return this.journal.append(line)
  }

  /** Journals a collection created at run time, which the manifest would not bring back. */
  created(name: string): Promise<void> {
    const record: JournalRecord = { cc: name }
    return this.journal.append(JSON.stringify(record))
  }
}
