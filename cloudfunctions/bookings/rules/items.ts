/** Catalogue rules: keyword and pinyin-initial search, the high-frequency mark, merged checklists. */
import type { Material, ServiceItemDoc } from '../../../types/bookings'
import { fullPinyin } from './pinyin'
import { yearOf } from './time'

/** Over this many cases a year an item is high-frequency (高频事项). */
export const HIGH_FREQUENCY_PER_YEAR = 500

/**
 * High-frequency when this year's or last year's count is over 500: early in a year the current count is
 * small, and last year's full count still tells the clerks what to train for.
 */
export function isHighFrequency(frequency: Readonly<Record<string, number>>, now: Date): boolean {
  return isHighFrequencyIn(frequency, yearOf(now))
}

/** The same, for the Asia/Shanghai `year` (`YYYY`) a caller has already worked out once for many items. */
export function isHighFrequencyIn(frequency: Readonly<Record<string, number>>, year: string): boolean {
  const y = Number(year)
  return (
    (frequency[String(y)] ?? 0) > HIGH_FREQUENCY_PER_YEAR ||
    (frequency[String(y - 1)] ?? 0) > HIGH_FREQUENCY_PER_YEAR
  )
}

type Searchable = Pick<
  ServiceItemDoc,
  'name' | 'keywords' | 'pinyin' | 'category' | 'subcategory' | 'summary'
>

/**
 * Matches Chinese text anywhere in name, aliases, categories and summary, or a latin keyword against the
 * pinyin of name and aliases, by initials (`jzz` → 居住证) or spelled out (`juzhu`).
 */
export function matchesKeyword(item: Searchable, keyword: string): boolean {
  const k = keyword.trim().toLowerCase().replace(/\s+/g, '')
  if (!k) return true
  if (/^[a-z]+$/.test(k))
    return (
      item.pinyin.split(' ').some((p) => p.includes(k)) ||
      item.name.toLowerCase().includes(k) ||
      // Spelled out (juzhu, zhengming) as well as by initials.
      [item.name, ...item.keywords].some((w) => fullPinyin(w).includes(k))
    )
  const hay = [item.name, ...item.keywords, item.category, item.subcategory, item.summary]
    .join('\n')
    .toLowerCase()
  return hay.includes(k)
}

/** High-frequency first, then by this year's count, then by name (pinyin initials order). */
export function compareItems(
  a: { highFrequency: boolean; count: number; pinyin: string },
  b: { highFrequency: boolean; count: number; pinyin: string },
): number {
  if (a.highFrequency !== b.highFrequency) return a.highFrequency ? -1 : 1
  if (a.count !== b.count) return b.count - a.count
  return a.pinyin.localeCompare(b.pinyin)
}

/**
 * One checklist for several items handled in one visit: a material named twice is brought once, with the
 * larger count, as original and copy if the items differ, and both items' notes.
 */
export function mergeMaterials(lists: readonly (readonly Material[])[]): Material[] {
  const byName = new Map<string, Material>()
  for (const list of lists) {
    for (const m of list) {
      const prev = byName.get(m.name)
      if (!prev) {
        byName.set(m.name, { ...m })
        continue
      }
      byName.set(m.name, {
        name: m.name,
        form: prev.form === m.form ? m.form : 'both',
        count: Math.max(prev.count, m.count),
        notes: [prev.notes, m.notes].filter((n, i, all) => n && all.indexOf(n) === i).join('；'),
      })
    }
  }
  return [...byName.values()]
}

/** A lesson line added to a tip when a resident lacked a material (窗口经验). */
export const lessonText = (missing: string): string => `有居民因缺少「${missing}」没能办成，请务必带齐`
