/**
 * Editing an item and its tip (维护办事小贴士). Each save first copies the current version into
 * `itemVersions` (id `<item>:v<n>`, so a retry copies it once), then replaces the fields only if the
 * version is still the one the clerk edited: two clerks saving at once cannot silently overwrite each other.
 */
import { ItemFields, type bookingsContract, type ServiceItemDoc } from '../../../types/bookings'
import { conflict, isDuplicateKey, notFound } from '../../shared/errors'
import { newId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import { clerkCenterId, loadCenter } from '../lib'
import { searchInitials } from '../rules/pinyin'
import { localDate } from '../rules/time'
import { itemDetail } from './item'

export const saveItem: Handler<typeof bookingsContract.saveItem> = async (input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const center = await loadCenter(ctx.db, centerId)
  const fields = input.fields
  const derived = {
    pinyin: searchInitials(fields.name, fields.keywords),
    updatedOn: localDate(ctx.now),
    updatedBy: ctx.caller.staff?.name ?? ctx.caller.openid,
  }
  if (!input.id) {
    const doc: ServiceItemDoc = {
      ...fields,
      ...derived,
      _id: `item-${newId().slice(0, 12)}`,
      centerId,
      lessons: [],
      frequency: {},
      version: 1,
      weight: 1,
    }
    await ctx.store.serviceItems.add(doc)
    return itemDetail(ctx.db, doc, center, ctx.now)
  }
  const cur = await ctx.store.serviceItems.get(input.id)
  if (!cur || cur.centerId !== centerId) throw notFound('没有找到这个办理事项')
  if (input.expectedVersion !== undefined && input.expectedVersion !== cur.version)
    throw conflict('这个事项刚被同事修改过，请刷新后再改', { version: cur.version })

  const previous = ItemFields.parse(cur)
  try {
    await ctx.store.itemVersions.add({
      _id: `${cur._id}:v${cur.version}`,
      itemId: cur._id,
      version: cur.version,
      savedOn: cur.updatedOn,
      savedBy: cur.updatedBy,
      fields: previous,
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  const _ = ctx._
  const updated = await ctx.store.serviceItems.updateWhere(
    { _id: cur._id, version: cur.version },
    {
      ...fields,
      // Arrays are replaced whole, not merged element by element.
      materials: _.set(fields.materials),
      eligibility: _.set(fields.eligibility),
      related: _.set(fields.related),
      keywords: _.set(fields.keywords),
      ...derived,
      version: cur.version + 1,
    },
  )
  if (updated !== 1) throw conflict('这个事项刚被同事修改过，请刷新后再改')
  const next: ServiceItemDoc = { ...cur, ...fields, ...derived, version: cur.version + 1 }
  return itemDetail(ctx.db, next, center, ctx.now)
}
