/**
 * Service levels (时限): first response due 24 hours after submission (接诉即办), resolution due by category,
 * a due-soon alert two hours before a deadline, an overdue alert at it, escalation to the sub-district when a
 * case is more than 24 hours overdue. Pure functions of the demand and `now`.
 */
import {
  categoryOf,
  DUE_SOON_HOURS,
  ESCALATE_AFTER_OVERDUE_HOURS,
  FIRST_RESPONSE_HOURS,
  OPEN_STATUSES,
  type DemandCategory,
  type DemandStatus,
  type SlaStage,
} from '../../../types/demands'

export const HOUR = 3_600_000
export const toDate = (d: Date | string): Date => (d instanceof Date ? d : new Date(d))
export const addHours = (d: Date, h: number): Date => new Date(d.getTime() + h * HOUR)
export const isOpen = (status: DemandStatus): boolean => (OPEN_STATUSES as readonly string[]).includes(status)

export interface Deadlines {
  readonly firstResponseDueAt: Date
  readonly resolutionDueAt: Date
}

/** Deadlines of a demand submitted (or reopened) at `at`; an urgent category's first response is due with it. */
export function deadlines(category: DemandCategory, at: Date): Deadlines {
  const hours = categoryOf(category).resolutionHours
  return {
    firstResponseDueAt: addHours(at, Math.min(FIRST_RESPONSE_HOURS, hours)),
    resolutionDueAt: addHours(at, hours),
  }
}

export interface SlaInput {
  readonly status: DemandStatus
  readonly firstResponseDueAt: Date | string
  readonly firstRespondedAt?: Date | string
  readonly resolutionDueAt: Date | string
}

export interface DueState {
  readonly dueAt: Date | null
  readonly dueStage: SlaStage | null
  /** When the hourly scan should next look at the case: the due-soon threshold of the current stage. */
  readonly nextAlertAt: Date | null
}

/** The deadline an open case works against: the first response until it is given, then the resolution. */
export function dueState(d: SlaInput): DueState {
  if (!isOpen(d.status)) return { dueAt: null, dueStage: null, nextAlertAt: null }
  const stage: SlaStage = d.firstRespondedAt ? 'resolution' : 'response'
  const dueAt = toDate(stage === 'response' ? d.firstResponseDueAt : d.resolutionDueAt)
  return { dueAt, dueStage: stage, nextAlertAt: addHours(dueAt, -DUE_SOON_HOURS) }
}

export const isOverdue = (status: DemandStatus, dueAt: Date | string | null, now: Date): boolean =>
  isOpen(status) && dueAt !== null && toDate(dueAt).getTime() < now.getTime()

export const isDueSoon = (status: DemandStatus, dueAt: Date | string | null, now: Date): boolean => {
  if (!isOpen(status) || dueAt === null) return false
  const left = toDate(dueAt).getTime() - now.getTime()
  return left >= 0 && left <= DUE_SOON_HOURS * HOUR
}

export type AlertKind = 'dueSoon' | 'overdue' | 'escalate'

export interface AlertPlan {
  /** Alerts to send now, each with the mark it leaves (`<cycle>:<stage>:<kind>`); never one already marked. */
  readonly alerts: readonly { kind: AlertKind; mark: string }[]
  readonly stage: SlaStage
  readonly nextAlertAt: Date | null
}

/**
 * What the hourly scan does for one open case at `now`. Each (cycle, stage, kind) happens once however often
 * the scan runs: a kind whose mark the case carries is skipped. A due-soon threshold that was passed unseen is
 * not sent late once the case is overdue; an overdue alert is never skipped, even when escalation is due too.
 */
export function alertPlan(
  d: {
    status: DemandStatus
    dueAt: Date | string | null
    dueStage: SlaStage | null
    cycle: number
    alerts?: readonly string[]
  },
  now: Date,
): AlertPlan | null {
  if (!isOpen(d.status) || d.dueAt === null || d.dueStage === null) return null
  const due = toDate(d.dueAt)
  const soonAt = addHours(due, -DUE_SOON_HOURS)
  const escalateAt = addHours(due, ESCALATE_AFTER_OVERDUE_HOURS)
  const t = now.getTime()
  let kinds: AlertKind[]
  let nextAlertAt: Date | null
  if (t >= escalateAt.getTime()) {
    kinds = ['overdue', 'escalate']
    nextAlertAt = null
  } else if (t >= due.getTime()) {
    kinds = ['overdue']
    nextAlertAt = escalateAt
  } else if (t >= soonAt.getTime()) {
    kinds = ['dueSoon']
    nextAlertAt = due
  } else {
    kinds = []
    nextAlertAt = soonAt
  }
  const done = new Set(d.alerts ?? [])
  const alerts = kinds
    .map((kind) => ({ kind, mark: `${d.cycle}:${d.dueStage}:${kind}` }))
    .filter((a) => !done.has(a.mark))
  return { alerts, stage: d.dueStage, nextAlertAt }
}
