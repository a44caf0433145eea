import type { communityContract } from '../../../types/community'
import { conflict, forbidden, isDuplicateKey, notFound } from '../../shared/errors'
import { readStaffMember } from '../../shared/caller'
import { derivedId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import { auditDoc, iso, staffSnapshot } from '../lib'
import { canManage } from '../rules/manage'

/**
 * 停用工作人员: the record stays (audit, history) but the router reads it as no staff role, so access ends
 * on the person's next call. Their blocks fall back to the committee admin until reassigned.
 *
 * At most five requests: the caller, the target with the blocks it heads, then three writes in an order where
 * a retry finishes what a killed process left — the audit line (its id derived from the record it closes, so
 * a retry adds it once, keeping the blocks held before), the blocks they head (one conditional update,
 * matching only blocks that still name them) and last the staff record, conditional on it still being
 * active: it is what says the deactivation is done. A retry that finds the record inactive writes nothing.
 * This replaces a transaction over the same documents, which cost a start, a read per block and a commit
 * more.
 */
export const deactivate: Handler<typeof communityContract.deactivate> = async (input, ctx) => {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  if (input.openid === me.openid) throw conflict('不能停用自己的账号')
  const { _ } = ctx
  const target = await readStaffMember(ctx.db, input.openid)
  if (!target || !canManage(me, target)) throw notFound('没有找到这位工作人员')
  if (!target.active) return { done: true as const }
  const after = { ...target, active: false, blockIds: [] }
  const line = auditDoc(ctx, 'deactivate', target._id, staffSnapshot(target), staffSnapshot(after))
  // One deactivation per period of service: the record's `since` (set anew by each redeemed invitation).
  const term = target.since ? iso(target.since) : (target.inviteCode ?? '')
  try {
    await ctx.store.audit.add({ ...line, _id: derivedId('community.deactivate', target._id, term) })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  if (target.blockIds.length > 0)
    await ctx.store.blocks.updateWhere(
      { _id: _.in(target.blockIds), blockHeadOpenid: target._id },
      { blockHeadOpenid: _.remove() },
    )
  await ctx.store.staff.updateWhere(
    { _id: target._id, active: true },
    { active: false, deactivatedAt: ctx.now, deactivatedBy: me.openid },
  )
  return { done: true as const }
}
