/**
 * Public cases (公开诉求): what neighbours may see of a case its author made public, and which open cases are
 * like the one a resident is about to file (附近已有类似问题), so they can join it (我也遇到了) instead of filing
 * a duplicate. Pure: word segmentation is passed in (the function injects jieba; tests a plain splitter).
 */
import type { DemandDetail, DemandDoc, PublicDemand } from '../../../types/demands'
import type { ResidentDoc } from '../../../types/community'
import { CATEGORY_LABEL, STATUS_LABEL } from '../../../types/demands'
import { maskName, maskText } from '../../shared/mask'
import type { Change } from './lifecycle'
import { followerUpdates } from './messages'
import { toDetail } from './view'
import { toDate } from './sla'

/** text → words */
export type Segment = (text: string) => readonly string[]

/** The committees a resident belongs to: those they follow and those of their households. */
export function residentCommittees(
  resident: Pick<ResidentDoc, 'committeeIds' | 'households'> | null,
): string[] {
  if (!resident) return []
  return [...new Set([...resident.committeeIds, ...resident.households.map((h) => h.committeeId)])]
}

/** A neighbour may see a public case of a committee they belong to; the author always sees their own. */
export function visibleToNeighbour(
  d: Pick<DemandDoc, 'visibility' | 'committeeId' | 'residentOpenid'>,
  openid: string,
  committees: readonly string[],
): boolean {
  return d.visibility === 'public' && d.residentOpenid !== openid && committees.includes(d.committeeId)
}

/**
 * A public case as a neighbour sees it: the author's name, phones, door numbers and names in the text masked;
 * no photos (faces, doors); no household; the people on the timeline by role, staff by name.
 */
export function neighbourDetail(d: DemandDoc, now: Date, openid: string): DemandDetail {
  const names = [d.residentName]
  const full = toDetail(d, now, { staff: false })
  const mask = (s: string | undefined) =>
    s === undefined ? undefined : maskText(s, { max: Infinity, names })
  return {
    ...full,
    text: mask(d.text)!,
    photos: [],
    photoCount: 0,
    ...(full.resolutionResult ? { resolutionResult: mask(full.resolutionResult) } : {}),
    ...(full.escalationNote ? { escalationNote: mask(full.escalationNote) } : {}),
    investigation: undefined,
    rating: undefined,
    canRate: false,
    canReopen: false,
    reopenUntil: undefined,
    events: full.events.map((e) => ({
      ...e,
      byName: e.byRole === '居民' ? maskName(e.byName) : e.byName,
      ...(e.note ? { note: mask(e.note) } : {}),
    })),
    neighbour: true,
    following: (d.followers ?? []).includes(openid),
  }
}

const STOP = new Set(
  (
    '的 了 是 在 我 我们 你 他 她 它 他们 有 没有 没 就 都 也 和 与 及 或 还 又 很 太 非常 这 那 这个 那个 一个 一些 一下 ' +
    '一直 已经 但是 因为 所以 如果 然后 就是 不是 不 吗 呢 吧 啊 呀 么 什么 怎么 能 可以 会 要 想 希望 请 麻烦 谢谢 ' +
    '问题 情况 反映 诉求 社区 居委会 小区 现在 今天 昨天 最近 时候 好几天 几天 人 个 让 给 被 把 对 向 从 到 上 下 里 ' +
    '号 楼 等 好 几 天'
  ).split(/\s+/),
)

/** The words that carry meaning: no function words, punctuation or bare numbers. */
export function keywords(text: string, cut: Segment): Set<string> {
  const out = new Set<string>()
  for (const w of cut(text)) {
    const word = w.trim().toLowerCase()
    if (!word || STOP.has(word) || !/[\u4e00-\u9fffa-z]/.test(word) || /^\d+$/.test(word)) continue
    out.add(word)
  }
  return out
}

/** Dice coefficient of two word sets: 0 (nothing shared) … 1 (the same words). */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  for (const w of a) if (b.has(w)) shared++
  return (2 * shared) / (a.size + b.size)
}

/** Below this a case is not offered as similar. */
export const SIMILAR_MIN_SCORE = 0.25
export const SIMILAR_MAX = 3

type Candidate = Pick<
  DemandDoc,
  | '_id'
  | 'category'
  | 'text'
  | 'status'
  | 'submittedAt'
  | 'placeLabel'
  | 'joinCount'
  | 'followers'
  | 'residentOpenid'
  | 'residentName'
  | 'blockId'
>

/**
 * The open public cases most like `text`, best first: shared words decide; the same category or block only
 * breaks ties and lifts a borderline case, never makes an unrelated one similar.
 */
export function similarCases(
  query: { text: string; category?: string; blockId?: string },
  candidates: readonly Candidate[],
  openid: string,
  cut: Segment,
): PublicDemand[] {
  const words = keywords(query.text, cut)
  const scored: PublicDemand[] = []
  for (const c of candidates) {
    const base = overlap(words, keywords(c.text, cut))
    if (base === 0) continue
    const score = Math.min(
      1,
      base +
        (query.category === c.category ? 0.1 : 0) +
        (query.blockId && query.blockId === c.blockId ? 0.05 : 0),
    )
    if (score < SIMILAR_MIN_SCORE) continue
    const following = (c.followers ?? []).includes(openid)
    scored.push({
      id: c._id,
      category: c.category,
      categoryLabel: CATEGORY_LABEL[c.category],
      text: maskText(c.text, { max: 60, names: [c.residentName] }),
      status: c.status,
      statusLabel: STATUS_LABEL[c.status],
      submittedAt: toDate(c.submittedAt).toISOString(),
      ...(c.placeLabel ? { placeLabel: c.placeLabel } : {}),
      joinCount: c.joinCount ?? 0,
      mine: c.residentOpenid === openid,
      following,
      score: Math.round(score * 100) / 100,
    })
  }
  return scored
    .sort((a, b) => b.score - a.score || b.submittedAt.localeCompare(a.submittedAt))
    .slice(0, SIMILAR_MAX)
}

/** A change with the author's progress updates copied to the case's followers. */
export function withFollowers(change: Change): Change {
  const copies = followerUpdates(change.next, change.messages)
  return copies.length === 0 ? change : { ...change, messages: [...change.messages, ...copies] }
}
