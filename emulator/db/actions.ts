/**
 * One handler per `database.*` action of POST /admin (docs/cloudbase-wire.md §3–§6). Each resolves the
 * transaction and the collection the request names, decodes the rest (./wire.ts), and answers the reply
 * body wx-server-sdk expects; a DbError thrown on the way becomes the cloud's `{ code, message }`.
 */
import { Query } from 'mingo'
import type { AdminBody, AdminReply } from '../contracts'
import { aggregate } from './aggregate'
import { encodeDoc, idKey, type Doc } from './collection'
import type { Committer } from './commit'
import { encode } from './ejson'
import { DbError, fromMingo } from './errors'
import type { Store } from './store'
import type { Transactions } from './transactions'
import {
  decodeFind,
  decodeInsert,
  decodeModify,
  decodeNewCollection,
  decodePipeline,
  decodeQuery,
  decodeRemove,
  transactionIdOf,
} from './wire'
import { insertWrites, modifyWrites } from './writes'

export type ActionReply = Omit<AdminReply, 'requestId'>
export type Action = (body: AdminBody) => Promise<ActionReply>

export interface ActionDeps {
  readonly store: Store
  readonly transactions: Transactions
  readonly committer: Committer
  /** The emulator's clock, for `db.serverDate()`. */
  readonly now: () => number
}

export function createActions({
  store,
  transactions: txs,
  committer,
  now,
}: ActionDeps): Readonly<Record<string, Action>> {
  async function modify(body: AdminBody, returnDoc: boolean): Promise<ActionReply> {
    const tx = txs.lookup(transactionIdOf(body))
    const c = store.require(body.collectionName)
    const decoded = decodeModify(body, now)
    // modifyAndReturnDoc changes one document, whatever `multi` says.
    const op = returnDoc ? { ...decoded, multi: false } : decoded
    const targets = txs.query(c, op.query, { limit: op.multi ? Infinity : 1 }, tx)
    const { writes, last, upsertId } = modifyWrites(c, targets, op)
    await txs.write(tx, writes)
    const data: Record<string, unknown> = { updated: upsertId === undefined ? writes.length : 0 }
    if (upsertId !== undefined) data.upsert_id = upsertId
    if (returnDoc) data.doc = last ? encode(last) : undefined
    return { data }
  }

  return {
    'database.getDocument': async (body) => {
      const tx = txs.lookup(transactionIdOf(body))
      const c = store.require(body.collectionName)
      const op = decodeFind(body, now)
      const docs = txs.query(c, op.query, { sort: op.order, skip: op.offset, limit: op.limit }, tx)
      const list = docs.map((d) => (op.projection ? encode(project(d, op.projection)) : encodeDoc(d)))
      return { data: { list } }
    },

    // count() never runs inside a transaction (docs/cloudbase-wire.md §3.4).
    'database.calculateDocument': async (body) => {
      const c = store.require(body.collectionName)
      return { data: { total: c.count(decodeQuery(body, now)) } }
    },

    'database.insertDocument': async (body) => {
      const tx = txs.lookup(transactionIdOf(body))
      const c = store.require(body.collectionName)
      const writes = insertWrites(c, decodeInsert(body, now), (id) => txs.exists(c, id, tx), true)
      await txs.write(tx, writes)
      return { data: { insertedIds: writes.map((w) => w.doc!._id) } }
    },

    'database.modifyDocument': (body) => modify(body, false),
    'database.modifyAndReturnDoc': (body) => modify(body, true),

    'database.removeDocument': async (body) => {
      const tx = txs.lookup(transactionIdOf(body))
      const c = store.require(body.collectionName)
      const op = decodeRemove(body, now)
      const targets = txs.query(c, op.query, { limit: op.multi ? Infinity : 1 }, tx)
      await txs.write(
        tx,
        targets.map((d) => ({ c, id: idKey(d._id), doc: undefined })),
      )
      return { data: { deleted: targets.length } }
    },

    'database.addCollection': async (body) => {
      const name = decodeNewCollection(body)
      if (store.has(name)) throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `Table exist: ${name}`)
      store.ensure(name)
      await committer.created(name)
      return {}
    },

    'database.aggregateDocuments': async (body) => {
      const c = store.require(body.collectionName)
      const out = aggregate(c, decodePipeline(body, now), (name) => store.get(name))
      return { data: { list: out.map((d) => encode(d)) } }
    },

    // The id is at the top level of the reply, not in `data` (docs/cloudbase-wire.md §0.4).
    'database.startTransaction': async () => ({ transactionId: txs.start() }),

    'database.commitTransaction': async (body) => {
      const tx = txs.lookup(transactionIdOf(body))
      if (!tx) throw new DbError('INVALID_PARAM', 'transactionId is required')
      await txs.commit(tx)
      return {}
    },

    'database.abortTransaction': async (body) => {
      // A refused commit already discarded the transaction, and the SDK may still abort it
      // (docs/cloudbase-wire.md §6): that is no error.
      if (body.transactionId !== undefined) txs.abort(String(body.transactionId))
      return {}
    },
  }
}

function project(d: Doc, projection: Record<string, unknown>): unknown {
  if (Object.keys(projection).length === 0) return d
  try {
    return new Query({}, {}).find([d], projection).all()[0]
  } catch (e) {
    throw fromMingo(e)
  }
}
