/**
 * Follow-up after certification (跟踪回访): did a clerk's cases on an item go wrong less, or more, after they
 * passed its quiz? Per (clerk, item), the share of their window visits that failed — ended 未办结, or the same
 * resident came back for the same item within `REPEAT_DAYS` (返跑) — in the 90 days before certification and
 * in the first one and three months after. A rate that rises by `RISE` or more flags the item for re-training.
 */

/** A finished window visit (办结/未办结): every item of the booking counts as one visit on that item. */
export interface FollowUpVisit {
  readonly clerk: string
  readonly itemIds: readonly string[]
  /** The resident; a walk-in without one cannot be recognised when they come back. */
  readonly openid?: string
  readonly done: boolean
  readonly finishedAt: Date
}

export interface FollowUpCert {
  readonly openid: string
  readonly name: string
  readonly itemId: string
  readonly itemName: string
  readonly certifiedAt: Date
}

/** Coming back for the same item within this many days counts as a repeat visit (返跑). */
export const REPEAT_DAYS = 15
/** The baseline before certification, and the two windows after it (cumulative: the 3-month one holds the first). */
export const BEFORE_DAYS = 90
export const MONTH1_DAYS = 30
export const MONTH3_DAYS = 90
/** Fewer visits than this in a window say nothing about a rate. */
export const MIN_VISITS = 3
/** A rise of 10 percentage points in the failure rate flags the item. */
export const RISE = 0.1

const DAY = 86_400_000

export interface WindowRates {
  readonly visits: number
  readonly notDone: number
  readonly repeats: number
  /** Visits that ended 未办结 or were followed by a repeat visit (each counted once). */
  readonly failed: number
  readonly notDoneRate: number | null
  readonly repeatRate: number | null
  readonly failureRate: number | null
  /** The window has fully passed; until then its numbers can still change. */
  readonly complete: boolean
}

export interface FollowUpRow {
  readonly openid: string
  readonly name: string
  readonly itemId: string
  readonly itemName: string
  readonly certifiedAt: Date
  readonly before: WindowRates
  readonly month1: WindowRates
  readonly month3: WindowRates
  /** The failure rate after certification is higher than before by `RISE` or more (需要再培训). */
  readonly rising: boolean
  /** The largest rise, in rate points, when both windows have enough visits. */
  readonly rise: number | null
}

const rate = (n: number, of: number): number | null => (of === 0 ? null : Math.round((n / of) * 1000) / 1000)

/**
 * The follow-up table for each certification, over visits finished before `now`; rows flagged `rising` first
 * (largest rise first), then by clerk and item.
 */
export function followUp(
  certs: readonly FollowUpCert[],
  visits: readonly FollowUpVisit[],
  now: Date,
): FollowUpRow[] {
  const past = visits.filter((v) => v.finishedAt.getTime() < now.getTime())
  // For each (resident, item), the visit times in order, to find a return within REPEAT_DAYS.
  const byResidentItem = new Map<string, number[]>()
  for (const v of past)
    if (v.openid)
      for (const item of v.itemIds) {
        const key = `${v.openid}\n${item}`
        const list = byResidentItem.get(key) ?? []
        list.push(v.finishedAt.getTime())
        byResidentItem.set(key, list)
      }
  const cameBack = (v: FollowUpVisit, item: string): boolean => {
    if (!v.openid) return false
    const t = v.finishedAt.getTime()
    return (byResidentItem.get(`${v.openid}\n${item}`) ?? []).some((x) => x > t && x - t <= REPEAT_DAYS * DAY)
  }

  const rows = certs.map((c): FollowUpRow => {
    const mine = past.filter((v) => v.clerk === c.openid && v.itemIds.includes(c.itemId))
    const at = c.certifiedAt.getTime()
    const windowOf = (from: number, to: number): WindowRates => {
      const inside = mine.filter((v) => v.finishedAt.getTime() >= from && v.finishedAt.getTime() < to)
      const notDone = inside.filter((v) => !v.done).length
      const repeat = inside.map((v) => cameBack(v, c.itemId))
      const repeats = repeat.filter(Boolean).length
      const failed = inside.filter((v, i) => !v.done || repeat[i]).length
      return {
        visits: inside.length,
        notDone,
        repeats,
        failed,
        notDoneRate: rate(notDone, inside.length),
        repeatRate: rate(repeats, inside.length),
        failureRate: rate(failed, inside.length),
        complete: now.getTime() >= to,
      }
    }
    const before = windowOf(at - BEFORE_DAYS * DAY, at)
    const month1 = windowOf(at, at + MONTH1_DAYS * DAY)
    const month3 = windowOf(at, at + MONTH3_DAYS * DAY)
    const rises = [month1, month3]
      .filter((w) => w.visits >= MIN_VISITS && before.visits >= MIN_VISITS)
      .map((w) => (w.failureRate as number) - (before.failureRate as number))
    const rise = rises.length ? Math.round(Math.max(...rises) * 1000) / 1000 : null
    return {
      openid: c.openid,
      name: c.name,
      itemId: c.itemId,
      itemName: c.itemName,
      certifiedAt: c.certifiedAt,
      before,
      month1,
      month3,
      rising: rise !== null && rise >= RISE - 1e-9,
      rise,
    }
  })
  return rows.sort((a, b) => {
    if (a.rising !== b.rising) return a.rising ? -1 : 1
    if (a.rising && a.rise !== b.rise) return (b.rise ?? 0) - (a.rise ?? 0)
    return a.name.localeCompare(b.name) || a.itemName.localeCompare(b.itemName)
  })
}
