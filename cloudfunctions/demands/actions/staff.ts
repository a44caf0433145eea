/**
 * The staff actions on one demand (处理诉求): reply, toMeeting, escalate, transfer, resolve, reject,
 * markMicroMatter, linkDuplicate. Each is load → rule → save through `mutate`.
 */
import type { StaffDoc } from '../../../types/community'
import type { demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { invalid, notFound } from '../../shared/errors'
import * as rules from '../rules/lifecycle'
import { inScope } from '../rules/scope'
import { actorOf, mutate } from '../store'

export const reply: Handler<typeof demandsContract.reply> = (i, ctx) =>
  mutate(ctx, i.id, 'reply', i.clientRequestId, (d, ev) => rules.reply(d, actorOf(ctx), i.text, ctx.now, ev))

export const toMeeting: Handler<typeof demandsContract.toMeeting> = (i, ctx) =>
  mutate(ctx, i.id, 'toMeeting', i.clientRequestId, (d, ev) =>
    rules.toMeeting(d, actorOf(ctx), i.meetingDate, i.note, ctx.now, ev),
  )

export const escalate: Handler<typeof demandsContract.escalate> = (i, ctx) =>
  mutate(ctx, i.id, 'escalate', i.clientRequestId, (d, ev) =>
    rules.escalate(d, actorOf(ctx), i.note, ctx.now, ev),
  )

export const resolve: Handler<typeof demandsContract.resolve> = (i, ctx) =>
  mutate(ctx, i.id, 'resolve', i.clientRequestId, (d, ev) =>
    rules.resolve(d, actorOf(ctx), i.result, ctx.now, ev),
  )

export const reject: Handler<typeof demandsContract.reject> = (i, ctx) =>
  mutate(ctx, i.id, 'reject', i.clientRequestId, (d, ev) =>
    rules.reject(d, actorOf(ctx), i.investigation, ctx.now, ev),
  )

export const markMicroMatter: Handler<typeof demandsContract.markMicroMatter> = (i, ctx) =>
  mutate(ctx, i.id, 'markMicroMatter', i.clientRequestId, (d, ev) =>
    rules.markMicroMatter(d, actorOf(ctx), i.proposal, i.budgetYuan, ctx.now, ev),
  )

export const linkDuplicate: Handler<typeof demandsContract.linkDuplicate> = (i, ctx) =>
  mutate(ctx, i.id, 'linkDuplicate', i.clientRequestId, async (d, ev) => {
    const original = await ctx.store.demands.get(i.duplicateOfId)
    if (!original || !inScope(original, ctx.caller, ctx.scope))
      throw invalid('duplicateOfId', '没有找到要关联的诉求')
    return rules.linkDuplicate(d, original, actorOf(ctx), ctx.now, ev)
  })

/** Transfer to a colleague of the same committee, or to another committee of the sub-district (its admin). */
export const transfer: Handler<typeof demandsContract.transfer> = async (i, ctx) => {
  const staff = ctx.caller.staff
  if (!staff) throw notFound()
  let target: StaffDoc | undefined
  if (i.toOpenid) {
    const s = await ctx.store.staff.get(i.toOpenid)
    target =
      s?.active &&
      s.committeeId === staff.committeeId &&
      (s.role === 'blockHead' || s.role === 'committeeAdmin')
        ? s
        : undefined
    if (!target) throw invalid('toOpenid', '只能转派给本居委会在职的块长或管理员')
  } else {
    const rows = await ctx.store.staff.find(
      { committeeId: i.toCommitteeId, role: 'committeeAdmin', active: true },
      { limit: 20 },
    )
    target = rows
      .filter((s) => s.subdistrictId === staff.subdistrictId)
      .sort((a, b) => a._id.localeCompare(b._id))[0]
    if (!target) throw invalid('toCommitteeId', '这个居委会还没有管理员，不能转派')
  }
  const to = { openid: target.openid, name: target.name, committeeId: target.committeeId! }
  return mutate(ctx, i.id, 'transfer', i.clientRequestId, (d, ev) =>
    rules.transfer(d, actorOf(ctx), to, i.reason, ctx.now, ev),
  )
}
