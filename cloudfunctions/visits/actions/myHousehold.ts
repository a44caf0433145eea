import { z } from 'zod'
import type { HouseholdDoc, visitsContract } from '../../../types/visits'
import { lookupRows, lookupWhere } from '../../shared/data'
import type { Ctx, Handler } from '../../shared/router'
import { correctionView, householdView, settingsCadence, settingsLookup, visitView } from '../lib'

/** The caller's family files: households whose confirmed residents include them. */
export async function myHouseholds(ctx: Ctx): Promise<HouseholdDoc[]> {
  return ctx.store.households.find({ residentOpenids: ctx.caller.openid }, { limit: 10 })
}

// The file's row: its committee's settings, latest visits and corrections, its block and the block's head.
const OwnFileRow = z
  .object({
    settings: lookupRows('visitSettings'),
    visits: lookupRows('visits'),
    corrections: lookupRows('householdCorrections'),
    head: lookupRows('staff'),
  })
  .loose()

/**
 * 我家的档案: exactly what the committee holds about the caller's household — members with their phones,
 * tags, class, notes — and the visits made, so a family can see and correct its own file. The file, then
 * one aggregate for everything shown beside it.
 */
export const myHousehold: Handler<typeof visitsContract.myHousehold> = async (_input, ctx) => {
  const [h] = await myHouseholds(ctx)
  if (!h) return { household: null, visits: [], corrections: [] }
  const db = ctx.db
  const of = { householdId: h._id }
  const [row] = await ctx.store.households.aggregate(
    (p) =>
      p
        .match({ _id: h._id })
        .project({ _id: 1, committeeId: 1 })
        .lookup(settingsLookup())
        .lookup(lookupWhere(db, 'visits', of, 'visits', { orderBy: [['visitedAt', 'desc']], limit: 20 }))
        .lookup(
          lookupWhere(db, 'householdCorrections', of, 'corrections', {
            orderBy: [['createdAt', 'desc']],
            limit: 10,
          }),
        )
        .lookup(lookupWhere(db, 'blocks', { _id: h.blockId }, 'block', { limit: 1 }))
        // The block's head, found by the id the looked-up block names.
        .lookup({ from: 'staff', localField: 'block.blockHeadOpenid', foreignField: '_id', as: 'head' }),
    OwnFileRow,
  )
  const { settings, visits, corrections, head } = row ?? OwnFileRow.parse({})
  return {
    household: householdView(h, settingsCadence(settings), ctx.now),
    visits: visits.map((v) => visitView(v)),
    corrections: corrections.map((c) => correctionView(c, h, ctx.now)),
    blockHeadName: head[0]?.name,
  }
}
