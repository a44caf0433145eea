import type { communityContract } from '../../../types/community'
import { HouseholdDoc } from '../../../types/visits'
import { lookupRows } from '../../shared/data'
import { conflict, notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { bindingView, ensureResident } from '../lib'
import { normaliseBuilding, normaliseRoom, requestBinding, type BindingRequest } from '../rules/binding'

/** The household at the address, with its block and committee looked up beside it. */
const AtAddress = HouseholdDoc.extend({ block: lookupRows('blocks'), committee: lookupRows('committees') })

/**
 * 绑定家庭: by address; waits for the block head. Also follows the committee, since the home is there.
 *
 * Three requests: the caller, one aggregate for the household at the address with its block and committee,
 * and one conditional update of the resident that adds the binding only while they hold no pending or
 * confirmed binding in that committee — the rule of one household per committee, checked by the database in
 * the same write, so two requests at once cannot both bind. A retry (or a request that lost that race) finds
 * the binding there and re-reads the resident (+1) to answer what is there: the same binding or a conflict.
 * A declined binding in the committee is pulled first (+1, idempotent), as a new request replaces it.
 */
export const bindHousehold: Handler<typeof communityContract.bindHousehold> = async (input, ctx) => {
  const buildings = [...new Set([input.building.trim(), normaliseBuilding(input.building)])]
  const rooms = [...new Set([input.room.trim(), normaliseRoom(input.room)])]
  const { blocks, committees } = ctx.store
  const [found] = await ctx.store.households.aggregate(
    (p) =>
      p
        .match({ blockId: input.blockId, building: ctx._.in(buildings), room: ctx._.in(rooms) })
        .limit(1)
        .lookup({ from: blocks.name, localField: 'blockId', foreignField: '_id', as: 'block' })
        .lookup({ from: committees.name, localField: 'committeeId', foreignField: '_id', as: 'committee' }),
    AtAddress,
  )
  const block = found?.block[0]
  if (!found || !block || block.committeeId !== found.committeeId) {
    // Only a failed search pays for telling which part of the address is wrong.
    if (!(await blocks.get(input.blockId))) throw notFound('没有找到这个小区，请重新选择')
    throw notFound('没有找到这个门牌，请核对楼栋和房间号；如果确实没有登记，请联系居委会')
  }
  const { doc: resident } = await ensureResident(ctx)

  let req = requestBinding(resident.households, found, ctx.now)
  if (req.kind === 'new' && (await addBinding(ctx, req, resident.households)) === 0) {
    const now = await ctx.store.residents.get(ctx.caller.openid)
    if (!now) throw notFound()
    req = requestBinding(now.households, found, ctx.now)
    // Still free after losing the conditional write: the record changed under us; the client may try again.
    if (req.kind === 'new') throw conflict('绑定没有保存，请再试一次')
  }
  if (req.kind === 'conflict') {
    const where =
      req.existing.building && req.existing.room ? `（${req.existing.building}${req.existing.room}室）` : ''
    throw conflict(
      `您在这个居委会已经${req.existing.status === 'pending' ? '申请绑定' : '绑定'}了一户${where}，一个居委会只能绑定一户。如需更换，请联系块长。`,
      { householdId: req.existing.householdId, status: req.existing.status },
    )
  }
  const committeesById = new Map(found.committee.map((c) => [c._id, c]))
  return { binding: bindingView(req.binding, committeesById, new Map([[block._id, block]])) }
}

/** Adds the binding unless the committee already has a live one; how many records changed (0 or 1). */
async function addBinding(
  ctx: Ctx,
  req: Extract<BindingRequest, { kind: 'new' }>,
  read: readonly { committeeId: string; status: string }[],
): Promise<number> {
  const { _ } = ctx
  const { committeeId } = req.binding
  const openid = ctx.caller.openid
  if (read.some((b) => b.committeeId === committeeId && b.status === 'declined'))
    await ctx.store.residents.updateWhere(
      { _id: openid },
      { households: _.pull({ committeeId, status: 'declined' }) },
    )
  return ctx.store.residents.updateWhere(
    _.and([
      { _id: openid },
      _.nor([{ households: _.elemMatch({ committeeId, status: _.in(['pending', 'confirmed']) }) }]),
    ]),
    { households: _.push([req.binding]), committeeIds: _.addToSet(committeeId), updatedAt: ctx.now },
  )
}
