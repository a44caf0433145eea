import type { CatalogueItem, visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import { audit, loadCadence, scopeWhere, staffCommittee } from '../lib'
import { weekWindow } from '../rules/cadence'
import { listItem } from './catalogue'

/** 户籍列表: the caller's family files by address, phones masked; filter by block, class or a name. */
export const households: Handler<typeof visitsContract.households> = async (input, ctx) => {
  const where = { ...scopeWhere(ctx, input.blockId), ...(input.class ? { class: input.class } : {}) }
  const [docs, cadence] = await Promise.all([
    ctx.store.households.readAll(where),
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
