/**
 * The lifecycle of a demand (诉求流转) as pure functions: each takes the stored demand, the actor, the input and
 * `now`, and returns the change to write — fields, one timeline event, the messages it causes and the
 * counters it moves — or throws the AppError that explains why not. Actions only load, call and save.
 */
import {
  CATEGORY_LABEL,
  DEPARTMENT_KIND_LABEL,
  RATING_WINDOW_DAYS,
  SATISFACTION_LABEL,
  STATUS_LABEL,
  type DemandDoc,
  type DemandEvent,
  type DemandEventType,
  type DemandStatus,
  type DepartmentDoc,
  type Investigation,
  type Satisfaction,
} from '../../../types/demands'
import type { OutgoingMessage } from '../../shared/outbox'
import type { DemandCounter } from '../../../types/reports'
import { conflict, invalid } from '../../shared/errors'
import { businessDay, shanghaiTime } from '../../shared/stats'
import { addHours, deadlines, dueState, isOpen, toDate } from './sla'
import { deskAlert, residentUpdate, staffAlert } from './messages'

export interface Actor {
  readonly openid: string
  readonly name: string
  /** Shown on the timeline: 块长, 居委会管理员, 居民, 系统. */
  readonly roleLabel: string
}

export interface Change {
  /** Top-level fields to set (null clears a deadline). */
  readonly set: Partial<Record<keyof DemandDoc | string, unknown>>
  /** Top-level fields to remove. */
  readonly unset: readonly string[]
  readonly event: DemandEvent
  readonly messages: readonly OutgoingMessage[]
  /** Counter increments (`demands.resolved`, …), bumped once when the change is written. */
  readonly stats: Readonly<Record<string, number>>
  /** The demand as it stands after the change. */
  readonly next: DemandDoc
}

const DAY = 86_400_000

/** What whoever files a demand decides; everything else a new demand starts with comes from `newDemand`. */
export type NewDemandFields = Pick<
  DemandDoc,
  | '_id'
  | 'residentOpenid'
  | 'committeeId'
  | 'subdistrictId'
  | 'category'
  | 'text'
  | 'photos'
  | 'visibility'
  | 'assigneeOpenid'
  | 'assigneeName'
> &
  Partial<Pick<DemandDoc, 'residentName' | 'householdId' | 'blockId' | 'building'>> &
  Record<string, unknown>

/**
 * A new demand (新诉求), awaiting its first response: the deadlines of its category from `now`, the live due
 * state, and `submitted` as the first event. Used by `submit`, by visits that raise demands, and by demo data.
 */
export function newDemand(fields: NewDemandFields, submitted: DemandEvent, now: Date): DemandDoc {
  const d = deadlines(fields.category, now)
  const base = {
    ...fields,
    status: 'pending' as const,
    submittedAt: now,
    submittedDay: businessDay(now),
    firstResponseDueAt: d.firstResponseDueAt,
    resolutionDueAt: d.resolutionDueAt,
    cycle: 1,
    alerts: [],
    reopened: false,
    events: [submitted],
    version: 1,
    updatedAt: now,
  }
  return { ...base, ...dueState(base) }
}

export function makeChange(
  doc: DemandDoc,
  actor: Actor,
  now: Date,
  eventId: string,
  type: DemandEventType,
  note: string | undefined,
  set: Record<string, unknown>,
  opts: {
    unset?: string[]
    messages?: (next: DemandDoc, event: DemandEvent) => OutgoingMessage[]
    stats?: Record<string, number>
    /** Facts the reports read off the timeline (e.g. where a transfer went). */
    data?: Record<string, unknown>
  } = {},
): Change {
  const event: DemandEvent = {
    id: eventId,
    type,
    at: now,
    by: actor.openid,
    byName: actor.name,
    byRole: actor.roleLabel,
    ...(note ? { note } : {}),
    ...(opts.data ? { data: opts.data } : {}),
  }
  const merged: Record<string, unknown> = { ...doc, ...set, updatedAt: now }
  for (const k of opts.unset ?? []) delete merged[k]
  // Deadlines follow the status: recomputed on every change so the stored `dueAt` is always the live one.
  const due = dueState(merged as unknown as DemandDoc)
  const fullSet = {
    ...set,
    dueAt: due.dueAt,
    dueStage: due.dueStage,
    nextAlertAt: due.nextAlertAt,
    updatedAt: now,
  }
  const next = {
    ...merged,
    ...fullSet,
    events: [...doc.events, event],
    version: doc.version + 1,
  } as DemandDoc
  return {
    set: fullSet,
    unset: opts.unset ?? [],
    event,
    messages: opts.messages ? opts.messages(next, event) : [],
    stats: opts.stats ?? {},
    next,
  }
}

/** Counter names for one event, overall and by category, e.g. `demands.byCategory.noise.resolved`. */
export function counters(
  doc: Pick<DemandDoc, 'category'>,
  names: Readonly<Record<string, number>>,
): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, n] of Object.entries(names)) {
    out[`demands.${name as DemandCounter}`] = n
    out[`demands.byCategory.${doc.category}.${name as DemandCounter}`] = n
  }
  return out
}

export function requireOpen(doc: DemandDoc): void {
  if (!isOpen(doc.status))
    throw conflict(`这件诉求${STATUS_LABEL[doc.status]}，不能再这样处理`, { status: doc.status })
}

/** Any of these counts as the first response; the 24-hour clock stops at the first one. */
export function firstResponse(
  doc: DemandDoc,
  now: Date,
): { set: Record<string, unknown>; stats: Record<string, number> } {
  if (doc.firstRespondedAt) return { set: {}, stats: {} }
  const inTime = now.getTime() <= toDate(doc.firstResponseDueAt).getTime()
  return { set: { firstRespondedAt: now }, stats: { responded: 1, ...(inTime ? { respondedIn24h: 1 } : {}) } }
}

const notifyResident = (label: string, note: string) => (next: DemandDoc, ev: DemandEvent) => [
  residentUpdate(next, ev, label, note),
]

export function reply(doc: DemandDoc, actor: Actor, text: string, now: Date, eventId: string): Change {
  requireOpen(doc)
  const first = firstResponse(doc, now)
  const status: DemandStatus = doc.status === 'pending' ? 'in_progress' : doc.status
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'replied',
    text,
    { ...first.set, status },
    {
      messages: notifyResident('已答复', text),
      stats: counters(doc, first.stats),
    },
  )
}

export function toMeeting(
  doc: DemandDoc,
  actor: Actor,
  meetingDate: string,
  note: string | undefined,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  const first = firstResponse(doc, now)
  const text = `提交居委会工作例会研究（${meetingDate}）${note ? `：${note}` : ''}`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'meeting',
    text,
    { ...first.set, status: 'meeting', meeting: { date: meetingDate, ...(note ? { note } : {}) } },
    {
      messages: notifyResident('上会研究', text),
      stats: counters(doc, { ...first.stats, toMeeting: 1 }),
    },
  )
}

/**
 * 上报街道: the case goes to the sub-district desk. The resident hears of it, and so does each duty officer
 * (`officers`, see routing's `dutyOfficers`).
 */
export function escalate(
  doc: DemandDoc,
  actor: Actor,
  note: string,
  now: Date,
  eventId: string,
  officers: readonly string[] = [],
): Change {
  requireOpen(doc)
  if (doc.status === 'escalated') throw conflict('这件诉求已经上报街道了')
  const first = firstResponse(doc, now)
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'escalated',
    note,
    { ...first.set, status: 'escalated', escalation: { note, at: now, auto: false } },
    {
      messages: (next, ev) => [
        residentUpdate(next, ev, '已上报街道', note),
        ...officers.map((o) => deskAlert(next, ev.id, o, `${actor.name}上报街道`)),
      ],
      stats: counters(doc, { ...first.stats, escalated: 1 }),
    },
  )
}

export function transfer(
  doc: DemandDoc,
  actor: Actor,
  to: { openid: string; name: string; committeeId: string; blockId?: string },
  reason: string,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  if (to.openid === doc.assigneeOpenid && to.committeeId === doc.committeeId)
    throw conflict('这件诉求已经由这位工作人员负责')
  const set: Record<string, unknown> = {
    assigneeOpenid: to.openid,
    assigneeName: to.name,
    committeeId: to.committeeId,
  }
  const unset: string[] = []
  const dest = to.committeeId === doc.committeeId ? 'colleague' : 'committee'
  if (dest === 'committee') {
    // Another committee's blocks are not this one's: the case leaves the block head's list with the block.
    if (to.blockId) set.blockId = to.blockId
    else unset.push('blockId')
  }
  return makeChange(doc, actor, now, eventId, 'transferred', `转派给${to.name}：${reason}`, set, {
    unset,
    data: { to: dest },
    messages: (next, ev) => [staffAlert(next, ev, to.openid, '转派给您', reason)],
    stats: counters(doc, { transferred: 1, [`transferredTo.${dest}`]: 1 }),
  })
}

/**
 * 交办职能部门: the case goes to a department of the sub-district with instructions. It stays open, with its
 * assignee and on its clocks, until staff record the department's answer (`departmentAnswer`); the resident
 * hears where it went.
 */
export function toDepartment(
  doc: DemandDoc,
  actor: Actor,
  dept: Pick<DepartmentDoc, '_id' | 'name' | 'kind' | 'contactName' | 'phone' | 'subdistrictId'>,
  instructions: string,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  if (dept.subdistrictId !== doc.subdistrictId) throw invalid('toDepartmentId', '只能交办本街道的职能部门')
  if (doc.department?.id === dept._id) throw conflict(`这件诉求已经交办${dept.name}，正在等它答复`)
  const note = `交办${dept.name}（${DEPARTMENT_KIND_LABEL[dept.kind]}，联系人${dept.contactName}）：${instructions}`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'transferred',
    note,
    {
      department: {
        id: dept._id,
        name: dept.name,
        kind: dept.kind,
        contactName: dept.contactName,
        phone: dept.phone,
        instructions,
        since: now,
      },
    },
    {
      data: { to: dept.kind, departmentId: dept._id },
      messages: notifyResident('已转部门', `已交给${dept.name}办理`),
      stats: counters(doc, { transferred: 1, [`transferredTo.${dept.kind}`]: 1 }),
    },
  )
}

/** 记录部门答复: the department has answered; the case is back with staff to resolve or follow up. */
export function departmentAnswer(
  doc: DemandDoc,
  actor: Actor,
  answer: string,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  const dept = doc.department
  if (!dept) throw conflict('这件诉求没有交办部门，不用记录部门答复')
  const note = `${dept.name}答复：${answer}`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'departmentAnswered',
    note,
    {},
    {
      unset: ['department'],
      data: { departmentId: dept.id, kind: dept.kind },
      messages: notifyResident('部门已答复', note),
    },
  )
}

/**
 * 街道退回居委会: an escalated case goes back to its committee with the sub-district's instructions; its
 * assignee is alerted. It stays on the desk (it was escalated), so the officer can follow it.
 */
export function sendBack(
  doc: DemandDoc,
  actor: Actor,
  instructions: string,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  if (doc.status !== 'escalated') throw conflict('只有上报街道的诉求才能退回居委会')
  const status: DemandStatus = doc.firstRespondedAt ? 'in_progress' : 'pending'
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'sentBack',
    `街道退回居委会办理：${instructions}`,
    { status },
    {
      messages: (next, ev) => [staffAlert(next, ev, next.assigneeOpenid, '街道退回，请办理', instructions)],
    },
  )
}

export function resolve(doc: DemandDoc, actor: Actor, result: string, now: Date, eventId: string): Change {
  requireOpen(doc)
  // A case with a department is tracked until its answer is on the timeline.
  if (doc.department) throw conflict(`这件诉求交办了${doc.department.name}，请先记录部门的答复`)
  const first = firstResponse(doc, now)
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'resolved',
    result,
    {
      ...first.set,
      status: 'resolved',
      resolution: { result, at: now },
      resolvedAt: now,
      autoCloseAt: addHours(now, RATING_WINDOW_DAYS * 24),
      overdue: false,
    },
    {
      messages: notifyResident('已办结', result),
      stats: counters(doc, {
        ...first.stats,
        ...(first.stats.responded ? { answeredAtOnce: 1 } : {}),
        resolved: 1,
        ...(doc.escalation ? { escalationsResolved: 1 } : {}),
      }),
    },
  )
}

export function reject(
  doc: DemandDoc,
  actor: Actor,
  investigation: Investigation,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  const first = firstResponse(doc, now)
  const note = `经调研不予办理：${investigation.reason}`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'rejected',
    note,
    {
      ...first.set,
      status: 'rejected',
      investigation: { ...investigation, at: now },
      resolvedAt: now,
      autoCloseAt: addHours(now, RATING_WINDOW_DAYS * 24),
      overdue: false,
    },
    {
      messages: notifyResident('不予办理', investigation.reason),
      stats: counters(doc, { ...first.stats, rejected: 1 }),
    },
  )
}

export function markMicroMatter(
  doc: DemandDoc,
  actor: Actor,
  proposal: string,
  budgetYuan: number | undefined,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  if (doc.microMatter) throw conflict('这件诉求已经列为微实事了')
  const first = firstResponse(doc, now)
  const status: DemandStatus = doc.status === 'pending' ? 'in_progress' : doc.status
  const note = `列为微实事，申请和谐自治金${budgetYuan !== undefined ? `（预算${budgetYuan}元）` : ''}：${proposal}`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'microMatter',
    note,
    {
      ...first.set,
      status,
      microMatter: { proposal, ...(budgetYuan !== undefined ? { budgetYuan } : {}), at: now },
    },
    {
      messages: notifyResident('列为微实事', proposal),
      stats: counters(doc, { ...first.stats, microMatter: 1 }),
    },
  )
}

export function linkDuplicate(
  doc: DemandDoc,
  original: DemandDoc,
  actor: Actor,
  now: Date,
  eventId: string,
): Change {
  requireOpen(doc)
  if (original._id === doc._id) throw invalid('duplicateOfId', '不能关联到自己')
  if (original.duplicateOf) throw conflict('目标诉求本身也是重复件，请关联到原始诉求')
  const first = firstResponse(doc, now)
  const note = `与诉求 ${original._id.slice(0, 8)}（${CATEGORY_LABEL[original.category]}）是同一件事，合并办理`
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'duplicate',
    note,
    { ...first.set, status: 'closed', duplicateOf: original._id, closedAt: now, overdue: false },
    {
      messages: notifyResident('合并办理', note),
      stats: counters(doc, { ...first.stats, duplicate: 1 }),
    },
  )
}

/** Rating is open for a week after resolution or rejection. */
export function ratingWindowOpen(doc: Pick<DemandDoc, 'resolvedAt'>, now: Date): boolean {
  return (
    Boolean(doc.resolvedAt) && now.getTime() - toDate(doc.resolvedAt!).getTime() <= RATING_WINDOW_DAYS * DAY
  )
}
export const canRate = (doc: DemandDoc, now: Date): boolean =>
  (doc.status === 'resolved' || doc.status === 'rejected') && !doc.rating && ratingWindowOpen(doc, now)

/**
 * Whether the resident may reopen now (申请重新办理): within 7 days of the answer, or of their rating when they
 * rated — whatever the rating (满意 too: a repair that fails again on day 3 is the same case). `until` is null
 * when the case cannot be reopened at all (still open, merged as a duplicate, never answered); `refusal` says
 * why not, in words for the resident.
 */
export function reopenWindow(
  doc: Pick<DemandDoc, 'status' | 'duplicateOf' | 'resolvedAt' | 'rating'>,
  now: Date,
): { until: Date | null; refusal: string | null } {
  if (isOpen(doc.status)) return { until: null, refusal: '这件诉求还在办理中，不用申请重新办理' }
  if (doc.duplicateOf)
    return { until: null, refusal: '这件诉求已合并到另一件诉求办理，请到那一件申请重新办理' }
  if (!doc.resolvedAt) return { until: null, refusal: '这件诉求还没有办理结果，不能申请重新办理' }
  const from = Math.max(toDate(doc.resolvedAt).getTime(), doc.rating ? toDate(doc.rating.at).getTime() : 0)
  const until = new Date(from + RATING_WINDOW_DAYS * DAY)
  if (now.getTime() > until.getTime())
    return {
      until,
      refusal: `已超过${RATING_WINDOW_DAYS}天（截止到${shanghaiTime(until)}），不能再申请重新办理了。如果问题又出现了，请重新反映一次`,
    }
  return { until, refusal: null }
}
export const canReopen = (doc: DemandDoc, now: Date): boolean => reopenWindow(doc, now).refusal === null

function reopenSet(doc: DemandDoc, now: Date): Record<string, unknown> {
  const d = deadlines(doc.category, now)
  // A reopened case keeps its first response; the resolution clock restarts.
  return {
    status: 'in_progress',
    reopened: true,
    cycle: doc.cycle + 1,
    resolutionDueAt: d.resolutionDueAt,
    autoCloseAt: null,
    overdue: false,
  }
}

export function rate(
  doc: DemandDoc,
  actor: Actor,
  level: Satisfaction,
  comment: string | undefined,
  now: Date,
  eventId: string,
): Change {
  if (!canRate(doc, now)) {
    if (doc.rating) throw conflict('这件诉求已经评价过了')
    throw conflict('现在不能评价这件诉求：办结或答复后7天内可以评价')
  }
  const note = `${SATISFACTION_LABEL[level]}${comment ? `：${comment}` : ''}`
  const rating = { level, ...(comment ? { comment } : {}), at: now }
  const ratingStats = { rated: 1, [`satisfaction.${level}`]: 1 }
  if (level === 'dissatisfied') {
    return makeChange(
      doc,
      actor,
      now,
      eventId,
      'reopened',
      `不满意，重新办理${comment ? `：${comment}` : ''}`,
      { ...reopenSet(doc, now), lastRating: rating },
      {
        unset: ['closedAt'],
        messages: (next, ev) => [
          staffAlert(next, ev, next.assigneeOpenid, '居民不满意，重新办理', comment ?? '居民评价不满意'),
        ],
        stats: counters(doc, { ...ratingStats, reopened: 1 }),
      },
    )
  }
  return makeChange(
    doc,
    actor,
    now,
    eventId,
    'rated',
    note,
    { rating, status: 'closed', closedAt: now, autoCloseAt: null },
    { stats: counters(doc, ratingStats) },
  )
}

export function reopen(doc: DemandDoc, actor: Actor, reason: string, now: Date, eventId: string): Change {
  const w = reopenWindow(doc, now)
  if (w.refusal) throw conflict(w.refusal, w.until ? { until: w.until.toISOString() } : undefined)
  return makeChange(doc, actor, now, eventId, 'reopened', reason, reopenSet(doc, now), {
    unset: ['rating', 'closedAt'],
    messages: (next, ev) => [staffAlert(next, ev, next.assigneeOpenid, '居民申请重新办理', reason)],
    stats: counters(doc, { reopened: 1 }),
  })
}
