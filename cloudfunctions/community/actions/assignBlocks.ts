import type { communityContract } from '../../../types/community'
import { transaction } from '../../shared/data'
import { forbidden, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { byIds } from '../lib'
import { canManage } from '../rules/manage'
import { moveBlocks } from '../staffing'

/** 分配片区: the admin sets a block head's blocks; blocks held by another head move over (audited). */
export const assignBlocks: Handler<typeof communityContract.assignBlocks> = async (input, ctx) => {
  const me = ctx.caller.staff
  if (!me?.committeeId) throw forbidden()
  const wanted = [...new Set(input.blockIds)]
  const blocks = await byIds(ctx.store.blocks, wanted, ctx._)
  if (blocks.length !== wanted.length || blocks.some((b) => b.committeeId !== me.committeeId)) {
    throw notFound('有片区不属于本居委会')
  }
  await transaction(ctx.db, async (tx) => {
    const target = await tx.staff.get(input.openid)
    if (!target || !target.active || target.role !== 'blockHead' || !canManage(me, target))
      throw notFound('没有找到这位块长')
    await moveBlocks(tx, ctx, target, wanted, 'assignBlocks')
  })
  return { openid: input.openid, blockIds: wanted }
}
