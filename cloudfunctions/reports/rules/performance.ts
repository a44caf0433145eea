/**
 * Five-dimension performance (五维绩效); the definitions are written out on `FiveDimensions` in
 * types/reports.ts and on the performance page. One function serves a person and a committee: `who` picks
 * the actions counted (a person's own, or everyone's in the unit).
 */
import type { FiveDimensions, WindowDimensions } from '../../../types/reports'
import { firstResponse, isGoodRating, type DemandAction, type DemandFacts, type SourceFacts } from './facts'
import { median, ratio } from './totals'

const HOUR = 3_600_000

export interface PerformanceScope {
  /** Counts an action, visit, booking or talent when it is the person's (or any, for a committee). */
  readonly who: (openid: string | undefined) => boolean
  /** For a person, whether a case's current assignee is them; for a committee, always true. */
  readonly owns: (d: DemandFacts) => boolean
}

const round1 = (n: number | null): number | null => (n === null ? null : Math.round(n * 10) / 10)

export function fiveDimensions(
  src: SourceFacts,
  range: { start: Date; end: Date },
  scope: PerformanceScope,
): FiveDimensions {
  const inP = (at: Date | undefined): at is Date =>
    !!at && at.getTime() >= range.start.getTime() && at.getTime() < range.end.getTime()
  const mine = (a: DemandAction) => scope.who(a.by) && inP(a.at)

  let demandsHandled = 0
  const firstResponseHours: number[] = []
  let in24h = 0
  let atOnce = 0
  const resolutionHours: number[] = []
  let microMatters = 0
  let escalationsResolved = 0
  let rated = 0
  let good = 0
  let concludedCount = 0
  let reopenedAfter = 0
  let overdueCount = 0
  let rejectionsWithoutResearch = 0

  for (const d of src.demands) {
    if (d.actions.some((a) => mine(a) && a.kind !== 'microMatter' && a.kind !== 'other')) demandsHandled++

    const first = firstResponse(d)
    if (first && mine(first)) {
      const hours = (first.at.getTime() - d.submittedAt.getTime()) / HOUR
      firstResponseHours.push(hours)
      if (first.at.getTime() <= d.responseDueAt.getTime()) in24h++
      if (first.kind === 'resolve') atOnce++
    }

    let escalated = false
    // Who concluded the case last, and when: the ratings and reopens that follow belong to them.
    let concludedBy: DemandAction | undefined
    const conclusions: DemandAction[] = []
    for (const a of d.actions) {
      if (a.kind === 'escalate') escalated = true
      if (a.kind === 'resolve' || a.kind === 'reject') conclusions.push(a)
      if (!mine(a)) continue
      if (a.kind === 'resolve') {
        resolutionHours.push((a.at.getTime() - d.submittedAt.getTime()) / HOUR)
        if (escalated) escalationsResolved++
      }
      if (a.kind === 'microMatter') microMatters++
      if (a.kind === 'reject' && !a.investigated) rejectionsWithoutResearch++
    }
    for (const c of conclusions) {
      if (!mine(c)) continue
      concludedCount++
      if (d.reopens.some((r) => r.getTime() > c.at.getTime())) reopenedAfter++
    }
    for (const r of d.ratings) {
      if (!inP(r.at)) continue
      concludedBy = undefined
      for (const c of conclusions) if (c.at.getTime() <= r.at.getTime()) concludedBy = c
      if (!concludedBy || !scope.who(concludedBy.by)) continue
      rated++
      if (r.level !== 'dissatisfied') good++
    }

    if (scope.owns(d)) {
      const first2 = first
      const responseMissed =
        inP(d.responseDueAt) && (!first2 || first2.at.getTime() > d.responseDueAt.getTime())
      const concluded = d.actions.find((a) => a.kind === 'resolve' || a.kind === 'reject')
      const resolutionMissed =
        !!d.resolutionDueAt &&
        inP(d.resolutionDueAt) &&
        (!concluded || concluded.at.getTime() > d.resolutionDueAt.getTime())
      if (responseMissed || resolutionMissed) overdueCount++
    }
  }

  let visitsMade = 0
  for (const v of src.visits) if (scope.who(v.by) && inP(v.at)) visitsMade++
  let talentsFound = 0
  for (const t of src.talents) if (scope.who(t.by) && inP(t.at)) talentsFound++
  let bookingsServed = 0
  let windowRated = 0
  let windowGood = 0
  for (const b of src.bookings) {
    if (!b.served || !scope.who(b.served.by)) continue
    if (inP(b.served.at)) bookingsServed++
    if (b.rating && inP(b.rating.at)) {
      windowRated++
      if (isGoodRating(b.rating.stars)) windowGood++
    }
  }

  return {
    quantity: { demandsHandled, visitsMade, bookingsServed },
    efficiency: {
      medianFirstResponseHours: round1(median(firstResponseHours)),
      answeredIn24hRate: ratio(in24h, firstResponseHours.length),
      answeredAtOnceRate: ratio(atOnce, firstResponseHours.length),
      medianResolutionHours: round1(median(resolutionHours)),
    },
    value: { microMatters, escalationsResolved, talentsFound },
    rating: {
      demandSatisfactionRate: ratio(good, rated),
      windowSatisfactionRate: ratio(windowGood, windowRated),
    },
    quality: { reopenRate: ratio(reopenedAfter, concludedCount), overdueCount, rejectionsWithoutResearch },
  }
}

/** A person's scope: their own actions, and the cases assigned to them for overdue counts. */
export const personScope = (openid: string): PerformanceScope => ({
  who: (by) => by === openid,
  owns: (d) => d.assignee === openid,
})

/** A unit's scope over facts already filtered to the unit. */
export const unitScope: PerformanceScope = { who: () => true, owns: () => true }

/** A case finished at a window (办结/未办结), with what the clerk's dimensions need. */
export interface WindowCase {
  readonly clerk: string
  readonly itemIds: readonly string[]
  readonly done: boolean
  readonly checkedInAt?: Date
  readonly finishedAt: Date
  readonly rating?: { readonly at: Date; readonly stars: number }
}

export interface WindowFacts {
  readonly cases: readonly WindowCase[]
  /** Item weight (事项分值) by item id; an unknown item weighs 1. */
  readonly weights: ReadonlyMap<string, number>
  /** The center's high-frequency items with their current tip version. */
  readonly highFrequency: readonly { readonly id: string; readonly version: number }[]
  readonly certifications: readonly {
    readonly openid: string
    readonly itemId: string
    readonly version: number
  }[]
}

/** Ratings of 1 or 2 stars count as a complaint (差评). */
const isComplaint = (stars: number): boolean => stars <= 2

/** A window clerk's five dimensions over [start, end); definitions on `WindowDimensions`. */
export function windowDimensions(
  facts: WindowFacts,
  range: { start: Date; end: Date },
  openid: string,
): WindowDimensions {
  const inP = (at: Date | undefined): at is Date =>
    !!at && at.getTime() >= range.start.getTime() && at.getTime() < range.end.getTime()
  const mine = facts.cases.filter((c) => c.clerk === openid)
  const finished = mine.filter((c) => inP(c.finishedAt))
  const minutes = finished
    .filter((c) => c.checkedInAt)
    .map((c) => (c.finishedAt.getTime() - (c.checkedInAt as Date).getTime()) / 60_000)
  let weightedCases = 0
  for (const c of finished)
    if (c.done) for (const id of c.itemIds) weightedCases += facts.weights.get(id) ?? 1
  const rated = mine.filter((c) => c.rating && inP(c.rating.at))
  const good = rated.filter((c) => isGoodRating(c.rating!.stars)).length
  const complaints = finished.filter((c) => c.rating && isComplaint(c.rating.stars)).length
  const certified = new Map<string, number>()
  for (const c of facts.certifications) if (c.openid === openid) certified.set(c.itemId, c.version)
  const current = facts.highFrequency.filter((i) => (certified.get(i.id) ?? 0) >= i.version).length
  return {
    quantity: { casesFinished: finished.length },
    efficiency: { medianMinutesAtWindow: round1(median(minutes)) },
    value: { weightedCases },
    rating: { windowSatisfactionRate: ratio(good, rated.length) },
    quality: {
      notDoneRate: ratio(finished.filter((c) => !c.done).length, finished.length),
      complaintRate: ratio(complaints, finished.length),
      certificationCoverage: ratio(current, facts.highFrequency.length),
    },
  }
}
