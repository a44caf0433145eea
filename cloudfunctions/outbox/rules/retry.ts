/**
 * Delivery attempts (投递重试): 43101 (no grant) is final; any other error retries after 1, 2, 4, 8 … minutes,
 * and the message is `failed` once it has had MAX_ATTEMPTS tries.
 */
export const MAX_ATTEMPTS = 8
/** How long a claimed message stays with its runner; longer than the function's 20 s timeout. */
export const LEASE_MS = 60_000
/** WeChat: the user has not granted (or has used up) the template. */
export const NOT_GRANTED = 43101

export type Outcome =
  | { status: 'sent' }
  | { status: 'not_granted'; lastError: string }
  | { status: 'failed'; lastError: string }
  | { status: 'pending'; nextAttemptAt: Date; lastError: string }

/** What to record after attempt number `attempts` (1-based, already counted at the claim) ended with `err`. */
export function afterError(
  err: { errCode?: number; errMsg?: string; message?: string },
  attempts: number,
  now: Date,
): Outcome {
  const lastError = `${err.errCode ?? ''} ${err.errMsg ?? err.message ?? ''}`.trim().slice(0, 300)
  if (err.errCode === NOT_GRANTED) return { status: 'not_granted', lastError }
  if (attempts >= MAX_ATTEMPTS) return { status: 'failed', lastError }
  return { status: 'pending', nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)), lastError }
}

export const backoffMs = (attempts: number): number => 60_000 * 2 ** Math.max(0, attempts - 1)
