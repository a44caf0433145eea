/**
 * Moving blocks between block heads inside a transaction: reads the blocks and their current heads, applies
 * the plan of rules/blocks.ts to both sides, and writes an audit record for every staff member whose blocks
 * change. Shared by `assignBlocks` and `redeem` (an invitation can name blocks that someone holds).
 */
import type { BlockDoc, StaffDoc } from '../../types/community'
import type { TxStore } from '../shared/data'
import type { Ctx } from '../shared/router'
import { auditDoc, staffSnapshot } from './lib'
import { planAssignment } from './rules/blocks'

export async function moveBlocks(
  tx: TxStore,
  ctx: Ctx,
  target: StaffDoc,
  wanted: readonly string[],
  action: string,
): Promise<void> {
  const touched = [...new Set([...wanted, ...target.blockIds])]
  const blocks = (await Promise.all(touched.map((id) => tx.blocks.get(id)))).filter(
    (b): b is BlockDoc => b !== null,
  )
  const otherIds = [
    ...new Set(blocks.map((b) => b.blockHeadOpenid).filter((o): o is string => !!o && o !== target.openid)),
  ]
  const others = (await Promise.all(otherIds.map((id) => tx.staff.get(id)))).filter(
    (s): s is StaffDoc => s !== null,
  )
  const plan = planAssignment(target, wanted, others)
  for (const [openid, blockIds] of plan.staff) {
    const before = openid === target.openid ? target : others.find((o) => o.openid === openid)
    if (!before) continue
    await tx.staff.update(openid, { blockIds })
    await tx.audit.add(
      auditDoc(ctx, action, openid, staffSnapshot(before), staffSnapshot({ ...before, blockIds })),
    )
  }
  for (const [blockId, head] of plan.blocks) {
    await tx.blocks.update(blockId, { blockHeadOpenid: head ?? ctx._.remove() })
  }
}
