import type { bookingsContract } from '../../../types/bookings'
import { notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { clerkCenterId, cachedCenter, loadItems } from '../lib'
import { itemDetail } from './item'

/** An item with its earlier versions (历史版本), newest first. */
export const itemHistory: Handler<typeof bookingsContract.itemHistory> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const [doc] = await loadItems(ctx.db, [input.id])
  if (doc.centerId !== centerId) throw notFound('没有找到这个办理事项')
  const [center, versions] = await Promise.all([
    cachedCenter(ctx.db, centerId, ctx.now),
    ctx.store.itemVersions.find({ itemId: doc._id }, { orderBy: [['version', 'desc']], limit: 50 }),
  ])
  return {
    current: await itemDetail(ctx.db, doc, center, ctx.now),
    // The stored copy's own keys (`_id`, `itemId`) are not part of the answer.
    versions: versions.map(({ version, savedOn, savedBy, fields }) => ({
      version,
      savedOn,
      savedBy,
      fields,
    })),
  }
}
