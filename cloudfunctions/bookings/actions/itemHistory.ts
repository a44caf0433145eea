import { ServiceItemDoc, type bookingsContract } from '../../../types/bookings'
import { lookupRows } from '../../shared/data'
import { notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { ItemLineDoc, LINE_FIELDS, clerkCenterId } from '../lib'
import { itemDetail } from './item'

const WithHistory = ServiceItemDoc.extend({
  centers: lookupRows('serviceCenters'),
  versions: lookupRows('itemVersions'),
  relatedLines: lookupRows('serviceItems', ItemLineDoc),
})

/**
 * An item with its earlier versions (历史版本), newest first. One request: the item with its center, its
 * versions and its related items looked up beside it.
 */
export const itemHistory: Handler<typeof bookingsContract.itemHistory> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const { store } = ctx
  const [row] = await store.serviceItems.aggregate(
    (p) =>
      p
        .match({ _id: input.id })
        .lookup({
          from: store.serviceCenters.name,
          localField: 'centerId',
          foreignField: '_id',
          as: 'centers',
        })
        .lookup({
          from: store.itemVersions.name,
          // The plain form of a sub-pipeline (the SDK sends it as it is): the newest fifty versions.
          let: {},
          pipeline: [{ $match: { itemId: input.id } }, { $sort: { version: -1 } }, { $limit: 50 }],
          as: 'versions',
        })
        .lookup({
          from: store.serviceItems.name,
          let: { related: { $ifNull: ['$related', []] } },
          pipeline: [{ $match: { $expr: { $in: ['$_id', '$$related'] } } }, { $project: LINE_FIELDS }],
          as: 'relatedLines',
        }),
    WithHistory,
  )
  const center = row?.centers[0]
  if (!row || row.centerId !== centerId || !center) throw notFound('没有找到这个办理事项')
  const { centers: _c, versions, relatedLines, ...doc } = row
  return {
    current: await itemDetail(ctx.db, doc, center, ctx.now, relatedLines),
    // The stored copy's own keys (`_id`, `itemId`) are not part of the answer.
    versions: versions.map(({ version, savedOn, savedBy, fields }) => ({
      version,
      savedOn,
      savedBy,
      fields,
    })),
  }
}
