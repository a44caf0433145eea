import { BlockDoc, ResidentDoc } from '../../../types/community'
import { HouseholdDoc } from '../../../types/visits'
import type { Ctx } from '../../shared/router'
import { findMany, getById } from '../../shared/db'
import { conflict, notFound } from '../../shared/errors'
import { bindingView, committeesById, ensureResident, transact, txGet } from '../lib'
import { normaliseBuilding, normaliseRoom, requestBinding } from '../rules/binding'

/** 绑定家庭: by address; waits for the block head. Also follows the committee, since the home is there. */
export async function bindHousehold(input: { blockId: string; building: string; room: string }, ctx: Ctx) {
  const blockRaw = await getById<unknown>(ctx.db, 'blocks', input.blockId)
  if (!blockRaw) throw notFound('没有找到这个小区，请重新选择')
  const block = BlockDoc.parse(blockRaw)
  const buildings = [...new Set([input.building.trim(), normaliseBuilding(input.building)])]
  const rooms = [...new Set([input.room.trim(), normaliseRoom(input.room)])]
  const [found] = await findMany<unknown>(
    ctx.db,
    'households',
    {
      committeeId: block.committeeId,
      blockId: block._id,
      building: ctx._.in(buildings),
      room: ctx._.in(rooms),
    },
    { limit: 1 },
  )
  if (!found) throw notFound('没有找到这个门牌，请核对楼栋和房间号；如果确实没有登记，请联系居委会')
  const household = HouseholdDoc.parse(found)
  await ensureResident(ctx)

  const binding = await transact(ctx.db, async (tx) => {
    const resident = await txGet(tx, 'residents', ctx.caller.openid, ResidentDoc)
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
    await tx
      .collection('residents')
      .doc(ctx.caller.openid)
      .update({
        data: { households: req.bindings, committeeIds, updatedAt: ctx.now },
      })
    return req.binding
  })

  const committees = await committeesById(ctx.db, [household.committeeId])
  return { binding: bindingView(binding, committees, new Map([[block._id, block]])) }
}
