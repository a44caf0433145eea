/**
 * The outbox's public face. Every invocation delivers the messages it wrote before it answers
 * (`deliverWritten`, called by the router with what the data layer noted: shared/data/written.ts), so a
 * message reaches its person within seconds and the `outbox` timer is only a sparse sweep for what a dead or
 * slow sender left behind. `claimCarried` and `sendCarried` are for messages a record carries in its own
 * insert (a new demand's alert): claimed by the invocation inside that insert, sent right after it.
 */
import type { MessageDoc, PendingOutbox } from '../../types/messages'
import { logLine } from '../shared/log'
import { LEASE_MS } from './rules/retry'
import { sendClaimed, type SendCtx } from './send'

/** How long an action waits for WeChat before answering its caller anyway; the lease covers the rest. */
export const SEND_NOW_BUDGET_MS = 1_500
/** A timer run's messages: sent within this much of the run, the rest by the sweep once their lease ends. */
export const TIMER_SEND_BUDGET_MS = 8_000
/** Sends in flight at once from one invocation. */
const CONCURRENCY = 8

type DeliverCtx = SendCtx & { readonly requestId: string }

/**
 * Sends messages this invocation wrote claimed (`sending`, `claimedBy` its request id, a lease). No send
 * starts after `budgetMs`; one that has not started stays claimed until its lease runs out and the sweep
 * sends it. Never throws: the writes that caused the messages have already succeeded.
 * Database requests: 1 per message (its outcome), plus 1 when a one-time grant is spent or found gone.
 */
export async function deliverWritten(
  ctx: DeliverCtx,
  msgs: readonly MessageDoc[],
  budgetMs = SEND_NOW_BUDGET_MS,
): Promise<void> {
  if (msgs.length === 0) return
  // The claim counted the attempt already: the written document carries its number.
  await bounded(msgs, budgetMs, (m) => sendClaimed(ctx, m, ctx.requestId, m.attempts), 'deliverWritten')
}

/**
 * A record's carried outbox (`carried` in shared/outbox.ts) with its messages claimed by this invocation
 * inside the record's own insert — `sending`, `claimedBy` its request id, a lease — so that sending them
 * right after the insert (`sendCarried`) needs no claim of its own. Should the invocation die first, the
 * relay moves them into `messages` as they are and the sweep sends them once the lease has run out.
 */
export function claimCarried<C extends { readonly outbox: PendingOutbox }>(
  ctx: Pick<DeliverCtx, 'requestId' | 'now'>,
  carried: C,
): C {
  const messages = carried.outbox.messages.map((m) => ({
    ...m,
    status: 'sending' as const,
    attempts: m.attempts + 1,
    claimedBy: ctx.requestId,
    leaseUntil: new Date(ctx.now.getTime() + LEASE_MS),
  }))
  return { ...carried, outbox: { ...carried.outbox, messages } }
}

/**
 * Sends messages claimed by `claimCarried` once the record carrying them is written, each outcome written as
 * the message's document in `messages` (the relay later finds it there and leaves it as it is). Never throws: the
 * record has already been written.
 * Database requests: 1 per message (its outcome), plus 1 when a one-time grant is spent or found gone.
 */
export async function sendCarried(
  ctx: DeliverCtx,
  msgs: readonly MessageDoc[],
  budgetMs = SEND_NOW_BUDGET_MS,
): Promise<void> {
  if (msgs.length === 0) return
  await bounded(
    msgs,
    budgetMs,
    (m) => sendClaimed(ctx, m, ctx.requestId, m.attempts, 'carried'),
    'sendCarried',
  )
}

/**
 * Runs `one` over `items`, CONCURRENCY at a time, starting none after `budgetMs`; returns when all started
 * ones are done or the budget is over, whichever is first (a send still running then finishes on its own
 * or is left to its lease). Errors are logged per item.
 */
async function bounded<T>(
  items: readonly T[],
  budgetMs: number,
  one: (item: T) => Promise<unknown>,
  trigger: string,
): Promise<void> {
  const deadline = Date.now() + budgetMs
  let next = 0
  const worker = async () => {
    while (next < items.length && Date.now() < deadline) {
      const item = items[next++]
      try {
        await one(item)
      } catch (err) {
        logLine('error', {
          fn: 'outbox',
          trigger,
          error: String((err as Error)?.message ?? err).slice(0, 300),
        })
      }
    }
  }
  const work = Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker))
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, budgetMs)
  })
  await Promise.race([work, timeout])
  clearTimeout(timer)
  const left = items.length - next
  if (left > 0) logLine('warn', { fn: 'outbox', trigger, leftForSweep: left })
}
