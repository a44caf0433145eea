/**
 * The outbox's public face: `sendNow` lets an action start delivering the messages its write caused, so an
 * alert reaches the person within seconds instead of at the next minute's sweep.
 */
import type { MessageDoc } from '../../types/messages'
import { isDuplicateKey } from '../shared/errors'
import { logLine } from '../shared/log'
import { LEASE_MS } from './rules/retry'
import { sendClaimed, type SendCtx } from './send'

/** How long an action waits for WeChat before answering its caller anyway; the lease covers the rest. */
export const SEND_NOW_BUDGET_MS = 1_500

/**
 * Writes each message already claimed by this run (`sending`, with a lease) and sends it. The write is the
 * claim: a message already in `messages` (a retried action, or the relay got there first) belongs to
 * someone else and is skipped. If this run dies or runs out of budget after the claim, the lease runs out
 * and the `deliver` sweep sends it. Never throws: the action's own write has already succeeded.
 * Database requests: 2 per message (claim, outcome), plus 1 when a one-time grant is spent.
 */
export async function sendNow(
  ctx: SendCtx & { readonly requestId: string },
  msgs: readonly MessageDoc[],
  budgetMs = SEND_NOW_BUDGET_MS,
): Promise<void> {
  const work = Promise.all(
    msgs.map(async (m) => {
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
    }),
  ).catch((err: unknown) =>
    logLine('error', {
      fn: 'outbox',
      trigger: 'sendNow',
      error: String((err as Error)?.message ?? err).slice(0, 300),
    }),
  )
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, budgetMs)
  })
  await Promise.race([work, timeout])
  clearTimeout(timer)
}
