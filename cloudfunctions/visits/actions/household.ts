import type { visitsContract } from '../../../types/visits'
import { maskPhone } from '../../shared/mask'
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

/**
 * 家庭档案详情: the whole file with its versions, visits, corrections and online visits; audited. Phones are
 * masked, in the file and in its versions' member lists: staff see a full number only by tapping for it
 * (revealPhone, audited), as 我的资料 promises residents.
 */
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
    household: householdView(h, cadence, ctx.now, { maskPhones: true }),
    visits: visits.map((v) => visitView(v)),
    versions: versions.map((v) => ({
      version: v.version,
      at: isoOr(v.at, ctx.now),
      byName: v.byName,
      changes: v.changes.map(maskChange),
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

/** A version's change with the phones of a members list masked (the list is what the `members` field holds). */
function maskChange<C extends { field: string; before: unknown; after: unknown }>(c: C): C {
  if (c.field !== 'members') return c
  const mask = (v: unknown) =>
    Array.isArray(v)
      ? v.map((m: unknown) =>
          m && typeof m === 'object' && 'phone' in m
            ? { ...(m as Record<string, unknown>), phone: maskPhone(String((m as { phone: unknown }).phone)) }
            : m,
        )
      : v
  return { ...c, before: mask(c.before), after: mask(c.after) }
}
