import type { communityContract } from '../../../types/community'
import { notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { ensureResident } from '../lib'
import { buildingFromScene, unitsOf } from '../rules/org'
import { committeeIdFromScene } from '../rules/scene'

/** 关注居委会: by id from the list, or by the `scene` of the committee's QR code. */
export const follow: Handler<typeof communityContract.follow> = async (input, ctx) => {
  // A building's bind code (b=<blockId>.<unit>) follows the building's committee and names the building.
  const spot = input.committeeId ? undefined : buildingFromScene(input.scene ?? '')
  const block = spot ? await ctx.store.blocks.get(spot.blockId) : null
  const unit = block && spot ? unitsOf(block).find((u) => u.id === spot.unitId && !u.retired) : undefined
  if (spot && (!block || !unit || block.retired)) throw notFound('没有找到这栋楼，请重新扫码，或联系居委会')
  const id = block?.committeeId ?? input.committeeId ?? committeeIdFromScene(input.scene ?? '')
  const committee = id ? await ctx.store.committees.get(id) : null
  if (!committee) throw notFound('没有找到这个居委会，请重新扫码或在列表中选择')
  const { doc } = await ensureResident(ctx)
  if (!doc.committeeIds.includes(committee._id)) {
    await ctx.store.residents.update(ctx.caller.openid, {
      committeeIds: ctx._.addToSet(committee._id),
      updatedAt: ctx.now,
    })
  }
  const committeeIds = doc.committeeIds.includes(committee._id)
    ? doc.committeeIds
    : [...doc.committeeIds, committee._id]
  return {
    committeeIds,
    committee: { id: committee._id, name: committee.name },
    ...(block && unit ? { building: { blockId: block._id, name: unit.name } } : {}),
  }
}

/** 取消关注: bindings stay (the family file is still theirs); only the feed stops. */
export const unfollow: Handler<typeof communityContract.unfollow> = async (input, ctx) => {
  const doc = ctx.caller.resident
  if (!doc || !doc.committeeIds.includes(input.committeeId)) return { committeeIds: doc?.committeeIds ?? [] }
  await ctx.store.residents.update(ctx.caller.openid, {
    committeeIds: ctx._.pull(input.committeeId),
    updatedAt: ctx.now,
  })
  return { committeeIds: doc.committeeIds.filter((c) => c !== input.committeeId) }
}
