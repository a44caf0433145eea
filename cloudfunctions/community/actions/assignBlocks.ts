import { BlockDoc, StaffDoc } from '../../../types/community'
import type { Ctx } from '../../shared/router'
import { forbidden, notFound } from '../../shared/errors'
import { byIds, transact, txGet } from '../lib'
import { canManage } from '../rules/manage'
import { moveBlocks } from '../staffing'

/** 分配片区: the admin sets a block head's blocks; blocks held by another head move over (audited). */
export async function assignBlocks(input: { openid: string; blockIds: string[] }, ctx: Ctx) {
  const me = ctx.caller.staff
  if (!me?.committeeId) throw forbidden()
  const wanted = [...new Set(input.blockIds)]
  const blocks = await byIds(ctx.db, 'blocks', wanted, BlockDoc)
  if (blocks.length !== wanted.length || blocks.some((b) => b.committeeId !== me.committeeId)) {
    throw notFound('有片区不属于本居委会')
  }
  await transact(ctx.db, async (tx) => {
    const target = await txGet(tx, 'staff', input.openid, StaffDoc)
    if (!target || !target.active || target.role !== 'blockHead' || !canManage(me, target))
      throw notFound('没有找到这位块长')
    await moveBlocks(tx, ctx, target, wanted, 'assignBlocks')
  })
  return { openid: input.openid, blockIds: wanted }
}
