import type {
  CorrectionDoc,
  HouseholdDetail,
  HouseholdVersionDoc,
  OnlineVisitDoc,
  VisitDoc,
} from '../../../types/visits'
import { findMany } from '../../shared/db'
import type { Ctx } from '../../shared/router'
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
export async function household(input: { householdId: string }, ctx: Ctx): Promise<HouseholdDetail> {
  const h = await loadHouseholdForStaff(ctx, input.householdId)
  const id = h._id
  const [cadence, visits, versions, corrections, online] = await Promise.all([
    loadCadence(ctx.db, h.committeeId),
    findMany<VisitDoc>(
      ctx.db,
      'visits',
      { householdId: id },
      { orderBy: [['visitedAt', 'desc']], limit: 30 },
    ),
    findMany<HouseholdVersionDoc>(
      ctx.db,
      'householdVersions',
      { householdId: id },
      { orderBy: [['version', 'desc']], limit: 30 },
    ),
    findMany<CorrectionDoc>(
      ctx.db,
      'householdCorrections',
      { householdId: id },
      { orderBy: [['createdAt', 'desc']], limit: 20 },
    ),
    findMany<OnlineVisitDoc>(
      ctx.db,
      'onlineVisits',
      { householdId: id },
      { orderBy: [['sentAt', 'desc']], limit: 10 },
    ),
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
