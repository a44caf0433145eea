/**
 * Counter arithmetic: empty totals, adding day documents up, flattening to counter names and the rates of
 * types/reports.ts (`Rates`).
 */
import {
  BOOKING_COUNTERS,
  CATEGORY_COUNTERS,
  DEMAND_COUNTERS,
  VISIT_COUNTERS,
  type CategoryCounts,
  type Rates,
  type StatCounterName,
  type Totals,
} from '../../../types/reports'

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

export const emptyCategory = (): CategoryCounts => zeros(CATEGORY_COUNTERS)

export function emptyTotals(): Totals {
  return {
    demands: zeros(DEMAND_COUNTERS),
    byCategory: {},
    bookings: zeros(BOOKING_COUNTERS),
    visits: zeros(VISIT_COUNTERS),
  }
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
/** Reads a dotted counter name inside a stored (nested) object. */
const at = (obj: unknown, path: string): unknown =>
  path
    .split('.')
    .reduce<unknown>(
      (o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined),
      obj,
    )

/** Reads a stored day document (or anything shaped like one) as totals; unknown fields are ignored. */
export function totalsOf(doc: unknown): Totals {
  const d = (doc ?? {}) as Record<string, Record<string, unknown> | undefined>
  const t = emptyTotals()
  for (const k of DEMAND_COUNTERS) t.demands[k] = num(at(d.demands, k))
  for (const k of BOOKING_COUNTERS) t.bookings[k] = num(at(d.bookings, k))
  for (const k of VISIT_COUNTERS) t.visits[k] = num(at(d.visits, k))
  const cats = (d.demands?.byCategory ?? {}) as Record<string, unknown>
  for (const [cat, c] of Object.entries(cats)) {
    const cc = emptyCategory()
    for (const k of CATEGORY_COUNTERS) cc[k] = num(at(c, k))
    t.byCategory[cat] = cc
  }
  return t
}

/** a += b, in place; returns a. */
export function addInto(a: Totals, b: Totals): Totals {
  for (const k of DEMAND_COUNTERS) a.demands[k] += b.demands[k]
  for (const k of BOOKING_COUNTERS) a.bookings[k] += b.bookings[k]
  for (const k of VISIT_COUNTERS) a.visits[k] += b.visits[k]
  for (const [cat, c] of Object.entries(b.byCategory)) {
    const into = (a.byCategory[cat] ??= emptyCategory())
    for (const k of CATEGORY_COUNTERS) into[k] += c[k]
  }
  return a
}

export const sumTotals = (list: readonly Totals[]): Totals =>
  list.reduce((acc, t) => addInto(acc, t), emptyTotals())

/** Counter name → value, zeros left out, as `bumpStats` takes them and drift reports name them. */
export function flatten(t: Totals): Partial<Record<StatCounterName, number>> {
  const out: Partial<Record<StatCounterName, number>> = {}
  for (const k of DEMAND_COUNTERS) if (t.demands[k]) out[`demands.${k}`] = t.demands[k]
  for (const [cat, c] of Object.entries(t.byCategory))
    for (const k of CATEGORY_COUNTERS) if (c[k]) out[`demands.byCategory.${cat}.${k}`] = c[k]
  for (const k of BOOKING_COUNTERS) if (t.bookings[k]) out[`bookings.${k}`] = t.bookings[k]
  for (const k of VISIT_COUNTERS) if (t.visits[k]) out[`visits.${k}`] = t.visits[k]
  return out
}

/** Where stored and recounted totals differ: counter → [stored, recounted]. */
export function diff(stored: Totals, recounted: Totals): Record<string, [number, number]> {
  const a = flatten(stored) as Record<string, number>
  const b = flatten(recounted) as Record<string, number>
  const out: Record<string, [number, number]> = {}
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)]))
    if ((a[k] ?? 0) !== (b[k] ?? 0)) out[k] = [a[k] ?? 0, b[k] ?? 0]
  return out
}

/** n ÷ d, or null when there is nothing to divide by. */
export const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null)

export function ratesOf(t: Totals): Rates {
  const d = t.demands
  return {
    responseRate: ratio(d.respondedIn24h, d.respondedIn24h + d.responseOverdue),
    resolutionRate: ratio(d.resolved, d.resolved + d.rejected),
    satisfactionRate: ratio(d['satisfaction.satisfied'] + d['satisfaction.basic'], d.rated),
    windowSatisfactionRate: ratio(t.bookings.ratedGood, t.bookings.ratings),
    visitRate: ratio(t.visits.done, t.visits.due),
  }
}

/** The median of a list (the mean of the middle two for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null
  const s = [...values].sort((x, y) => x - y)
  const mid = s.length >> 1
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2
}
