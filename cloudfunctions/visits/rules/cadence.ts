/**
 * Visit cadence (走访周期): when a household is next due, where it stands this week, and what a block head's
 * weekly target is. Pure functions of their arguments; `now` is always passed in.
 */
import dayjs from 'dayjs'
import timezone from 'dayjs/plugin/timezone'
import utc from 'dayjs/plugin/utc'
import { DEFAULT_CADENCE, type Cadence, type DueStatus, type HouseholdClass } from '../../../types/visits'
import { TZ } from '../../shared/stats'

dayjs.extend(utc)
dayjs.extend(timezone)

const DAY_MS = 86_400_000

/** The committee's cadence, falling back to the defaults (C 14 days, B 90 days, A online every 90 days). */
export function effectiveCadence(stored: Partial<Cadence> | null | undefined): Cadence {
  return { ...DEFAULT_CADENCE, ...(stored ?? {}) }
}

/**
 * Next due date (下次走访日期): the last contact plus the class's interval. A household never contacted has
 * no due date: it is due at once and `null` says so, so callers sort it before every dated one.
 */
export function nextDue(
  household: { class: HouseholdClass },
  lastContact: Date | null | undefined,
  cadence: Cadence,
): Date | null {
  if (!lastContact || Number.isNaN(lastContact.getTime())) return null
  return new Date(lastContact.getTime() + cadence[household.class] * DAY_MS)
}

/** The business week (Monday 00:00 to next Monday 00:00, Asia/Shanghai) that `now` falls in. */
export function weekWindow(now: Date): { start: Date; end: Date } {
  const local = dayjs(now).tz(TZ)
  const sinceMonday = (local.day() + 6) % 7
  const start = local.startOf('day').subtract(sinceMonday, 'day')
  return { start: start.toDate(), end: start.add(7, 'day').toDate() }
}

/**
 * Where a household stands: never visited, overdue, due before this week ends, or later. Lists pass the
 * week's end once: the time-zone arithmetic costs far more than the comparison.
 */
export function dueStatus(nextDueAt: Date | null, now: Date, weekEnd: Date = weekWindow(now).end): DueStatus {
  if (!nextDueAt) return 'never'
  if (nextDueAt.getTime() < now.getTime()) return 'overdue'
  if (nextDueAt.getTime() < weekEnd.getTime()) return 'dueThisWeek'
  return 'later'
}

/** Whole days past due; 0 when not overdue. */
export function daysOverdue(nextDueAt: Date | null, now: Date): number {
  if (!nextDueAt || nextDueAt.getTime() >= now.getTime()) return 0
  return Math.floor((now.getTime() - nextDueAt.getTime()) / DAY_MS)
}

/**
 * Weekly target (每周走访目标): the committee's number when set, else what keeps every household on its
 * cadence — each household needs 7/interval visits a week on average.
 */
export function weeklyTarget(classes: readonly HouseholdClass[], cadence: Cadence): number {
  if (cadence.weeklyTarget) return cadence.weeklyTarget
  const perWeek = classes.reduce((sum, c) => sum + 7 / cadence[c], 0)
  return Math.max(0, Math.ceil(perWeek - 1e-9))
}

const RANK: Record<DueStatus, number> = { never: 0, overdue: 1, dueThisWeek: 2, later: 3 }

/** Catalogue order (走访目录排序): never visited, then overdue (longest first), then by due date. */
export function compareDue(
  a: { nextDueAt: Date | null; status: DueStatus },
  b: { nextDueAt: Date | null; status: DueStatus },
): number {
  const r = RANK[a.status] - RANK[b.status]
  if (r !== 0) return r
  return (a.nextDueAt?.getTime() ?? 0) - (b.nextDueAt?.getTime() ?? 0)
}
