/**
 * Errors the database answers with: `code` is the CloudBase error string that wx-server-sdk maps
 * (docs/cloudbase-wire.md §1.5), `message` the server text appended to the user-visible errMsg.
 */
export type DbErrorCode =
  | 'INVALID_PARAM'
  | 'SYS_ERR'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_EXCEED_LIMIT'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'

export class DbError extends Error {
  constructor(
    readonly code: DbErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'DbError'
  }
}

export const collectionNotExist = (name: string): DbError =>
  new DbError('DATABASE_COLLECTION_NOT_EXIST', `Db or Table not exist: ${name}`)

/** Maps a mingo exception (unknown operator, bad argument) to the cloud's error. */
export function fromMingo(err: unknown): DbError {
  if (err instanceof DbError) return err
  const msg = err instanceof Error ? err.message : String(err)
  if (
    /unknown|not supported|unsupported|not registered|unregistered|invalid (query|update|pipeline|expression) operator/i.test(
      msg,
    )
  ) {
    return new DbError('DATABASE_INVALID_OPERRATOR', msg)
  }
  return new DbError('DATABASE_REQUEST_FAILED', msg)
}
