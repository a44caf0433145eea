import type { CorrectionDoc, HouseholdDoc, MyHouseholdOutput, VisitDoc } from '../../../types/visits'
import { findMany, getById } from '../../shared/db'
import type { Ctx } from '../../shared/router'
import { correctionView, householdView, loadCadence, visitView } from '../lib'

/** The caller's family files: households whose confirmed residents include them. */
export async function myHouseholds(ctx: Ctx): Promise<HouseholdDoc[]> {
  return findMany<HouseholdDoc>(ctx.db, 'households', { residentOpenids: ctx.caller.openid }, { limit: 10 })
}

/**
 * 我家的档案: exactly what the committee holds about the caller's household — members with their phones,
 * tags, class, notes — and the visits made, so a family can see and correct its own file.
 */
export async function myHousehold(_input: object, ctx: Ctx): Promise<MyHouseholdOutput> {
  const [h] = await myHouseholds(ctx)
  if (!h) return { household: null, visits: [], corrections: [] }
  const [cadence, visits, corrections, block] = await Promise.all([
    loadCadence(ctx.db, h.committeeId),
    findMany<VisitDoc>(
      ctx.db,
      'visits',
      { householdId: h._id },
      { orderBy: [['visitedAt', 'desc']], limit: 20 },
    ),
    findMany<CorrectionDoc>(
      ctx.db,
      'householdCorrections',
      { householdId: h._id },
      { orderBy: [['createdAt', 'desc']], limit: 10 },
    ),
    getById<{ blockHeadOpenid?: string }>(ctx.db, 'blocks', h.blockId),
  ])
  const head = block?.blockHeadOpenid
    ? await getById<{ name?: string }>(ctx.db, 'staff', block.blockHeadOpenid)
    : null
  return {
    household: householdView(h, cadence, ctx.now),
    visits: visits.map((v) => visitView(v)),
    corrections: corrections.map((c) => correctionView(c, h, ctx.now)),
    blockHeadName: head?.name,
  }
}
