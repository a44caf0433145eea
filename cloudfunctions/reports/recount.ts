/**
 * The nightly recount (统计核对): rebuilds the day counters of finished days from the source records,
 * compares them with what the features bumped, and repairs the difference — reporting each repair. Only
 * finished days are rewritten, so it never races a live `bumpStats` of today.
 */
import type { Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { isDuplicateKey } from '../shared/errors'
import { nest, statsId } from '../shared/stats'
import { countEvents } from './rules/counters'
import { addDays, dayStart, daysOf, period } from './rules/period'
import { diff, emptyTotals, totalsOf } from './rules/totals'
import {
  BOOKING_COUNTERS,
  CATEGORY_COUNTERS,
  DEMAND_COUNTERS,
  VISIT_COUNTERS,
  type Totals,
} from '../../types/reports'
import { committeeIdsOf, unitsOf } from './scope'
import { bookingsTouching, demandsTouching, talentsIn, visitsIn } from './source'
import { businessDay } from '../shared/stats'

/** How many finished days the nightly run checks (late bumps land within a day or two). */
export const RECOUNT_DAYS = 7
/** Visits this far back can make a visit fall due inside the checked days (the longest cadence). */
const LONGEST_CADENCE_DAYS = 90

export interface Repair {
  readonly unitId: string
  readonly date: string
  /** counter → [stored, recounted] */
  readonly changes: Record<string, [number, number]>
}

export interface RecountReport {
  readonly subdistrictId: string
  readonly from: string
  readonly to: string
  readonly checked: number
  readonly repaired: readonly Repair[]
  readonly durationMs: number
}

/** Every known counter of the totals, zeros included, nested as stored: writing it sets each one. */
function storedShape(t: Totals, categories: Iterable<string>): Record<string, unknown> {
  const counters: Record<string, number> = {}
  for (const k of DEMAND_COUNTERS) counters[`demands.${k}`] = t.demands[k]
  for (const cat of categories) {
    const c = t.byCategory[cat]
    for (const k of CATEGORY_COUNTERS) counters[`demands.byCategory.${cat}.${k}`] = c?.[k] ?? 0
  }
  for (const k of BOOKING_COUNTERS) counters[`bookings.${k}`] = t.bookings[k]
  for (const k of VISIT_COUNTERS) counters[`visits.${k}`] = t.visits[k]
  return nest(counters, (n) => n)
}

export async function recount(
  db: Database,
  subdistrictId: string,
  now: Date,
  range?: { from: string; to: string },
): Promise<RecountReport> {
  const started = Date.now()
  const today = businessDay(now)
  const r = range ?? { from: addDays(today, -RECOUNT_DAYS), to: addDays(today, -1) }
  const to = r.to < today ? r.to : addDays(today, -1)
  const p = period(r.from, to)
  if (p.days <= 0) return { subdistrictId, from: r.from, to, checked: 0, repaired: [], durationMs: 0 }
  const start = dayStart(p.from)
  const end = dayStart(addDays(p.to, 1))
  const units = await unitsOf(db, subdistrictId)
  const unitIds = units.map((u) => u.id)
  const committeeIds = committeeIdsOf(units)
  const _ = db.command
  const stats = storeOf(db).stats
  const [demands, visits, talents, bookings, stored] = await Promise.all([
    demandsTouching(db, committeeIds, start, end),
    visitsIn(db, committeeIds, new Date(start.getTime() - LONGEST_CADENCE_DAYS * 86_400_000), end, true),
    talentsIn(db, committeeIds, start, end),
    bookingsTouching(db, subdistrictId, start, end),
    stats.scan({ committeeId: _.in(unitIds), date: _.and(_.gte(p.from), _.lte(p.to)) }),
  ])
  // Day documents of other sub-districts' units never appear: counts are per unit of this one.
  const expected = countEvents({ demands, visits, talents, bookings }, p, end < now ? end : now)
  const storedBy = new Map(stored.map((d) => [`${d.committeeId}|${d.date}`, d]))
  const repaired: Repair[] = []
  let checked = 0
  for (const unitId of unitIds) {
    for (const date of daysOf(p)) {
      checked++
      const doc = storedBy.get(`${unitId}|${date}`)
      const want = expected.get(unitId)?.get(date) ?? emptyTotals()
      const have = doc ? totalsOf(doc) : emptyTotals()
      const changes = diff(have, want)
      if (Object.keys(changes).length === 0) continue
      const categories = new Set([...Object.keys(have.byCategory), ...Object.keys(want.byCategory)])
      const data = storedShape(want, categories)
      if (doc) await stats.update(doc._id, data)
      else {
        try {
          await stats.add({ _id: statsId(unitId, date), committeeId: unitId, subdistrictId, date, ...data })
        } catch (err) {
          // A late bump created the day meanwhile: set the counters on it instead.
          if (!isDuplicateKey(err)) throw err
          await stats.update(statsId(unitId, date), data)
        }
      }
      repaired.push({ unitId, date, changes })
    }
  }
  return { subdistrictId, from: p.from, to: p.to, checked, repaired, durationMs: Date.now() - started }
}
