import { z } from 'zod'
import type { CatalogueItem, visitsContract } from '../../../types/visits'
import { lookupRows } from '../../shared/data'
import type { Handler } from '../../shared/router'
import { audit, scopeWhere, settingsCadence, settingsLookup } from '../lib'
import { weekWindow } from '../rules/cadence'
import { listItem } from './catalogue'

/** A household of the list, with its committee's settings looked up beside it. */
const ListRow = z.object({ settings: lookupRows('visitSettings') }).loose()

/**
 * 户籍列表: the caller's family files by address, phones masked; filter by block, class or a name. The files
 * and their committee's cadence come in one request (at most 10 000 files, as the list read before it).
 */
export const households: Handler<typeof visitsContract.households> = async (input, ctx) => {
  const where = { ...scopeWhere(ctx, input.blockId), ...(input.class ? { class: input.class } : {}) }
  const rows = await ctx.store.households.aggregate(
    // Without a $limit the cloud answers 20 rows of an aggregate (emulator/db/aggregate.ts).
    (p) => p.match(where).limit(MAX_FILES).lookup(settingsLookup()),
    ListRow,
  )
  // Every file in scope is of the caller's committee, so any row carries its cadence.
  const cadence = settingsCadence(rows[0]?.settings ?? [])
  // A stored file that no longer fits its schema is left out (and logged), as a list read leaves it out.
  const docs = lookupRows('households').parse(rows.map(({ settings: _settings, ...doc }) => doc))
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

const MAX_FILES = 10_000
