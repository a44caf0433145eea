import type { bookingsContract, ItemDetail, ServiceCenterDoc, ServiceItemDoc } from '../../../types/bookings'
import type { Database } from '../../shared/cloud'
import { storeOf } from '../../shared/data'
import type { Handler } from '../../shared/router'
import { LINE_FIELDS, type ItemLine, centerInfo, itemSummary, loadCenter, loadItems, yearCount } from '../lib'
import { toDate, yearOf } from '../rules/time'

export const item: Handler<typeof bookingsContract.item> = async (input, ctx) => {
  const [doc] = await loadItems(ctx.db, [input.id])
  return itemDetail(ctx.db, doc, await loadCenter(ctx.db, doc.centerId), ctx.now)
}

/** The tip page of an item; `readRelated` is what an aggregation already looked up of its related items. */
export async function itemDetail(
  db: Database,
  doc: ServiceItemDoc,
  center: ServiceCenterDoc,
  now: Date,
  readRelated?: readonly ItemLine[],
): Promise<ItemDetail> {
  const _ = db.command
  const year = yearOf(now)
  const related =
    readRelated ??
    (doc.related.length
      ? await storeOf(db).serviceItems.find(
          { _id: _.in(doc.related) },
          { limit: doc.related.length, fields: LINE_FIELDS },
        )
      : [])
  return {
    ...itemSummary(doc, year),
    materials: doc.materials,
    eligibility: doc.eligibility,
    fees: doc.fees,
    processingTime: doc.processingTime,
    onlineUrl: doc.onlineUrl,
    keywords: doc.keywords,
    lessons: doc.lessons.map((l) => ({ text: l.text, at: toDate(l.at).toISOString() })),
    related: doc.related.flatMap((id) =>
      related.filter((r) => r._id === id).map((r) => itemSummary(r, year)),
    ),
    relatedIds: doc.related,
    updatedOn: doc.updatedOn,
    version: doc.version,
    yearCount: yearCount(doc, year),
    center: centerInfo(center),
  }
}
