import { createHash, randomBytes } from 'node:crypto'

/** 32 hex characters, like the ids CloudBase generates. */
export const newId = (): string => randomBytes(16).toString('hex')

/**
 * A stable document id for an idempotent write: the same caller, purpose and client request id always
 * give the same id, so a retried request collides on `_id` instead of writing twice.
 */
export const derivedId = (...parts: readonly string[]): string =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)
