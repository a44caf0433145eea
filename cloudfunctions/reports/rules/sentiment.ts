/**
 * Public-sentiment analysis (民情分析): how the period compares with the one before, which categories rise,
 * where the hotspots are, what residents keep writing about and which cases drag on.
 */
import type { CategoryTrend } from '../../../types/reports'
import type { DemandFacts } from './facts'

/** A category rises (上升) when it grew by at least this many cases … */
export const RISING_MIN_CHANGE = 2
/** … and by at least this share of the previous period (any growth from zero counts). */
export const RISING_MIN_RATE = 0.2
/** Open this many days or more at the end of the period: long unresolved (久拖未决). */
export const LONG_UNRESOLVED_DAYS = 30

export function trends(
  current: Readonly<Record<string, number>>,
  previous: Readonly<Record<string, number>>,
  label: (category: string) => string = (c) => c,
): CategoryTrend[] {
  const names = new Set([...Object.keys(current), ...Object.keys(previous)])
  return [...names]
    .map((category) => {
      const count = current[category] ?? 0
      const prev = previous[category] ?? 0
      return {
        category,
        label: label(category),
        count,
        previous: prev,
        change: count - prev,
        changeRate: prev > 0 ? (count - prev) / prev : null,
      }
    })
    .filter((t) => t.count > 0 || t.previous > 0)
    .sort((a, b) => b.count - a.count || b.change - a.change || a.category.localeCompare(b.category, 'zh-CN'))
}

export function rising(list: readonly CategoryTrend[]): string[] {
  return list
    .filter(
      (t) => t.change >= RISING_MIN_CHANGE && (t.changeRate === null || t.changeRate >= RISING_MIN_RATE),
    )
    .sort((a, b) => b.change - a.change || a.category.localeCompare(b.category, 'zh-CN'))
    .map((t) => t.category)
}

/** The most frequent key of a tally (ties: the name first in Chinese collation order). */
export function topKey(tally: ReadonlyMap<string, number> | Readonly<Record<string, number>>): string | null {
  const entries = tally instanceof Map ? [...tally.entries()] : Object.entries(tally)
  entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
  return entries[0]?.[0] ?? null
}

export interface Hotspot {
  readonly blockId: string
  readonly committeeId: string
  readonly count: number
  readonly topCategory: string
}

export function hotspots(demands: readonly DemandFacts[], limit: number): Hotspot[] {
  const byBlock = new Map<string, { committeeId: string; count: number; cats: Map<string, number> }>()
  for (const d of demands) {
    if (!d.blockId) continue
    let b = byBlock.get(d.blockId)
    if (!b) byBlock.set(d.blockId, (b = { committeeId: d.committeeId, count: 0, cats: new Map() }))
    b.count++
    b.cats.set(d.category, (b.cats.get(d.category) ?? 0) + 1)
  }
  return [...byBlock.entries()]
    .map(([blockId, b]) => ({
      blockId,
      committeeId: b.committeeId,
      count: b.count,
      topCategory: topKey(b.cats) ?? '',
    }))
    .sort((a, b) => b.count - a.count || a.blockId.localeCompare(b.blockId, 'zh-CN'))
    .slice(0, limit)
}

/**
 * Words that say nothing about what residents want: function words, pronouns, politeness, time words and
 * the words every demand uses.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    '的 了 是 在 我 我们 你 你们 他 她 它 他们 有 没有 没 就 都 也 和 与 及 或 还 又 很 太 非常 比较 这 那 这个 那个 这些 那些 ' +
    '一个 一些 一下 一直 已经 还是 但是 可是 因为 所以 如果 而且 并且 然后 就是 不是 不 吗 呢 吧 啊 呀 哦 嗯 么 什么 怎么 怎么办 ' +
    '为什么 哪里 多少 能 能否 可以 可能 会 要 想 希望 请 麻烦 谢谢 感谢 您好 你好 问题 情况 反映 诉求 社区 居委会 ' +
    '现在 今天 昨天 每天 经常 最近 时候 之前 以后 一样 自己 大家 人 个 些 让 给 被 把 对 向 从 到 上 下 里 中 时 年 月 日 ' +
    '号 楼 等 等等 能不能 是否 有人 没人 好 几 几天'
  ).split(/\s+/),
)

/** A segmenter: text → words (the function injects jieba; tests pass a plain splitter). */
export type Segment = (text: string) => readonly string[]

/** The most frequent meaningful words of the texts; each text counts a word once. */
export function topTerms(
  texts: readonly string[],
  segment: Segment,
  limit: number,
): { term: string; count: number }[] {
  const tally = new Map<string, number>()
  for (const text of texts) {
    const seen = new Set<string>()
    for (const raw of segment(text)) {
      const w = raw.trim()
      // Single characters, numbers and punctuation carry no topic.
      if (w.length < 2 || STOP_WORDS.has(w) || !/[\u4e00-\u9fffA-Za-z]/.test(w) || /^\d+$/.test(w)) continue
      seen.add(w)
    }
    for (const w of seen) tally.set(w, (tally.get(w) ?? 0) + 1)
  }
  return [...tally.entries()]
    .map(([term, count]) => ({ term, count }))
    .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term, 'zh-CN'))
    .slice(0, limit)
}

/** Cases still open at `asOf` that were submitted `LONG_UNRESOLVED_DAYS` or more before it, oldest first. */
export function longUnresolved(demands: readonly DemandFacts[], asOf: Date): DemandFacts[] {
  const limit = asOf.getTime() - LONG_UNRESOLVED_DAYS * 86_400_000
  return demands
    .filter((d) => d.open && d.submittedAt.getTime() <= limit)
    .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime())
}
