/**
 * The daily counters as the source records say they should be: every counter of types/reports.ts's
 * contract, counted on its own business day. The nightly recount compares these with the stored day
 * documents and repairs the difference; the seed builds its history the same way.
 */
import type { DemandCounter, Totals } from '../../../types/reports'
import { businessDay } from '../../shared/stats'
import { addDays } from './period'
import { SYSTEM_ACTOR, firstConclusion, firstResponse, isGoodRating, type SourceFacts } from './facts'
import { emptyCategory, emptyTotals } from './totals'

/** unitId → day → totals, holding only the days of the range that had events. */
export type DayCounters = Map<string, Map<string, Totals>>

export function countEvents(src: SourceFacts, range: { from: string; to: string }, now: Date): DayCounters {
  const out: DayCounters = new Map()
  const today = businessDay(now)
  const slot = (unit: string, when: Date): Totals | undefined => {
    // Deadlines still in the future have not happened yet.
    if (when.getTime() > now.getTime()) return undefined
    const day = businessDay(when)
    if (day < range.from || day > range.to) return undefined
    let days = out.get(unit)
    if (!days) out.set(unit, (days = new Map()))
    let t = days.get(day)
    if (!t) days.set(day, (t = emptyTotals()))
    return t
  }

  for (const d of src.demands) {
    // Every demand counter is counted overall and under the case's category.
    const bump = (when: Date, ...names: DemandCounter[]) => {
      const t = slot(d.committeeId, when)
      if (!t) return
      const c = (t.byCategory[d.category] ??= emptyCategory())
      for (const n of names) {
        t.demands[n]++
        c[n]++
      }
    }
    bump(d.submittedAt, 'submitted', `byChannel.${d.channel ?? 'miniProgram'}`)

    const first = firstResponse(d)
    if (first) {
      const names: DemandCounter[] = ['responded']
      if (first.at.getTime() <= d.responseDueAt.getTime()) names.push('respondedIn24h')
      if (first.kind === 'resolve') names.push('answeredAtOnce')
      bump(first.at, ...names)
    }
    if (!first || first.at.getTime() > d.responseDueAt.getTime())
      bump(d.responseDueAt, 'responseOverdue', 'overdue')

    const concluded = firstConclusion(d)
    if (d.resolutionDueAt && (!concluded || concluded.at.getTime() > d.resolutionDueAt.getTime()))
      bump(d.resolutionDueAt, 'resolutionOverdue', 'overdue')

    let escalated = false
    for (const a of d.actions) {
      if (a.kind === 'escalate') {
        escalated = true
        bump(
          a.at,
          ...(a.by === SYSTEM_ACTOR ? (['escalated', 'autoEscalated'] as const) : (['escalated'] as const)),
        )
      } else if (a.kind === 'resolve')
        bump(a.at, ...(escalated ? (['resolved', 'escalationsResolved'] as const) : (['resolved'] as const)))
      else if (a.kind === 'reject') bump(a.at, 'rejected')
      else if (a.kind === 'meeting') bump(a.at, 'toMeeting')
      else if (a.kind === 'microMatter') bump(a.at, 'microMatter')
      else if (a.kind === 'duplicate') bump(a.at, 'duplicate')
      else if (a.kind === 'transfer')
        bump(
          a.at,
          ...(a.to ? (['transferred', `transferredTo.${a.to}`] as const) : (['transferred'] as const)),
        )
    }
    for (const r of d.ratings) bump(r.at, 'rated', `satisfaction.${r.level}`)
    for (const when of d.reopens) bump(when, 'reopened')
  }

  for (const b of src.bookings) {
    let t = slot(b.unitId, b.createdAt)
    if (t) t.bookings[b.walkIn ? 'walkIn' : 'booked']++
    if (b.served && (t = slot(b.unitId, b.served.at))) t.bookings.served++
    if (b.notDoneAt && (t = slot(b.unitId, b.notDoneAt))) t.bookings.notDone++
    if (b.noShowAt && (t = slot(b.unitId, b.noShowAt))) t.bookings.noShow++
    if (b.rating && (t = slot(b.unitId, b.rating.at))) {
      t.bookings.ratings++
      t.bookings.ratingSum += b.rating.stars
      if (isGoodRating(b.rating.stars)) t.bookings.ratedGood++
    }
  }

  for (const v of src.visits) {
    let t = slot(v.committeeId, v.at)
    if (t) {
      t.visits.done++
      t.visits[`byMode.${v.mode}`]++
      if (v.byResident) t.visits.onlineAnswered++
    }
    // The visit sets when the next one falls due; counted on that day once the day has come.
    const dueDay = addDays(businessDay(v.at), v.intervalDays)
    if (
      dueDay <= today &&
      (t = slot(v.committeeId, new Date(Math.min(now.getTime(), Date.parse(`${dueDay}T12:00:00+08:00`)))))
    )
      t.visits.due++
  }

  for (const tal of src.talents) {
    const t = slot(tal.committeeId, tal.at)
    if (t) t.visits.talentsFound++
  }
  return out
}
