/**
 * Moving blocks between block heads inside a transaction: reads the blocks and their current heads, applies
 * the plan of rules/blocks.ts to both sides, and writes an audit record for every staff member whose blocks
 * change. Shared by `assignBlocks` and `redeem` (an invitation can name blocks that someone holds).
 */
import { BlockDoc, StaffDoc } from '../../types/community'
import type { Ctx } from '../shared/router'
import { auditDoc, staffSnapshot, txGet, type Tx } from './lib'
import { planAssignment } from './rules/blocks'

export async function moveBlocks(
  tx: Tx,
  ctx: Ctx,
  target: StaffDoc,
  wanted: readonly string[],
  action: string,
): Promise<void> {
  const touched = [...new Set([...wanted, ...target.blockIds])]
  const blocks = (await Promise.all(touched.map((id) => txGet(tx, 'blocks', id, BlockDoc)))).filter(
    (b): b is BlockDoc => b !== null,
  )
  const otherIds = [
    ...new Set(blocks.map((b) => b.blockHeadOpenid).filter((o): o is string => !!o && o !== target.openid)),
  ]
  const others = (await Promise.all(otherIds.map((id) => txGet(tx, 'staff', id, StaffDoc)))).filter(
    (s): s is StaffDoc => s !== null,
  )
  const plan = planAssignment(target, wanted, others)
  for (const [openid, blockIds] of plan.staff) {
    const before = openid === target.openid ? target : others.find((o) => o.openid === openid)
    if (!before) continue
    await tx.collection('staff').doc(openid).update({ data: { blockIds } })
    await tx.collection('audit').add({
      data: auditDoc(ctx, action, openid, staffSnapshot(before), staffSnapshot({ ...before, blockIds })),
    })
  }
  for (const [blockId, head] of plan.blocks) {
    await tx
      .collection('blocks')
      .doc(blockId)
      .update({ data: { blockHeadOpenid: head ?? ctx._.remove() } })
  }
}
