import { BlockDoc, CommitteeDoc, type CommitteeView } from '../../../types/community'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import { matchesKeyword } from '../rules/search'

/** The sub-district's committees with their blocks and buildings (public reference data, no personal data). */
export async function committees(input: { keyword?: string }, ctx: Ctx): Promise<{ items: CommitteeView[] }> {
  const all = (
    await findMany<unknown>(
      ctx.db,
      'committees',
      {},
      {
        orderBy: [
          ['subdistrictId', 'asc'],
          ['name', 'asc'],
        ],
        limit: 1000,
      },
    )
  ).map((c) => CommitteeDoc.parse(c))
  const hits = all.filter((c) => matchesKeyword(c, input.keyword))
  if (hits.length === 0) return { items: [] }
  const blocks = (
    await findMany<unknown>(
      ctx.db,
      'blocks',
      { committeeId: ctx._.in(hits.map((c) => c._id)) },
      {
        orderBy: [
          ['committeeId', 'asc'],
          ['_id', 'asc'],
        ],
        limit: 1000,
      },
    )
  ).map((b) => BlockDoc.parse(b))
  return {
    items: hits.map((c) => ({
      id: c._id,
      name: c.name,
      address: c.address,
      phone: c.phone,
      blocks: blocks
        .filter((b) => b.committeeId === c._id)
        .map((b) => ({ id: b._id, name: b.name, buildings: b.buildings })),
    })),
  }
}
