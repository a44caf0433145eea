import type { CatalogueItem, HouseholdDoc, visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import {
  audit,
  correctionView,
  dueOf,
  iso,
  loadCadence,
  scopeBlocks,
  scopeWhere,
  staffCommittee,
} from '../lib'
import { compareDue, daysOverdue, dueStatus, weeklyTarget, weekWindow } from '../rules/cadence'
import { address, maskPhone } from '../rules/household'
import type { Cadence, MemberTag } from '../../../types/visits'

/**
 * 走访目录: every household of the caller's blocks (the admin: the committee) with last contact and next
 * due, never-visited and overdue first, and this week's visits against the weekly target. Four reads in
 * parallel and one audit write, whatever the number of households.
 */
export const catalogue: Handler<typeof visitsContract.catalogue> = async (input, ctx) => {
  const where = scopeWhere(ctx, input.blockId)
  const committeeId = staffCommittee(ctx)
  const week = weekWindow(ctx.now)
  const visitsWhere = { ...where, visitedAt: ctx._.gte(week.start) }
  const [docs, cadence, weekDone, corrections] = await Promise.all([
    // Whole documents, unsorted: the order is computed below, and a projection costs more than it saves.
    ctx.store.households.readAll(where),
    loadCadence(ctx.db, committeeId),
    ctx.store.visits.count(visitsWhere),
    ctx.store.householdCorrections.readAll({ ...where, status: 'open' }, { max: 200 }),
  ])
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
