/**
 * Messages an invocation writes are delivered by that same invocation (the router sends them before it
 * answers), so the `outbox` timer is only a sparse sweep for what a dead or slow sender left behind.
 *
 * The router opens a scope per invocation. Inside it, a `pending` message written to `messages` is written
 * already claimed by the invocation — `sending`, `claimedBy` its request id, a lease — so the write that
 * causes it is also the claim and delivery costs one request more (the outcome), not two. It is noted for
 * sending only once its write has landed: at once for a plain insert, after the commit for a transaction
 * (a rolled-back or retried transaction's messages are never sent). A message refused as a duplicate (a
 * retried action, a timer fired twice) belongs to whoever wrote it first and is not noted.
 *
 * If the invocation dies after the write, the lease runs out and the sweep sends the message: nothing is
 * lost. Outside a scope (seeds, tests writing documents directly) nothing changes.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { MessageDoc } from '../../../types/messages'

/**
 * How long a message written by an invocation stays claimed by it: longer than any function's timeout
 * (60 s at most), the same as a sweep's claim (LEASE_MS in outbox/rules/retry.ts).
 */
export const WRITE_LEASE_MS = 60_000

interface Scope {
  readonly requestId: string
  readonly now: Date
  readonly written: MessageDoc[]
}

const scopes = new AsyncLocalStorage<Scope>()
/** Documents this module claimed, so that messages an action claimed and sends itself are not sent twice. */
const claimed = new WeakSet<object>()

/** Runs `body` with a delivery scope; what it wrote comes back beside its result (or its error). */
export async function collectingWrites<T>(
  requestId: string,
  now: Date,
  body: () => Promise<T>,
): Promise<{ result: T; written: MessageDoc[] } | { error: unknown; written: MessageDoc[] }> {
  const scope: Scope = { requestId, now, written: [] }
  try {
    const result = await scopes.run(scope, body)
    return { result, written: scope.written }
  } catch (error) {
    return { error, written: scope.written }
  }
}

/** The document to write for `doc`: claimed by the current invocation when there is one and it is pending. */
export function claimedByWriter<D>(doc: D): D {
  const scope = scopes.getStore()
  const m = doc as unknown as MessageDoc
  if (!scope || m.status !== 'pending') return doc
  const out = {
    ...doc,
    status: 'sending',
    attempts: m.attempts + 1,
    claimedBy: scope.requestId,
    leaseUntil: new Date(scope.now.getTime() + WRITE_LEASE_MS),
  }
  claimed.add(out)
  return out
}

/**
 * Runs `body` as if outside any invocation: messages it writes stay `pending`, for the `outbox` sweep to send
 * (within its 10 minutes), instead of claimed and sent before the answer. For a fan-out — one message per
 * follower — whose sending one by one would cost the action a request per message for the outcome.
 */
export function leftForTheSweep<T>(body: () => Promise<T>): Promise<T> {
  return scopes.exit(body)
}

/** Notes messages whose write has landed, as the claimed documents that were written. */
export function noteWritten(docs: readonly unknown[]): void {
  const scope = scopes.getStore()
  if (!scope) return
  for (const d of docs)
    if (typeof d === 'object' && d !== null && claimed.has(d)) scope.written.push(d as MessageDoc)
}
