import type { z } from 'zod'
import type { CatalogueItem, HouseholdDoc, HouseholdsInput } from '../../../types/visits'
import type { Ctx } from '../../shared/router'
import { audit, loadCadence, readAll, scopeWhere, staffCommittee } from '../lib'
import { listItem } from './catalogue'

/** 户籍列表: the caller's family files by address, phones masked; filter by block, class or a name. */
export async function households(input: z.output<typeof HouseholdsInput>, ctx: Ctx) {
  const where = scopeWhere(ctx, input.blockId)
  if (input.class) where.class = input.class
  const [docs, cadence] = await Promise.all([
    readAll<HouseholdDoc>(ctx.db, 'households', where, { orderBy: ['_id', 'asc'], fields: LIST_FIELDS }),
    loadCadence(ctx.db, staffCommittee(ctx)),
  ])
  const kw = input.keyword?.toLowerCase()
  const matching = kw
    ? docs.filter(
        (h) =>
          `${h.building}${h.room}`.toLowerCase().includes(kw) ||
          (h.members ?? []).some((m) => m.name.includes(kw)),
      )
    : docs
  const start = Number(input.cursor ?? 0)
  const page = matching.slice(start, start + input.limit)
  await audit(
    ctx,
    page.map((h) => h._id),
    'read',
  )
  const items: CatalogueItem[] = page.map((h) => listItem(h, cadence, ctx.now))
  const next = start + input.limit
  return { items, nextCursor: next < matching.length ? String(next) : undefined }
}

export const LIST_FIELDS = {
  _id: true,
  committeeId: true,
  blockId: true,
  building: true,
  room: true,
  class: true,
  members: true,
  lastContactAt: true,
  nextDueAt: true,
  pendingOnlineVisitId: true,
} as const
