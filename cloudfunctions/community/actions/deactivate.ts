import { StaffDoc } from '../../../types/community'
import type { Ctx } from '../../shared/router'
import { conflict, forbidden, notFound } from '../../shared/errors'
import { auditDoc, staffSnapshot, transact, txGet } from '../lib'
import { canManage } from '../rules/manage'

/**
 * 停用工作人员: the record stays (audit, history) but the router reads it as no staff role, so access ends
 * on the person's next call. Their blocks fall back to the committee admin until reassigned.
 */
export async function deactivate(input: { openid: string }, ctx: Ctx) {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  if (input.openid === me.openid) throw conflict('不能停用自己的账号')
  await transact(ctx.db, async (tx) => {
    const target = await txGet(tx, 'staff', input.openid, StaffDoc)
    if (!target || !canManage(me, target)) throw notFound('没有找到这位工作人员')
    if (!target.active) return
    const after = { ...target, active: false, blockIds: [] }
    await tx
      .collection('staff')
      .doc(target._id)
      .update({
        data: { active: false, blockIds: [], deactivatedAt: ctx.now, deactivatedBy: me.openid },
      })
    for (const blockId of target.blockIds) {
      await tx
        .collection('blocks')
        .doc(blockId)
        .update({ data: { blockHeadOpenid: ctx._.remove() } })
    }
    await tx
      .collection('audit')
      .add({ data: auditDoc(ctx, 'deactivate', target._id, staffSnapshot(target), staffSnapshot(after)) })
  })
  return { done: true as const }
}
