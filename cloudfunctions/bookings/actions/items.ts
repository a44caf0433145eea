import type { bookingsContract } from '../../../types/bookings'
import type { Handler } from '../../shared/router'
import { LINE_FIELDS, itemSummary, yearCount } from '../lib'
import { compareItems, matchesKeyword } from '../rules/items'
import { yearOf } from '../rules/time'

/** The catalogue fits in one read (about 200 items); search runs here so the app ships no dictionary. */
export const items: Handler<typeof bookingsContract.items> = async (input, ctx) => {
  const all = await ctx.store.serviceItems.find({}, { limit: 1000, fields: LINE_FIELDS })
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
