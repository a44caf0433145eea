import type { HouseholdDoc, visitsContract } from '../../../types/visits'
import type { Ctx, Handler } from '../../shared/router'
import { correctionView, householdView, loadCadence, visitView } from '../lib'

/** The caller's family files: households whose confirmed residents include them. */
export async function myHouseholds(ctx: Ctx): Promise<HouseholdDoc[]> {
  return ctx.store.households.find({ residentOpenids: ctx.caller.openid }, { limit: 10 })
}

/**
 * 我家的档案: exactly what the committee holds about the caller's household — members with their phones,
 * tags, class, notes — and the visits made, so a family can see and correct its own file.
 */
export const myHousehold: Handler<typeof visitsContract.myHousehold> = async (_input, ctx) => {
  const [h] = await myHouseholds(ctx)
  if (!h) return { household: null, visits: [], corrections: [] }
  const [cadence, visits, corrections, block] = await Promise.all([
    loadCadence(ctx.db, h.committeeId),
    ctx.store.visits.find({ householdId: h._id }, { orderBy: [['visitedAt', 'desc']], limit: 20 }),
    ctx.store.householdCorrections.find(
      { householdId: h._id },
      { orderBy: [['createdAt', 'desc']], limit: 10 },
    ),
    ctx.store.blocks.get(h.blockId),
  ])
  const head = block?.blockHeadOpenid ? await ctx.store.staff.get(block.blockHeadOpenid) : null
  return {
    household: householdView(h, cadence, ctx.now),
    visits: visits.map((v) => visitView(v)),
    corrections: corrections.map((c) => correctionView(c, h, ctx.now)),
    blockHeadName: head?.name,
  }
}
