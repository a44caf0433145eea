import type { communityContract } from '../../../types/community'
import { transaction } from '../../shared/data'
import { conflict, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { bindingView, committeesById, ensureResident } from '../lib'
import { normaliseBuilding, normaliseRoom, requestBinding } from '../rules/binding'

/** 绑定家庭: by address; waits for the block head. Also follows the committee, since the home is there. */
export const bindHousehold: Handler<typeof communityContract.bindHousehold> = async (input, ctx) => {
  const block = await ctx.store.blocks.get(input.blockId)
  if (!block) throw notFound('没有找到这个小区，请重新选择')
  const buildings = [...new Set([input.building.trim(), normaliseBuilding(input.building)])]
  const rooms = [...new Set([input.room.trim(), normaliseRoom(input.room)])]
  const [household] = await ctx.store.households.find(
    {
      committeeId: block.committeeId,
      blockId: block._id,
      building: ctx._.in(buildings),
      room: ctx._.in(rooms),
    },
    { limit: 1 },
  )
  if (!household) throw notFound('没有找到这个门牌，请核对楼栋和房间号；如果确实没有登记，请联系居委会')
  await ensureResident(ctx)

  const binding = await transaction(ctx.db, async (tx) => {
    const resident = await tx.residents.get(ctx.caller.openid)
    if (!resident) throw notFound()
    const req = requestBinding(resident.households, household, ctx.now)
    if (req.kind === 'conflict') {
      const where =
        req.existing.building && req.existing.room ? `（${req.existing.building}${req.existing.room}室）` : ''
      throw conflict(
        `您在这个居委会已经${req.existing.status === 'pending' ? '申请绑定' : '绑定'}了一户${where}，一个居委会只能绑定一户。如需更换，请联系块长。`,
        { householdId: req.existing.householdId, status: req.existing.status },
      )
    }
    if (req.kind === 'same') return req.binding
    const committeeIds = resident.committeeIds.includes(household.committeeId)
      ? resident.committeeIds
      : [...resident.committeeIds, household.committeeId]
    await tx.residents.update(ctx.caller.openid, {
      households: req.bindings,
      committeeIds,
      updatedAt: ctx.now,
    })
    return req.binding
  })

  const committees = await committeesById(ctx.db, [household.committeeId])
  return { binding: bindingView(binding, committees, new Map([[block._id, block]])) }
}
