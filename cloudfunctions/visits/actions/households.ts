import type { z } from 'zod'
import type { CatalogueItem, HouseholdDoc, HouseholdsInput } from '../../../types/visits'
import { readAll } from '../../shared/db'
import type { Ctx } from '../../shared/router'
import { audit, loadCadence, scopeWhere, staffCommittee } from '../lib'
import { weekWindow } from '../rules/cadence'
import { listItem } from './catalogue'

/** 户籍列表: the caller's family files by address, phones masked; filter by block, class or a name. */
export async function households(input: z.output<typeof HouseholdsInput>, ctx: Ctx) {
  const where = scopeWhere(ctx, input.blockId)
  if (input.class) where.class = input.class
  const [docs, cadence] = await Promise.all([
    readAll<HouseholdDoc>(ctx.db, 'households', where),
    loadCadence(ctx.db, staffCommittee(ctx)),
  ])
  docs.sort((a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
  const kw = input.keyword?.toLowerCase()
  const matching = kw
    ? docs.filter(
        (h) =>
          `${h.building}${h.room}`.toLowerCase().includes(kw) ||
          (h.members ?? []).some((m) => m.name.includes(kw)),
      )
    : docs
  const weekEnd = weekWindow(ctx.now).end
  const start = Number(input.cursor ?? 0)
  const page = matching.slice(start, start + input.limit)
  await audit(
    ctx,
    page.map((h) => h._id),
    'read',
  )
  const items: CatalogueItem[] = page.map((h) => listItem(h, cadence, ctx.now, weekEnd))
  const next = start + input.limit
  return { items, nextCursor: next < matching.length ? String(next) : undefined }
}
