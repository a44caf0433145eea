import type { bookingsContract, ItemDetail, ServiceCenterDoc, ServiceItemDoc } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import type { Database } from '../../shared/cloud'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import { ServiceItemDoc as ItemSchema } from '../../../types/bookings'
import { C, centerInfo, itemSummary, loadCenter, loadItems, yearCount } from '../lib'
import { toDate, yearOf } from '../rules/time'

type Spec = typeof bookingsContract.item

export async function item(input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
  const [doc] = await loadItems(ctx.db, [input.id])
  return itemDetail(ctx.db, doc, await loadCenter(ctx.db, doc.centerId), ctx.now)
}

export async function itemDetail(
  db: Database,
  doc: ServiceItemDoc,
  center: ServiceCenterDoc,
  now: Date,
): Promise<ItemDetail> {
  const _ = db.command
  const year = yearOf(now)
  const related = doc.related.length
    ? (
        await findMany<unknown>(
          db,
          C.items,
          { _id: _.in(doc.related) },
          { limit: doc.related.length, fields: { lessons: false } },
        )
      ).map((r) => ItemSchema.parse(r))
    : []
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
