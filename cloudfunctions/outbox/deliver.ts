/**
 * deliver (投递订阅消息), the sweep, every ten minutes: first the relay (relay.ts) moves messages that records
 * carry into `messages`, then the oldest due messages, batches of 100 while they come back full and the run
 * has time, each claimed before it is sent so that two runs never send the same message.
 *
 *   pending ──claim──▶ sending(lease) ──send ok──▶ sent
 *                          │            └─43101──▶ not_granted   (final: no grant, never retried)
 *                          │            └─error──▶ pending, next try after 1, 2, 4 … min; failed after 8
 *                          └─lease expired (the run was killed) ──▶ claimed again by a later run
 *
 * Most messages never wait for it: the invocation that writes a message writes it claimed and sends it
 * before it answers (shared/data/written.ts, `deliverWritten` in public.ts). The sweep finds what such a
 * sender left: a lease that ran out (killed, or past its sending budget) and retries after an error. So the
 * timer can be sparse — an idle day costs 144 runs of four reads each (the relay's visits and demands, the
 * messages due, and an Excel import whose run stopped, see community/public.ts) and two more in the first run
 * of each hour (the relay's hourly repair, relay.ts) — while nothing is lost.
 *
 * The claim is one conditional update (`status` and the exact `attempts` seen), so of two runs reading the
 * same message only one wins; the mark after sending is conditional on the winner's claim id. A run killed
 * between claim and send leaves `sending` with a lease; the next run after the lease recovers and sends it:
 * nothing is lost. The one window the protocol cannot close: a kill after WeChat accepted the send and
 * before the `sent` mark reached the database (one database round trip, a few milliseconds). There is no
 * idempotency key on subscribeMessage.send, so the recovered message is sent again — bounded by WeChat's
 * one-time grants: a second copy needs a second unused grant of that template, otherwise it is answered
 * 43101 and recorded `not_granted`. We prefer that to losing an overdue alert.
 */
import type { MessageDoc } from '../../types/messages'
import type { Where } from '../shared/data'
import type { TimerCtx } from '../shared/router'
import { logLine } from '../shared/log'
import { resumeStalledImport } from '../community/public'
import { forEachLimit } from './pool'
import { relay } from './relay'
import { LEASE_MS } from './rules/retry'
import { sendClaimed } from './send'

export const BATCH = 100
const CONCURRENCY = 4
/** No batch starts after this much of a run (the function's timeout is 20 s; a claim lasts 60 s). */
const BUDGET_MS = 8_000
/** A stalled import's slice ends by this much of the run, leaving a batch's overrun inside the timeout. */
const IMPORT_BY_MS = 10_000

export interface DeliverResult {
  /** Records whose carried messages and counters were handed over in this run. */
  readonly relayed: number
  readonly picked: number
  readonly sent: number
  readonly notGranted: number
  readonly retried: number
  readonly failed: number
  readonly skipped: number
  /** An Excel import whose run had stopped, carried on for a slice (community/public.ts). */
  readonly resumedImport?: { jobId: string; state: string; done: number }
}

export async function deliver(ctx: TimerCtx): Promise<DeliverResult> {
  const { _, now } = ctx
  const messages = ctx.store.messages
  const runId = ctx.requestId
  const runStarted = Date.now()
  const until = runStarted + BUDGET_MS
  const relayed = await relay(ctx)
  const tally = { relayed, picked: 0, sent: 0, notGranted: 0, retried: 0, failed: 0, skipped: 0 }

  async function one(m: MessageDoc): Promise<void> {
    const claimWhere: Where<'messages'> = {
      _id: m._id,
      status: m.status,
      attempts: m.attempts,
      ...(m.status === 'sending' ? { leaseUntil: _.lte(now) } : {}),
    }
    const claimed = await messages.updateWhere(claimWhere, {
      status: 'sending',
      leaseUntil: new Date(now.getTime() + LEASE_MS),
      claimedBy: runId,
      attempts: _.inc(1),
    })
    if (claimed !== 1) {
      tally.skipped++
      return
    }
    const outcome = await sendClaimed(ctx, m, runId, m.attempts + 1)
    if (outcome.status === 'sent') tally.sent++
    else if (outcome.status === 'not_granted') tally.notGranted++
    else if (outcome.status === 'failed') tally.failed++
    else tally.retried++
  }

  // Batch after batch while they come back full and the run has time: a sparse sweep may find a backlog.
  for (let full = true; full && Date.now() < until;) {
    const msgs = await messages.find(
      _.or([
        { status: 'pending', nextAttemptAt: _.lte(now) },
        { status: 'sending', leaseUntil: _.lte(now) },
      ]),
      { orderBy: [['createdAt', 'asc']], limit: BATCH },
    )
    tally.picked += msgs.length
    full = msgs.length === BATCH
    await forEachLimit(msgs, CONCURRENCY, one, (m, err) =>
      // A database error leaves the message as it was (pending, or sending until its lease runs out).
      logLine('error', {
        fn: 'outbox',
        trigger: 'deliver',
        message: m._id,
        error: String((err as Error)?.message ?? err).slice(0, 300),
      }),
    )
  }
  // One read for an import left without a run (killed, its owner gone); most sweeps find none.
  const resumed = await resumeStalledImport(
    ctx,
    Math.min(8_000, runStarted + IMPORT_BY_MS - Date.now()),
  ).catch((err: unknown) => {
    // The messages were delivered; the import keeps its place and the next sweep tries again.
    logLine('error', { fn: 'outbox', trigger: 'deliver', error: `import: ${String(err).slice(0, 300)}` })
    return null
  })
  return resumed ? { ...tally, resumedImport: resumed } : tally
}
