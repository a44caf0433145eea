import { ServiceItemDoc, type bookingsContract } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import { C, itemSummary, yearCount } from '../lib'
import { compareItems, matchesKeyword } from '../rules/items'
import { yearOf } from '../rules/time'

type Spec = typeof bookingsContract.items

/** The catalogue fits in one read (about 200 items); search runs here so the app ships no dictionary. */
export async function items(input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
  const raw = await findMany<unknown>(ctx.db, C.items, {}, { limit: 1000, fields: { lessons: false } })
  const all = raw.map((r) => ServiceItemDoc.parse(r))
  const year = yearOf(ctx.now)
  const categories = new Map<string, number>()
  for (const doc of all) categories.set(doc.category, (categories.get(doc.category) ?? 0) + 1)
  const list = all
    .filter((doc) => !input.category || doc.category === input.category)
    .filter((doc) => !input.keyword || matchesKeyword(doc, input.keyword))
    .map((doc) => {
      const summary = itemSummary(doc, year)
      return {
        summary,
        highFrequency: summary.highFrequency,
        count: yearCount(doc, year),
        pinyin: doc.pinyin,
      }
    })
    .sort(compareItems)
  return {
    categories: [...categories].map(([name, count]) => ({ name, count })),
    items: list.map((l) => l.summary),
  }
}
