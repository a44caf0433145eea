import type { CatalogueItem, HouseholdDoc, visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import { z } from 'zod'
import { lookupCount, lookupRows, lookupTotal, lookupWhere } from '../../shared/data'
import {
  audit,
  correctionView,
  dueOf,
  iso,
  scopeBlocks,
  scopeWhere,
  settingsCadence,
  staffCommittee,
} from '../lib'
import { compareDue, daysOverdue, dueStatus, weeklyTarget, weekWindow } from '../rules/cadence'
import { address, maskPhone } from '../rules/household'
import type { Cadence, MemberTag } from '../../../types/visits'

/** The caller's staff record with what the catalogue needs looked up beside it. */
const CatalogueRow = z
  .object({
    households: lookupRows('households'),
    settings: lookupRows('visitSettings'),
    weekDone: lookupTotal,
    corrections: lookupRows('householdCorrections'),
  })
  .loose()

/**
 * 走访目录: every household of the caller's blocks (the admin: the committee) with last contact and next
 * due, never-visited and overdue first, and this week's visits against the weekly target. One aggregate
 * reads the households, the cadence, the week's visit count and the open corrections beside the caller's
 * own staff record (the one document certain to be there), then one audit write, whatever the number of
 * households (at most 10 000: one answer document holds them, under the cloud's 16 MB).
 */
export const catalogue: Handler<typeof visitsContract.catalogue> = async (input, ctx) => {
  const where = scopeWhere(ctx, input.blockId)
  const committeeId = staffCommittee(ctx)
  const week = weekWindow(ctx.now)
  const visitsWhere = { ...where, visitedAt: ctx._.gte(week.start) }
  const db = ctx.db
  const [row] = await ctx.store.staff.aggregate(
    (p) =>
      p
        .match({ _id: ctx.caller.openid })
        .project({ _id: 1 })
        // Whole documents, unsorted: the order is computed below, and a projection costs more than it saves.
        .lookup(lookupWhere(db, 'households', where, 'households', { limit: 10_000 }))
        .lookup(lookupWhere(db, 'visitSettings', { _id: committeeId }, 'settings'))
        .lookup(lookupCount(db, 'visits', visitsWhere, 'weekDone'))
        .lookup(
          lookupWhere(db, 'householdCorrections', { ...where, status: 'open' }, 'corrections', {
            limit: 200,
          }),
        ),
    CatalogueRow,
  )
  const { households: docs, weekDone, corrections } = row ?? CatalogueRow.parse({})
  const cadence = settingsCadence(row?.settings ?? [])
  const all = docs.map((h) => listItem(h, cadence, ctx.now, week.end))
  // Sort keys built once, not per comparison.
  const keyed = all.map((item) => ({
    item,
    status: item.status,
    nextDueAt: item.nextDueAt ? new Date(item.nextDueAt) : null,
  }))
  keyed.sort(compareDue)
  all.splice(0, all.length, ...keyed.map((k) => k.item))
  const counts = { total: all.length, never: 0, overdue: 0, dueThisWeek: 0 }
  for (const i of all) if (i.status !== 'later') counts[i.status]++
  const filtered = input.status ? all.filter((i) => i.status === input.status) : all
  const start = Number(input.cursor ?? 0)
  const items = filtered.slice(start, start + input.limit)
  const next = start + input.limit < filtered.length ? String(start + input.limit) : undefined
  await audit(
    ctx,
    items.map((i) => i.householdId),
    'read',
  )
  const byId = new Map(docs.map((h) => [h._id, h]))
  return {
    items,
    total: counts.never + counts.overdue,
    nextCursor: next,
    counts,
    week: {
      weekStart: week.start.toISOString(),
      done: weekDone,
      target: weeklyTarget(
        docs.map((h) => h.class),
        cadence,
      ),
    },
    cadence,
    corrections: corrections.map((c) => correctionView(c, byId.get(c.householdId), ctx.now)),
    blocks: scopeBlocks(ctx),
  }
}

export function listItem(
  h: HouseholdDoc,
  cadence: Cadence,
  now: Date,
  weekEnd = weekWindow(now).end,
): CatalogueItem {
  const due = dueOf(h, cadence)
  const head = h.members?.[0]
  const tags = new Set<MemberTag>()
  for (const m of h.members ?? []) for (const t of m.tags ?? []) tags.add(t)
  return {
    householdId: h._id,
    blockId: h.blockId,
    address: address(h),
    class: h.class,
    headName: head?.name ?? '',
    headPhone: maskPhone(head?.phone),
    tags: [...tags],
    lastContactAt: iso(h.lastContactAt),
    nextDueAt: due?.toISOString(),
    status: dueStatus(due, now, weekEnd),
    daysOverdue: daysOverdue(due, now),
    pendingOnline: Boolean(h.pendingOnlineVisitId),
  }
}
