import type { communityContract } from '../../../types/community'
import { transaction } from '../../shared/data'
import { conflict, forbidden, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { auditDoc, staffSnapshot } from '../lib'
import { canManage } from '../rules/manage'

/**
 * 停用工作人员: the record stays (audit, history) but the router reads it as no staff role, so access ends
 * on the person's next call. Their blocks fall back to the committee admin until reassigned.
 */
export const deactivate: Handler<typeof communityContract.deactivate> = async (input, ctx) => {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  if (input.openid === me.openid) throw conflict('不能停用自己的账号')
  await transaction(ctx.db, async (tx) => {
    const target = await tx.staff.get(input.openid)
    if (!target || !canManage(me, target)) throw notFound('没有找到这位工作人员')
    if (!target.active) return
    const after = { ...target, active: false, blockIds: [] }
    await tx.staff.update(target._id, {
      active: false,
      blockIds: [],
      deactivatedAt: ctx.now,
      deactivatedBy: me.openid,
    })
    for (const blockId of target.blockIds) {
      await tx.blocks.update(blockId, { blockHeadOpenid: ctx._.remove() })
    }
    await tx.audit.add(auditDoc(ctx, 'deactivate', target._id, staffSnapshot(target), staffSnapshot(after)))
  })
  return { done: true as const }
}
