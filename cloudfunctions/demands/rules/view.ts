/** What a demand looks like on the wire: ISO strings for dates, labels for people, no OPENIDs. */
import {
  CATEGORY_LABEL,
  DEPARTMENT_KIND_LABEL,
  STATUS_LABEL,
  SUB_ITEM_STATUS_LABEL,
  channelOf,
  type DemandDetail,
  type DemandDoc,
  type DemandSummary,
} from '../../../types/demands'
import { canRate, canReopen, reopenWindow } from './lifecycle'
import { isDueSoon, isOverdue, toDate } from './sla'

const iso = (d: Date | string): string => toDate(d).toISOString()

/** The fields a list needs, so list queries can project them and leave the timeline behind. */
export const SUMMARY_FIELDS = {
  _id: true,
  category: true,
  text: true,
  status: true,
  submittedAt: true,
  dueAt: true,
  dueStage: true,
  reopened: true,
  blockId: true,
  assigneeName: true,
  residentName: true,
  photos: true,
  rating: true,
  placeLabel: true,
  visibility: true,
  joinCount: true,
  channel: true,
  source: true,
  department: true,
  escalation: true,
} as const

export function toSummary(
  d: Pick<DemandDoc, Exclude<keyof typeof SUMMARY_FIELDS, 'source'>> & { source?: unknown },
  now: Date,
  withResident = false,
): DemandSummary {
  const dueAt = d.dueAt ?? null
  return {
    id: d._id,
    category: d.category,
    categoryLabel: CATEGORY_LABEL[d.category],
    text: d.text.length > 80 ? `${d.text.slice(0, 80)}…` : d.text,
    status: d.status,
    statusLabel: STATUS_LABEL[d.status],
    submittedAt: iso(d.submittedAt),
    dueAt: dueAt ? iso(dueAt) : null,
    dueStage: d.dueStage ?? null,
    overdue: isOverdue(d.status, dueAt, now),
    dueSoon: isDueSoon(d.status, dueAt, now),
    reopened: Boolean(d.reopened),
    ...(d.blockId ? { blockId: d.blockId } : {}),
    assigneeName: d.assigneeName,
    ...(withResident && d.residentName ? { residentName: d.residentName } : {}),
    photoCount: (d.photos ?? []).length,
    rated: Boolean(d.rating),
    ...(d.placeLabel ? { placeLabel: d.placeLabel } : {}),
    ...(d.visibility ? { visibility: d.visibility } : {}),
    ...(d.joinCount ? { joinCount: d.joinCount } : {}),
    channel: channelOf(d),
    ...(d.department && withResident ? { atDepartment: d.department.name } : {}),
    escalated: Boolean(d.escalation) || d.status === 'escalated',
  }
}

export function toDetail(
  d: DemandDoc,
  now: Date,
  opts: {
    staff: boolean
    /** The caller works the sub-district desk (an officer): the page offers the desk's actions. */
    desk?: boolean
    photoUrls?: Map<string, string>
    similar?: DemandSummary[]
  },
): DemandDetail {
  const s = toSummary(d, now, opts.staff)
  const reopen = reopenWindow(d, now)
  return {
    ...s,
    text: d.text,
    photos: d.photos.map((fileId) => ({ fileId, url: opts.photoUrls?.get(fileId) ?? '' })),
    ...(d.building ? { building: d.building } : {}),
    ...(opts.staff && d.householdId ? { householdId: d.householdId } : {}),
    firstResponseDueAt: iso(d.firstResponseDueAt),
    ...(d.firstRespondedAt ? { firstRespondedAt: iso(d.firstRespondedAt) } : {}),
    resolutionDueAt: iso(d.resolutionDueAt),
    ...(d.meeting ? { meeting: d.meeting } : {}),
    ...(d.escalation ? { escalationNote: d.escalation.note } : {}),
    ...(d.resolution ? { resolutionResult: d.resolution.result } : {}),
    ...(d.investigation
      ? {
          investigation: {
            findings: d.investigation.findings,
            contacted: d.investigation.contacted,
            reason: d.investigation.reason,
          },
        }
      : {}),
    ...(d.microMatter
      ? {
          microMatter: {
            proposal: d.microMatter.proposal,
            ...(d.microMatter.budgetYuan !== undefined ? { budgetYuan: d.microMatter.budgetYuan } : {}),
          },
        }
      : {}),
    ...(d.duplicateOf ? { duplicateOf: d.duplicateOf } : {}),
    ...(d.rating
      ? { rating: { level: d.rating.level, ...(d.rating.comment ? { comment: d.rating.comment } : {}) } }
      : {}),
    ...(opts.staff && d.department
      ? {
          department: {
            name: d.department.name,
            kindLabel: DEPARTMENT_KIND_LABEL[d.department.kind],
            contactName: d.department.contactName,
            phone: d.department.phone,
            instructions: d.department.instructions,
            since: iso(d.department.since),
          },
        }
      : {}),
    ...(opts.staff && d.intake?.orderNo
      ? {
          hotline: {
            orderNo: d.intake.orderNo,
            ...(d.intake.orderDueAt ? { dueAt: iso(d.intake.orderDueAt) } : {}),
          },
        }
      : {}),
    ...(opts.staff && d.contactPhone ? { contactPhone: d.contactPhone } : {}),
    ...(opts.desk ? { desk: true } : {}),
    canRate: !opts.staff && canRate(d, now),
    canReopen: !opts.staff && canReopen(d, now),
    ...(!opts.staff && reopen.until && !reopen.refusal ? { reopenUntil: reopen.until.toISOString() } : {}),
    ...(d.point ? { point: d.point } : {}),
    ...(d.subItems?.length
      ? {
          subItems: d.subItems.map((x) => ({
            id: x.id,
            title: x.title,
            holder: x.holder,
            status: x.status,
            statusLabel: SUB_ITEM_STATUS_LABEL[x.status],
            ...(x.result ? { result: x.result } : {}),
            ...(x.doneAt ? { doneAt: iso(x.doneAt) } : {}),
          })),
        }
      : {}),
    events: d.events.map((e) => ({
      id: e.id,
      type: e.type,
      at: iso(e.at),
      byName: e.byName,
      byRole: e.byRole,
      ...(e.note ? { note: e.note } : {}),
    })),
    ...(opts.similar ? { similar: opts.similar } : {}),
    version: d.version,
  }
}
