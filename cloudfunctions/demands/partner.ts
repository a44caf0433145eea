/**
 * Demands filed by a partner (合作方转来的诉求) — a 12345 hotline bridge or another app speaking Open311. Routed,
 * timed and alerted by the same rules as `submit`: the block's head, else the committee admin; the alert and
 * the counters ride in the demand's own insert for the outbox to relay. A partner demand has no resident
 * account behind it (`residentOpenid` is empty), so it is private to the committee unless the partner says
 * otherwise; the channel is recorded so staff see where it came from.
 */
import type { DemandCategory, DemandDoc } from '../../types/demands'
import type { Database } from '../shared/cloud'
import { derivedId } from '../shared/ids'
import { carried } from '../shared/outbox'
import { newDemand } from './rules/lifecycle'
import { submittedCounters } from './rules/intake'
import { staffAlert } from './rules/messages'
import { route } from './rules/routing'
import { blockWithStaff } from './routingStaff'

export interface PartnerFiling {
  /** The stable id of this filing: derive it from the key and the partner's own request id. */
  readonly id: string
  readonly partner: { readonly keyId: string; readonly name: string; readonly subdistrictId: string }
  /** Channel shown to staff, e.g. '12345'. */
  readonly channel: string
  readonly blockId: string
  readonly building?: string
  readonly category: DemandCategory
  readonly text: string
  /** The caller's name as the hotline took it, kept for staff (masked in every list). */
  readonly contactName?: string
  readonly contactPhone?: string
  readonly visibility?: 'private' | 'public'
  readonly now: Date
}

export type PartnerDemand =
  | { readonly ok: true; readonly doc: DemandDoc }
  | { readonly ok: false; readonly reason: 'no-block' | 'other-subdistrict' | 'no-staff' }

/**
 * The demand a partner files, with its routing, alert and counters, ready to insert (one request: the block
 * with its committee's staff). Not written here: the caller inserts it and treats a duplicate `_id` as the
 * retry it is.
 */
export async function demandFiledByPartner(db: Database, f: PartnerFiling): Promise<PartnerDemand> {
  const found = await blockWithStaff(db, f.blockId)
  const block = found?.rec
  if (!found || !block) return { ok: false, reason: 'no-block' }
  const r = route(found.staff, block.committeeId, block.blockHeadOpenid)
  if (!r) return { ok: false, reason: 'no-staff' }
  // A key reaches its own sub-district only.
  if (r.assignee.subdistrictId !== f.partner.subdistrictId) return { ok: false, reason: 'other-subdistrict' }
  const building = f.building && block.buildings.includes(f.building) ? f.building : undefined
  const event = {
    id: derivedId(f.id, 'submitted'),
    type: 'submitted' as const,
    at: f.now,
    by: `partner:${f.partner.keyId}`,
    byName: f.partner.name,
    byRole: '合作方',
    note: `${f.partner.name}转来（${f.channel}），已派给${r.assignee.name}（${r.assignee.role === 'blockHead' ? '块长' : '居委会'}）`,
    data: { source: 'partner', channel: f.channel },
  }
  const open = newDemand(
    {
      _id: f.id,
      residentOpenid: '',
      ...(f.contactName ? { residentName: f.contactName } : {}),
      ...(f.contactPhone ? { contactPhone: f.contactPhone } : {}),
      committeeId: block.committeeId,
      subdistrictId: r.assignee.subdistrictId,
      blockId: block._id,
      ...(building ? { building } : {}),
      category: f.category,
      text: f.text,
      photos: [],
      visibility: f.visibility ?? 'private',
      assigneeOpenid: r.assignee.openid,
      assigneeName: r.assignee.name,
      source: 'partner',
      channel: f.channel,
      partnerKeyId: f.partner.keyId,
    },
    event,
    f.now,
  )
  const doc: DemandDoc = {
    ...open,
    ...carried(
      [staffAlert(open, event, r.assignee.openid, '新诉求待响应', open.text)],
      {
        key: { committeeId: open.committeeId, subdistrictId: open.subdistrictId, at: f.now },
        counters: submittedCounters(open),
      },
      f.now,
    ),
  }
  return { ok: true, doc }
}
