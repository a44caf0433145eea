/**
 * One message, from claimed to its outcome: check it against its template, send it, record the outcome and
 * keep Linli's grant bookkeeping (`subscriptions`) in step with WeChat's. Shared by the `deliver` sweep and
 * by `sendNow` (public.ts), which actions call right after the write that caused a message.
 */
import { misfit, templateId, templateKind, type MessageDoc } from '../../types/messages'
import { derivedId } from '../shared/ids'
import type { Patch } from '../shared/data'
import type { TimerCtx } from '../shared/router'
import { truncateData } from './rules/fields'
import { afterError, NOT_GRANTED, type Outcome } from './rules/retry'

export type SendCtx = Pick<TimerCtx, 'store' | '_' | 'now' | 'cloud'>

/** Sends a message this run has claimed (`claimedBy: runId`) and records what happened. */
export async function sendClaimed(
  ctx: SendCtx,
  m: MessageDoc,
  runId: string,
  attempts: number,
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
  await ctx.store.messages.updateWhere({ _id: m._id, status: 'sending', claimedBy: runId }, patch)
  if (tid) await keepBooks(ctx, m, tid, outcome)
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
