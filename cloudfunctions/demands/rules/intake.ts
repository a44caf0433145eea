/**
 * 代为登记 (intake): a demand staff took by phone, at the door, at the window or from a 12345 work order. The
 * same new demand as a resident's own (deadlines, routing, first event), with its channel, who took it and,
 * for a work order, its number and deadline: the case is due by the earlier of the order's deadline and the
 * category's, so the hotline's promise is never missed on the committee's clock. Pure: the caller loads the
 * place and the staff.
 */
import {
  CHANNEL_LABEL,
  channelOf,
  type DemandCategory,
  type DemandDoc,
  type IntakeChannel,
} from '../../../types/demands'
import type { StaffDoc } from '../../../types/community'
import { invalid } from '../../shared/errors'
import { counters, newDemand, type Actor } from './lifecycle'
import { dueState, toDate } from './sla'

export interface Intake {
  readonly id: string
  readonly eventId: string
  readonly channel: IntakeChannel
  readonly category: DemandCategory
  readonly text: string
  readonly place: {
    readonly committeeId: string
    readonly subdistrictId: string
    readonly blockId?: string
    readonly building?: string
    readonly householdId?: string
  }
  /** The resident on file (their account, when bound) or the caller as taken. */
  readonly resident: { readonly openid: string; readonly name?: string; readonly phone?: string }
  readonly assignee: Pick<StaffDoc, 'openid' | 'name' | 'role'>
  readonly hotline?: { readonly orderNo: string; readonly dueAt?: Date }
  readonly clientRequestId: string
}

export function intakeDemand(f: Intake, by: Actor, now: Date): DemandDoc {
  const orderDueAt = f.hotline?.dueAt
  if (orderDueAt && orderDueAt.getTime() <= now.getTime())
    throw invalid('hotline.dueAt', '工单时限已经过了，请核对12345工单上的办结时限')
  const how = CHANNEL_LABEL[f.channel]
  const order = f.hotline ? `，工单号${f.hotline.orderNo}` : ''
  const who = f.assignee.role === 'blockHead' ? '块长' : '居委会'
  const doc = newDemand(
    {
      _id: f.id,
      residentOpenid: f.resident.openid,
      ...(f.resident.name ? { residentName: f.resident.name } : {}),
      ...(f.resident.phone ? { contactPhone: f.resident.phone } : {}),
      ...(f.place.householdId ? { householdId: f.place.householdId } : {}),
      committeeId: f.place.committeeId,
      subdistrictId: f.place.subdistrictId,
      ...(f.place.blockId ? { blockId: f.place.blockId } : {}),
      ...(f.place.building ? { building: f.place.building } : {}),
      category: f.category,
      text: f.text,
      photos: [],
      visibility: 'private',
      assigneeOpenid: f.assignee.openid,
      assigneeName: f.assignee.name,
      channel: f.channel,
      intake: {
        by: by.openid,
        byName: by.name,
        ...(f.hotline ? { orderNo: f.hotline.orderNo } : {}),
        ...(orderDueAt ? { orderDueAt } : {}),
      },
      clientRequestId: f.clientRequestId,
    },
    {
      id: f.eventId,
      type: 'submitted',
      at: now,
      by: by.openid,
      byName: by.name,
      byRole: by.roleLabel,
      note: `${how}受理（${by.name}代为登记${order}），已派给${f.assignee.name}（${who}）`,
      data: { channel: f.channel, ...(f.hotline ? { orderNo: f.hotline.orderNo } : {}) },
    },
    now,
  )
  if (!orderDueAt || orderDueAt.getTime() >= toDate(doc.resolutionDueAt).getTime()) return doc
  const firstResponseDueAt =
    orderDueAt.getTime() < toDate(doc.firstResponseDueAt).getTime() ? orderDueAt : doc.firstResponseDueAt
  const tightened = { ...doc, resolutionDueAt: orderDueAt, firstResponseDueAt }
  return { ...tightened, ...dueState(tightened) }
}

/** The counters every new demand adds: `submitted`, and the channel it came in by. */
export const submittedCounters = (d: Pick<DemandDoc, 'category' | 'channel'> & { source?: unknown }) =>
  counters(d, { submitted: 1, [`byChannel.${channelOf(d)}`]: 1 })
