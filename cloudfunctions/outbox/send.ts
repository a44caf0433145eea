/**
 * One message, from claimed to its outcome: check it against its template, send it, record the outcome and
 * keep Linli's grant bookkeeping (`subscriptions`) in step with WeChat's. Shared by the `deliver` sweep and
 * by `sendCarried` (public.ts), which actions call right after the insert of the record carrying a message.
 */
import { misfit, templateId, templateKind, type MessageDoc } from '../../types/messages'
import { derivedId } from '../shared/ids'
import type { Patch } from '../shared/data'
import type { TimerCtx } from '../shared/router'
import { truncateData } from './rules/fields'
import { afterError, NOT_GRANTED, type Outcome } from './rules/retry'

export type SendCtx = Pick<TimerCtx, 'store' | '_' | 'now' | 'cloud'>

/**
 * Sends a message this run has claimed (`claimedBy: runId`) and records what happened: by a conditional
 * update of the claimed document in `messages`, or — for a message claimed inside the record that carries
 * it (`claimCarried` in public.ts), not yet in `messages` — by writing its document with the outcome.
 */
export async function sendClaimed(
  ctx: SendCtx,
  m: MessageDoc,
  runId: string,
  attempts: number,
  claim: 'messages' | 'carried' = 'messages',
): Promise<Outcome> {
  const { _, now } = ctx
  const tid = templateId(m.templateKey, process.env)
  const data = truncateData(m.data)
  const bad = misfit(m.templateKey, data)
  let outcome: Outcome
  if (!tid) {
    // Deployed without LINLI_TEMPLATE_<key>: sending the key would be a 40037 every time.
    outcome = { status: 'failed', lastError: `template not configured: set LINLI_TEMPLATE_${m.templateKey}` }
  } else if (bad) {
    // WeChat would answer 47003 every time: a bug in the code that wrote it, not worth eight attempts.
    outcome = { status: 'failed', lastError: `47003 data.${bad.field}.value invalid (${bad.problem})` }
  } else {
    try {
      await ctx.cloud.openapi.subscribeMessage.send({
        touser: m.touser,
        templateId: tid,
        page: m.page,
        data,
        miniprogramState: process.env.LINLI_MINIPROGRAM_STATE ?? 'formal',
        lang: 'zh_CN',
      } as never)
      outcome = { status: 'sent' }
    } catch (err) {
      outcome = afterError(err as { errCode?: number; errMsg?: string; message?: string }, attempts, now)
    }
  }
  const patch: Patch<'messages'> = {
    status: outcome.status,
    leaseUntil: _.remove(),
    claimedBy: _.remove(),
    ...(outcome.status === 'sent' ? { sentAt: now } : {}),
    ...('lastError' in outcome ? { lastError: outcome.lastError } : {}),
    ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
  }
  // The outcome and the grant's bookkeeping touch different documents: one round trip for both.
  await Promise.all([
    claim === 'carried'
      ? recordCarried(ctx, m, attempts, outcome)
      : ctx.store.messages.updateWhere({ _id: m._id, status: 'sending', claimedBy: runId }, patch),
    tid ? keepBooks(ctx, m, tid, outcome) : undefined,
  ])
  return outcome
}

/**
 * Linli's count follows WeChat's answer: a one-time grant is spent by a sent message; 43101 means none is
 * left (or the user switched the template off), whatever the count said. A long-term grant is not spent.
 * One conditional update, only when something changes.
 */
async function keepBooks(ctx: SendCtx, m: MessageDoc, tid: string, outcome: Outcome): Promise<void> {
  const id = derivedId('subscription', m.touser, tid)
  const notGranted = outcome.status === 'not_granted' && outcome.lastError.startsWith(String(NOT_GRANTED))
  if (notGranted)
    await ctx.store.subscriptions.updateWhere(
      { _id: id, remaining: ctx._.gt(0) },
      { remaining: 0, updatedAt: ctx.now },
    )
  else if (outcome.status === 'sent' && templateKind(m.templateKey) === 'once')
    await ctx.store.subscriptions.updateWhere(
      { _id: id, remaining: ctx._.gt(0) },
      { remaining: ctx._.inc(-1), updatedAt: ctx.now },
    )
}

/**
 * The outcome of a carried message, written as its document in `messages` by a replace-or-insert: if the
 * relay got there first it wrote the message as carried, still claimed by this run, and the outcome
 * replaces that. Nobody else can have claimed it yet: the lease outlasts the invocation (WRITE_LEASE_MS).
 */
async function recordCarried(ctx: SendCtx, m: MessageDoc, attempts: number, outcome: Outcome): Promise<void> {
  const { _id, claimedBy: _claim, leaseUntil: _lease, ...unclaimed } = m
  await ctx.store.messages.set(_id, {
    ...unclaimed,
    attempts,
    status: outcome.status,
    ...(outcome.status === 'sent' ? { sentAt: ctx.now } : {}),
    ...('lastError' in outcome ? { lastError: outcome.lastError } : {}),
    ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
  })
}
