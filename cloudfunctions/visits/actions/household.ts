import type { visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import {
  audit,
  correctionView,
  householdView,
  isoOr,
  loadCadence,
  loadHouseholdForStaff,
  onlineVisitView,
  visitView,
} from '../lib'

/** 家庭档案详情: the whole file with its versions, visits, corrections and online visits; audited. */
export const household: Handler<typeof visitsContract.household> = async (input, ctx) => {
  const h = await loadHouseholdForStaff(ctx, input.householdId)
  const id = h._id
  const [cadence, visits, versions, corrections, online] = await Promise.all([
    loadCadence(ctx.db, h.committeeId),
    ctx.store.visits.find({ householdId: id }, { orderBy: [['visitedAt', 'desc']], limit: 30 }),
    ctx.store.householdVersions.find({ householdId: id }, { orderBy: [['version', 'desc']], limit: 30 }),
    ctx.store.householdCorrections.find({ householdId: id }, { orderBy: [['createdAt', 'desc']], limit: 20 }),
    ctx.store.onlineVisits.find({ householdId: id }, { orderBy: [['sentAt', 'desc']], limit: 10 }),
  ])
  await audit(ctx, [id], 'read')
  return {
    household: householdView(h, cadence, ctx.now),
    visits: visits.map((v) => visitView(v)),
    versions: versions.map((v) => ({
      version: v.version,
      at: isoOr(v.at, ctx.now),
      byName: v.byName,
      changes: v.changes,
    })),
    corrections: corrections.map((c) => correctionView(c, h, ctx.now)),
    onlineVisits: online.map((o) => onlineVisitView(o, ctx.now)),
    demandIds: [
      ...new Set([
        ...visits.flatMap((v) => v.demandIds ?? []),
        ...online.flatMap((o) => (o.demandId ? [o.demandId] : [])),
      ]),
    ],
  }
}
