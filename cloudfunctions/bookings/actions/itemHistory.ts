import { ItemVersion, type bookingsContract } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import { findMany } from '../../shared/db'
import { notFound } from '../../shared/errors'
import type { Ctx } from '../../shared/router'
import { C, clerkCenterId, loadCenter, loadItems } from '../lib'
import { itemDetail } from './item'

type Spec = typeof bookingsContract.itemHistory

/** An item with its earlier versions (历史版本), newest first. */
export async function itemHistory(input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
  const centerId = clerkCenterId(ctx)
  const [doc] = await loadItems(ctx.db, [input.id])
  if (doc.centerId !== centerId) throw notFound('没有找到这个办理事项')
  const [center, versions] = await Promise.all([
    loadCenter(ctx.db, centerId),
    findMany<unknown>(
      ctx.db,
      C.itemVersions,
      { itemId: doc._id },
      { orderBy: [['version', 'desc']], limit: 50 },
    ),
  ])
  return {
    current: await itemDetail(ctx.db, doc, center, ctx.now),
    versions: versions.map((v) => ItemVersion.parse(v)),
  }
}
