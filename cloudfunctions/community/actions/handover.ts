import type { communityContract, StaffDoc } from '../../../types/community'
import { ROLE_LABEL } from '../../../types/roles'
import { handOverOpenCases } from '../../demands/public'
import { readStaffMembers } from '../../shared/caller'
import { forbidden, invalid, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Handler } from '../../shared/router'

type HandoverRecord = NonNullable<StaffDoc['handover']>

/**
 * 块长交接: the departing block head's blocks and open cases go to a colleague in one step, each case with a
 * 交接 entry on its timeline; optionally the account is deactivated with it (access ends on the next call).
 *
 * Five requests however much moves: the caller, both staff records with the blocks they head, then three
 * writes in an order where every state in between is safe and a retry finishes the rest — the blocks (a
 * block's head is stored on the block only, so new cases route to the colleague from then on), the open
 * cases (one conditional update: each case moves whole, once), and last the departing head's record, which
 * says the hand-over is done. A retried request (same clientRequestId) finds that record and answers what it
 * did, writing nothing; an interrupted one, run again, matches only what is left (and its record counts
 * only that). CloudBase transactions take only single-document writes, so one transaction over every block
 * and case would cost a request each; this keeps the step bounded without a half-done state that stays
 * half-done.
 */
export const handover: Handler<typeof communityContract.handover> = async (input, ctx) => {
  const me = ctx.caller.staff
  if (!me?.committeeId) throw forbidden()
  const { _ } = ctx
  const eventId = derivedId(ctx.caller.openid, 'community.handover', input.clientRequestId)
  const both = await readStaffMembers(ctx.db, [input.fromOpenid, input.toOpenid])
  const from = both.find((s) => s._id === input.fromOpenid)
  const to = both.find((s) => s._id === input.toOpenid)
  // A deactivated block head may still hold open cases (deactivated before hand-overs existed): allowed.
  if (!from || from.committeeId !== me.committeeId || from.role !== 'blockHead')
    throw notFound('没有找到这位块长')
  if (from.handover?.eventId === eventId) return view(from, from.handover)
  if (
    !to ||
    !to.active ||
    to.committeeId !== me.committeeId ||
    (to.role !== 'blockHead' && to.role !== 'committeeAdmin')
  )
    throw invalid('toOpenid', '只能交给本居委会在职的块长或管理员')

  const blockIds = from.blockIds
  const toHead = to.role === 'blockHead'
  if (blockIds.length > 0)
    await ctx.store.blocks.updateWhere(
      { _id: _.in(blockIds), committeeId: me.committeeId },
      // The admin covers a block without a head, so handing to the admin leaves the blocks headless.
      { blockHeadOpenid: toHead ? to.openid : _.remove() },
    )
  const cases = await handOverOpenCases(ctx.db, {
    committeeId: me.committeeId,
    from: { openid: from.openid, name: from.name },
    to: { openid: to.openid, name: to.name },
    actor: { openid: me.openid, name: me.name, roleLabel: ROLE_LABEL[ctx.role] },
    eventId,
    now: ctx.now,
  })
  const deactivate = input.deactivate && from.active
  const record: HandoverRecord = {
    eventId,
    toOpenid: to.openid,
    toName: to.name,
    at: ctx.now,
    by: me.openid,
    blockIds,
    cases,
    deactivated: deactivate,
  }
  await ctx.store.staff.update(from._id, {
    handover: _.set(record),
    ...(deactivate ? { active: false, deactivatedAt: ctx.now, deactivatedBy: me.openid } : {}),
  })
  return view(from, record)
}

const view = (from: StaffDoc, r: HandoverRecord) => ({
  fromOpenid: from.openid,
  toOpenid: r.toOpenid,
  toName: r.toName,
  blockIds: r.blockIds,
  cases: r.cases,
  deactivated: r.deactivated,
})
