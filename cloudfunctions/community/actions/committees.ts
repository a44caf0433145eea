import type { communityContract } from '../../../types/community'
import type { Handler } from '../../shared/router'
import { matchesKeyword } from '../rules/search'

/** The sub-district's committees with their blocks and buildings (public reference data, no personal data). */
export const committees: Handler<typeof communityContract.committees> = async (input, ctx) => {
  const all = await ctx.store.committees.find(
    {},
    {
      orderBy: [
        ['subdistrictId', 'asc'],
        ['name', 'asc'],
      ],
      limit: 1000,
    },
  )
  // A retired committee (已撤销) keeps its records but is no longer offered.
  const hits = all.filter((c) => !c.retired && matchesKeyword(c, input.keyword))
  if (hits.length === 0) return { items: [] }
  const blocks = await ctx.store.blocks.find(
    { committeeId: ctx._.in(hits.map((c) => c._id)) },
    {
      orderBy: [
        ['committeeId', 'asc'],
        ['_id', 'asc'],
      ],
      limit: 1000,
    },
  )
  return {
    items: hits.map((c) => ({
      id: c._id,
      name: c.name,
      address: c.address,
      phone: c.phone,
      blocks: blocks
        .filter((b) => b.committeeId === c._id && !b.retired)
        .map((b) => ({ id: b._id, name: b.name, buildings: b.buildings })),
    })),
  }
}
