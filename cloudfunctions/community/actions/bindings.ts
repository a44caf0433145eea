import type { communityContract } from '../../../types/community'
import { transaction } from '../../shared/data'
import { forbidden, notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { byIds, iso } from '../lib'
import { decideBinding } from '../rules/binding'
import { maskPhone } from '../rules/phone'

/** Whether a household lies in the caller's scope: their blocks for a block head, the committee for an admin. */
function inScope(ctx: Ctx, h: { committeeId: string; blockId: string }): boolean {
  const s = ctx.caller.staff
  if (!s?.committeeId || h.committeeId !== s.committeeId) return false
  return ctx.scope === 'committee' || s.blockIds.includes(h.blockId)
}

/** 待确认的家庭绑定 in the caller's blocks (block head) or committee (admin). */
export const pendingBindings: Handler<typeof communityContract.pendingBindings> = async (_input, ctx) => {
  const s = ctx.caller.staff
  if (!s?.committeeId) throw forbidden()
  const residents = await ctx.store.residents.find(
    { households: ctx._.elemMatch({ committeeId: s.committeeId, status: 'pending' }) },
    { limit: 1000 },
  )
  // Older bindings carry no address: the family file has it, and decides the scope.
  const candidates = residents.flatMap((r) =>
    r.households
      .filter((b) => b.status === 'pending' && b.committeeId === s.committeeId)
      .map((b) => ({ r, b })),
  )
  const households = await byIds(
    ctx.store.households,
    candidates.map((x) => x.b.householdId),
    ctx._,
  )
  const rows = candidates.flatMap(({ r, b }) => {
    const h = households.find((x) => x._id === b.householdId)
    return h && inScope(ctx, h) ? [{ r, b, h }] : []
  })
  const blocks = await byIds(
    ctx.store.blocks,
    rows.map((x) => x.h.blockId),
    ctx._,
  )
  return {
    items: rows
      .map(({ r, b, h }) => ({
        residentOpenid: r.openid,
        residentName: r.name,
        phoneMasked: maskPhone(r.phone),
        committeeId: h.committeeId,
        householdId: h._id,
        blockId: h.blockId,
        blockName: blocks.find((x) => x._id === h.blockId)?.name ?? '',
        building: h.building,
        room: h.room,
        headName: h.members[0]?.name,
        requestedAt: iso(b.requestedAt),
      }))
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)),
  }
}

/**
 * 确认绑定: the block head of the household's block (or the committee admin) confirms or declines; on
 * confirm the resident joins the family file's `residentOpenids`. Both documents change together.
 */
export const confirmBinding: Handler<typeof communityContract.confirmBinding> = async (input, ctx) => {
  const household = await ctx.store.households.get(input.householdId)
  if (!household || !inScope(ctx, household)) throw notFound('没有找到这户家庭')
  return transaction(ctx.db, async (tx) => {
    const resident = await tx.residents.get(input.residentOpenid)
    if (!resident) throw notFound('没有找到这条绑定申请')
    const d = decideBinding(
      resident.households,
      input.householdId,
      input.decision,
      ctx.caller.openid,
      ctx.now,
    )
    if (d.kind === 'missing') throw notFound('没有找到这条绑定申请')
    if (d.kind === 'unchanged') return { status: d.status }
    await tx.residents.update(resident._id, { households: d.bindings, updatedAt: ctx.now })
    // Added to the set without reading the file again: the transaction still commits both or neither.
    if (d.status === 'confirmed')
      await tx.households.update(household._id, { residentOpenids: ctx._.addToSet(resident._id) })
    return { status: d.status }
  })
}
