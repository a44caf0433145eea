/**
 * The data layer's public face: the collection registry and the typed repositories. Nothing outside
 * `cloudfunctions/shared/data/` names a collection by string or calls `db.collection()`.
 */
export {
  COLLECTIONS,
  COLLECTION_NAMES,
  manifest,
  type CollectionName,
  type DocOf,
  type NewDocOf,
} from './collections'
export {
  checkDoc,
  DocumentShapeError,
  MAX_PAGE,
  repo,
  storeOf,
  stripUndefined,
  transaction,
  type Aggregate,
  type Patch,
  type Repo,
  type Store,
  type TxRepo,
  type TxStore,
  type UpdateCommand,
  type Where,
  type WhereFields,
  type LogicCommand,
} from './repo'
export { lookupCount, lookupRows, lookupTotal, lookupWhere, parseDocOf, type LookupOptions } from './lookup'
export { collectingWrites, leftForTheSweep, WRITE_LEASE_MS } from './written'
