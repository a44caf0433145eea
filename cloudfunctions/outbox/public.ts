/**
 * The outbox's public face. Every invocation delivers the messages it wrote before it answers
 * (`deliverWritten`, called by the router with what the data layer noted: shared/data/written.ts), so a
 * message reaches its person within seconds and the `outbox` timer is only a sparse sweep for what a dead or
 * slow sender left behind. `sendNow` is for messages an action claims itself (a new demand's alert, carried
 * inside the demand's own insert).
 */
import type { MessageDoc } from '../../types/messages'
import { isDuplicateKey } from '../shared/errors'
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
 * Writes each message already claimed by this run (`sending`, with a lease) and sends it. The write is the
 * claim: a message already in `messages` (a retried action, or the relay got there first) belongs to
 * someone else and is skipped. If this run dies or runs out of budget after the claim, the lease runs out
 * and the `deliver` sweep sends it. Never throws: the action's own write has already succeeded.
 * Database requests: 2 per message (claim, outcome), plus 1 when a one-time grant is spent.
 */
export async function sendNow(
  ctx: DeliverCtx,
  msgs: readonly MessageDoc[],
  budgetMs = SEND_NOW_BUDGET_MS,
): Promise<void> {
  if (msgs.length === 0) return
  await bounded(
    msgs,
    budgetMs,
    async (m) => {
      try {
        await ctx.store.messages.add({
          ...m,
          status: 'sending',
          attempts: m.attempts + 1,
          claimedBy: ctx.requestId,
          leaseUntil: new Date(ctx.now.getTime() + LEASE_MS),
        })
      } catch (err) {
        if (isDuplicateKey(err)) return
        throw err
      }
      await sendClaimed(ctx, m, ctx.requestId, m.attempts + 1)
    },
    'sendNow',
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
