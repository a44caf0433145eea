/**
 * Daily counters (统计) per committee and business day, maintained as events happen so that a 30-day summary
 * reads about 30 documents per committee however many demands there are. The nightly recount in `reports`
 * rebuilds them from the source records and repairs drift.
 *
 * Counter names are dotted paths inside the day's document, e.g. `demands.submitted`,
 * `demands.byCategory.noise.submitted`, `bookings.served`, `visits.done`. The authoritative list, with what
 * each counts and when to bump it, is `StatCounterName` in types/reports.ts (built from `DEMAND_COUNTERS`,
 * `CATEGORY_COUNTERS`, `BOOKING_COUNTERS` and `VISIT_COUNTERS`); names outside it are kept in the day
 * document but no report reads them.
 */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import type { StatCounterName } from '../../types/reports'
import type { Database } from './cloud'
import { storeOf } from './data'
import { isDuplicateKey } from './errors'

dayjs.extend(utc)
dayjs.extend(timezone)

export const TZ = 'Asia/Shanghai'

/**
 * Shanghai's calendar fields of an instant through one formatter kept for the instance's life: dayjs's
 * `.tz()` builds a new `Intl` formatter on every call (about 0.25 ms), and a submit asks several times —
 * a few percent of the whole call's CPU.
 */
const SHANGHAI = new Intl.DateTimeFormat('en-US', {
  timeZone: TZ,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})
function shanghaiParts(at: Date | string): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' }
  for (const p of SHANGHAI.formatToParts(new Date(at)))
    if (p.type in out) out[p.type as keyof typeof out] = p.value
  return out
}

/** The business day (Asia/Shanghai) an instant falls on, `YYYY-MM-DD`. */
export const businessDay = (at: Date): string => {
  const p = shanghaiParts(at)
  return `${p.year}-${p.month}-${p.day}`
}
/** `2026-11-23 14:05` in Asia/Shanghai, the format WeChat's subscribe-message `time` fields take. */
export const shanghaiTime = (at: Date | string): string => {
  const p = shanghaiParts(at)
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
}
export const statsId = (committeeId: string, day: string): string => `stats:${committeeId}:${day}`

export interface StatsKey {
  readonly committeeId: string
  readonly subdistrictId: string
  readonly at: Date
}

/**
 * Nested object from dotted counter names, so wx-server-sdk flattens it back into `$inc` paths (or, with
 * plain numbers, into the fields a new or recounted day document stores).
 */
export function nest(
  counters: Readonly<Partial<Record<string, number>>>,
  wrap: (n: number) => unknown,
): Record<string, unknown> {
  const outObj: Record<string, unknown> = {}
  for (const [path, n] of Object.entries(counters)) {
    const parts = path.split('.')
    let node = outObj
    parts.slice(0, -1).forEach((p) => {
      node[p] = (node[p] as Record<string, unknown> | undefined) ?? {}
      node = node[p] as Record<string, unknown>
    })
    node[parts[parts.length - 1]] = wrap(n ?? 0)
  }
  return outObj
}

/**
 * Adds to the day's counters, creating the day's document on first use. Not idempotent by itself: call it
 * from the same transaction or outbox step as the event it counts, so a retried request counts once.
 */
export async function bumpStats(
  db: Database,
  key: StatsKey,
  counters: Readonly<Partial<Record<StatCounterName, number>>>,
): Promise<void> {
  // Nothing to count must not create an empty day document.
  if (Object.keys(counters).length === 0) return
  const _ = db.command
  const day = businessDay(key.at)
  const id = statsId(key.committeeId, day)
  const stats = storeOf(db).stats
  if (
    await stats.update(
      id,
      nest(counters, (n) => _.inc(n)),
    )
  )
    return
  try {
    await stats.add({
      _id: id,
      committeeId: key.committeeId,
      subdistrictId: key.subdistrictId,
      date: day,
      ...nest(counters, (n) => n),
    })
  } catch (err) {
    // Another call created the day's document first: add to it instead.
    if (!isDuplicateKey(err)) throw err
    await stats.update(
      id,
      nest(counters, (n) => _.inc(n)),
    )
  }
}
