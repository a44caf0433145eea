/**
 * Editing an item and its tip (维护办事小贴士). Each save first copies the current version into
 * `itemVersions` (id `<item>:v<n>`, so a retry copies it once), then replaces the fields only if the
 * version is still the one the clerk edited: two clerks saving at once cannot silently overwrite each other.
 */
import { ItemFields, ServiceItemDoc, type bookingsContract } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import { getById, updateWhere } from '../../shared/db'
import { conflict, isDuplicateKey, notFound } from '../../shared/errors'
import { newId } from '../../shared/ids'
import type { Ctx } from '../../shared/router'
import { C, clerkCenterId, loadCenter } from '../lib'
import { searchInitials } from '../rules/pinyin'
import { localDate } from '../rules/time'
import { itemDetail } from './item'

type Spec = typeof bookingsContract.saveItem

export async function saveItem(input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
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
    }
    await ctx.db.collection(C.items).add({ data: doc })
    return itemDetail(ctx.db, doc, center, ctx.now)
  }
  const raw = await getById<unknown>(ctx.db, C.items, input.id)
  const cur = raw ? ServiceItemDoc.parse(raw) : null
  if (!cur || cur.centerId !== centerId) throw notFound('没有找到这个办理事项')
  if (input.expectedVersion !== undefined && input.expectedVersion !== cur.version)
    throw conflict('这个事项刚被同事修改过，请刷新后再改', { version: cur.version })

  const previous = ItemFields.parse(cur)
  try {
    await ctx.db.collection(C.itemVersions).add({
      data: {
        _id: `${cur._id}:v${cur.version}`,
        itemId: cur._id,
        version: cur.version,
        savedOn: cur.updatedOn,
        savedBy: cur.updatedBy,
        fields: previous,
      },
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  const _ = ctx._
  const updated = await updateWhere(
    ctx.db,
    C.items,
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
