import { z } from 'zod'
import type { visitsContract } from '../../../types/visits'
import { lookupRows, lookupWhere, parseDocOf } from '../../shared/data'
import { notFound } from '../../shared/errors'
import { maskPhone } from '../../shared/mask'
import type { Handler } from '../../shared/router'
import {
  audit,
  correctionView,
  FILE_NOT_FOUND,
  householdView,
  inScope,
  isoOr,
  onlineVisitView,
  settingsCadence,
  settingsLookup,
  visitView,
} from '../lib'

// The file's row: the household, with its committee's settings and its latest records looked up beside it.
const FileRow = z
  .object({
    settings: lookupRows('visitSettings'),
    visits: lookupRows('visits'),
    versions: lookupRows('householdVersions'),
    corrections: lookupRows('householdCorrections'),
    online: lookupRows('onlineVisits'),
  })
  .loose()

/**
 * 家庭档案详情: the whole file with its versions, visits, corrections and online visits; audited. Phones are
 * masked, in the file and in its versions' member lists: staff see a full number only by tapping for it
 * (revealPhone, audited), as 我的资料 promises residents.
 */
export const household: Handler<typeof visitsContract.household> = async (input, ctx) => {
  const id = input.householdId
  const db = ctx.db
  const of = { householdId: id }
  // The file and everything its page shows in one request: the committee's cadence and the latest visits,
  // versions, corrections and online visits. The match holds the caller's reach, so nothing of a file
  // outside it is read at all.
  const staff = ctx.caller.staff
  const reach =
    staff?.committeeId && (ctx.scope === 'committee' || ctx.scope === 'blocks')
      ? {
          committeeId: staff.committeeId,
          ...(ctx.scope === 'blocks' ? { blockId: ctx._.in(staff.blockIds) } : {}),
        }
      : null
  const [row] = !reach
    ? []
    : await ctx.store.households.aggregate(
        (p) =>
          p
            .match({ _id: id, ...reach })
            .lookup(settingsLookup())
            .lookup(lookupWhere(db, 'visits', of, 'visits', { orderBy: [['visitedAt', 'desc']], limit: 30 }))
            .lookup(
              lookupWhere(db, 'householdVersions', of, 'versions', {
                orderBy: [['version', 'desc']],
                limit: 30,
              }),
            )
            .lookup(
              lookupWhere(db, 'householdCorrections', of, 'corrections', {
                orderBy: [['createdAt', 'desc']],
                limit: 20,
              }),
            )
            .lookup(
              lookupWhere(db, 'onlineVisits', of, 'online', { orderBy: [['sentAt', 'desc']], limit: 10 }),
            ),
        FileRow,
      )
  const { settings, visits, versions, corrections, online, ...doc } = row ?? FileRow.parse({})
  const h = row ? parseDocOf('households', doc) : null
  if (!h || !inScope(ctx, h)) {
    await audit(ctx, [id], 'denied')
    throw notFound(FILE_NOT_FOUND)
  }
  await audit(ctx, [id], 'read')
  const cadence = settingsCadence(settings)
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
