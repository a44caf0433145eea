/**
 * What the rules know about the source records, normalized from the documents of `demands`, `bookings`,
 * `visits` and `talents` by ../source.ts. Rules never read documents directly, so a change of a feature's
 * document shape touches one adapter, not every rule.
 */

import type { DemandChannel, TransferDestination } from '../../../types/demands'

/** Satisfaction levels as the demands feature stores them: 满意 / 基本满意 / 不满意. */
export type RatingLevel = 'satisfied' | 'basic' | 'dissatisfied'

/** A staff action on a demand's timeline. */
export type DemandActionKind =
  'reply' | 'meeting' | 'escalate' | 'transfer' | 'resolve' | 'reject' | 'microMatter' | 'duplicate' | 'other'

/** The actor of what the timers do (automatic escalation): never a response, never a person's work. */
export const SYSTEM_ACTOR = 'system'

/** Kinds that answer the resident and so stop the 24-hour response clock (首次响应). */
export const RESPONDING_KINDS: ReadonlySet<DemandActionKind> = new Set([
  'microMatter',
  'duplicate',
  'reply',
  'meeting',
  'escalate',
  'resolve',
  'reject',
])

export interface DemandAction {
  readonly at: Date
  /** OPENID of the staff member. */
  readonly by: string
  readonly kind: DemandActionKind
  /** For `reject`: whether an investigation record (调研记录) was attached. */
  readonly investigated?: boolean
  /** For `transfer`: where it went (a department's kind, a colleague, another committee), when recorded. */
  readonly to?: TransferDestination
}

export interface DemandFacts {
  readonly id: string
  /** The committee (居委会) the case belongs to. */
  readonly committeeId: string
  readonly blockId?: string
  readonly category: string
  readonly text: string
  readonly status: string
  /** How it came in (受理渠道); absent reads as the mini-program. */
  readonly channel?: DemandChannel
  /** Not yet resolved, rejected or closed. */
  readonly open: boolean
  readonly submittedAt: Date
  readonly responseDueAt: Date
  readonly resolutionDueAt?: Date
  /** The deadline being worked against now (open cases only). */
  readonly dueAt?: Date
  /** OPENID of the staff member the case is assigned to now. */
  readonly assignee?: string
  /** Who holds it now, by name (the staff member, and the department it was handed to). */
  readonly holder?: string
  /** Staff actions in time order. */
  readonly actions: readonly DemandAction[]
  readonly ratings: readonly { readonly at: Date; readonly level: RatingLevel }[]
  readonly reopens: readonly Date[]
}

/** A visit record (走访记录). */
export interface VisitFacts {
  readonly id: string
  readonly committeeId: string
  readonly householdId: string
  readonly by: string
  readonly at: Date
  readonly mode: 'home' | 'online' | 'phone'
  /** Answered by the family (an online visit's reply) rather than recorded by staff. */
  readonly byResident: boolean
  /** Days until the household's next visit falls due after this one (its class's cadence). */
  readonly intervalDays: number
}

/** A window booking or walk-in (预约/现场取号), counted under the unit that served it. */
export interface BookingFacts {
  readonly id: string
  /** The committee of the booking when it has one, else the service center. */
  readonly unitId: string
  readonly walkIn: boolean
  readonly createdAt: Date
  readonly served?: { readonly at: Date; readonly by: string }
  readonly noShowAt?: Date
  /** Handled but not finished (未办结, a material was missing). */
  readonly notDoneAt?: Date
  /** Stars 1–5; 4 and 5 count as good (满意). */
  readonly rating?: { readonly at: Date; readonly stars: number }
}

/** A capable resident found (发现能人). */
export interface TalentFacts {
  readonly id: string
  readonly committeeId: string
  readonly by: string
  readonly at: Date
}

export interface SourceFacts {
  readonly demands: readonly DemandFacts[]
  readonly visits: readonly VisitFacts[]
  readonly bookings: readonly BookingFacts[]
  readonly talents: readonly TalentFacts[]
}

/** Window ratings of 4 or 5 stars count as good (满意). */
export const isGoodRating = (stars: number): boolean => stars >= 4

/** The first action that answered the resident, if any. */
export function firstResponse(d: DemandFacts): DemandAction | undefined {
  return d.actions.find((a) => RESPONDING_KINDS.has(a.kind) && a.by !== SYSTEM_ACTOR)
}

/** The first conclusion (resolve or reject), which decides whether the resolution deadline was kept. */
export function firstConclusion(d: DemandFacts): DemandAction | undefined {
  return d.actions.find((a) => a.kind === 'resolve' || a.kind === 'reject')
}
