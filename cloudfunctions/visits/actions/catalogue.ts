import type { z } from 'zod'
import type {
  CatalogueInput,
  CatalogueItem,
  CatalogueOutput,
  CorrectionDoc,
  HouseholdDoc,
} from '../../../types/visits'
import type { Ctx } from '../../shared/router'
import {
  audit,
  correctionView,
  dueOf,
  iso,
  loadCadence,
  readAll,
  scopeBlocks,
  scopeWhere,
  staffCommittee,
} from '../lib'
import { compareDue, daysOverdue, dueStatus, weeklyTarget, weekWindow } from '../rules/cadence'
import { address, maskPhone } from '../rules/household'
import type { Cadence, MemberTag } from '../../../types/visits'
import { LIST_FIELDS } from './households'

/**
 * 走访目录: every household of the caller's blocks (the admin: the committee) with last contact and next
 * due, never-visited and overdue first, and this week's visits against the weekly target. Four reads in
 * parallel and one audit write, whatever the number of households.
 */
export async function catalogue(input: z.output<typeof CatalogueInput>, ctx: Ctx): Promise<CatalogueOutput> {
  const where = scopeWhere(ctx, input.blockId)
  const committeeId = staffCommittee(ctx)
  const week = weekWindow(ctx.now)
  const visitsWhere = { ...where, visitedAt: ctx._.gte(week.start) }
  const [docs, cadence, weekDone, corrections] = await Promise.all([
    readAll<HouseholdDoc>(ctx.db, 'households', where, {
      orderBy: ['nextDueAt', 'asc'],
      fields: LIST_FIELDS,
    }),
    loadCadence(ctx.db, committeeId),
    ctx.db.collection('visits').where(visitsWhere).count() as unknown as Promise<{ total: number }>,
    readAll<CorrectionDoc>(ctx.db, 'householdCorrections', { ...where, status: 'open' }, { max: 200 }),
  ])
  const all = docs.map((h) => listItem(h, cadence, ctx.now))
  all.sort((a, b) => compareDue(withDate(a), withDate(b)))
  const counts = { total: all.length, never: 0, overdue: 0, dueThisWeek: 0 }
  for (const i of all) if (i.status !== 'later') counts[i.status]++
  const filtered = input.status ? all.filter((i) => i.status === input.status) : all
  const items = input.limit ? filtered.slice(0, input.limit) : filtered
  await audit(
    ctx,
    items.map((i) => i.householdId),
    'read',
  )
  const byId = new Map(docs.map((h) => [h._id, h]))
  return {
    items,
    total: counts.never + counts.overdue,
    counts,
    week: {
      weekStart: week.start.toISOString(),
      done: weekDone.total,
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

const withDate = (i: CatalogueItem) => ({
  status: i.status,
  nextDueAt: i.nextDueAt ? new Date(i.nextDueAt) : null,
})

export function listItem(h: HouseholdDoc, cadence: Cadence, now: Date): CatalogueItem {
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
    status: dueStatus(due, now),
    daysOverdue: daysOverdue(due, now),
    pendingOnline: Boolean(h.pendingOnlineVisitId),
  }
}
