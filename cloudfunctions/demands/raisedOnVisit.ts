/**
 * Demands raised during visits (走访中提出的诉求): registered by the block head on a family's behalf, or by the
 * family answering an online visit. Routed, timed and alerted by the same rules as `submit`; the document
 * carries its alert and counters for the outbox relay, as a submitted one does, so inserting it is the
 * whole of raising it — the visits context inserts it beside the visit that carries it too.
 */
import type { StaffDoc } from '../../types/community'
import type { DemandDoc } from '../../types/demands'
import { ROLE_LABEL } from '../../types/roles'
import type { HouseholdDoc } from '../../types/visits'
import type { Database } from '../shared/cloud'
import { derivedId } from '../shared/ids'
import { carried, type OutgoingMessage } from '../shared/outbox'
import { newDemand } from './rules/lifecycle'
import { submittedCounters } from './rules/intake'
import { staffAlert } from './rules/messages'
import { route } from './rules/routing'
import { blockWithStaff, committeeStaff } from './routingStaff'

export interface Assignee {
  readonly openid: string
  readonly name: string
  readonly role: 'blockHead' | 'committeeAdmin'
}

/**
 * Who handles demands about the household's block, by the routing rule: its block head, else the committee
 * admin; null when the committee has neither. One request (a second when the block is gone).
 */
export async function assigneeFor(
  db: Database,
  place: Pick<HouseholdDoc, 'committeeId' | 'blockId'>,
): Promise<Assignee | null> {
  const found = await blockWithStaff(db, place.blockId)
  const staff = found?.staff ?? (await committeeStaff(db, place.committeeId))
  return assigneeAmong(staff, place, found?.rec?.blockHeadOpenid)
}

/** The routing rule over staff already read (the committee's, with the block's head when it has one). */
export function assigneeAmong(
  staff: readonly StaffDoc[],
  place: Pick<HouseholdDoc, 'committeeId' | 'blockId'>,
  blockHeadOpenid: string | undefined,
): Assignee | null {
  const r = route(staff, place.committeeId, blockHeadOpenid)
  if (!r) return null
  return {
    openid: r.assignee.openid,
    name: r.assignee.name,
    role: r.assignee.role === 'blockHead' ? 'blockHead' : 'committeeAdmin',
  }
}

export interface VisitDemand {
  readonly id: string
  readonly household: Pick<
    HouseholdDoc,
    '_id' | 'committeeId' | 'blockId' | 'building' | 'members' | 'residentOpenids'
  >
  readonly subdistrictId: string
  readonly assignee: Assignee
  /** Who raised it: the block head during a visit, or the resident answering an online visit. */
  readonly by: { openid: string; name: string; role: 'blockHead' | 'committeeAdmin' | 'resident' }
  readonly visitId: string
  readonly now: Date
}

function submittedEvent(c: VisitDemand) {
  const note =
    c.by.role === 'resident' ? '居民在线上走访中提出' : `${c.by.name}走访时代为登记，已派给${c.assignee.name}`
  return {
    id: derivedId(c.id, 'submitted'),
    type: 'submitted' as const,
    at: c.now,
    by: c.by.openid,
    byName: c.by.name,
    byRole: ROLE_LABEL[c.by.role],
    note,
    data: { source: 'visit', visitId: c.visitId },
  }
}

/**
 * A new demand raised on a visit, to insert, carrying its counters and the alert to its assignee (`alert`,
 * null when the assignee raised it themselves) for the relay.
 */
export function demandRaisedOnVisit(
  raised: Pick<DemandDoc, 'category' | 'text'>,
  c: VisitDemand,
): { doc: DemandDoc; alert: OutgoingMessage | null } {
  const { household: h } = c
  const residentName = h.members?.[0]?.name
  const open = newDemand(
    {
      _id: c.id,
      residentOpenid: c.by.role === 'resident' ? c.by.openid : (h.residentOpenids?.[0] ?? ''),
      ...(residentName ? { residentName } : {}),
      householdId: h._id,
      committeeId: h.committeeId,
      subdistrictId: c.subdistrictId,
      blockId: h.blockId,
      building: h.building,
      category: raised.category,
      text: raised.text,
      photos: [],
      visibility: 'private',
      assigneeOpenid: c.assignee.openid,
      assigneeName: c.assignee.name,
      // Where it came from, so the demand and the family file link both ways.
      source: 'visit',
      channel: 'visit',
      visitId: c.visitId,
      raisedBy: c.by.openid,
    },
    submittedEvent(c),
    c.now,
  )
  const alert =
    c.assignee.openid !== c.by.openid
      ? staffAlert(open, open.events[0], c.assignee.openid, '新诉求待响应', open.text)
      : null
  const key = { committeeId: open.committeeId, subdistrictId: open.subdistrictId, at: c.now }
  const doc: DemandDoc = {
    ...open,
    ...carried(alert ? [alert] : [], { key, counters: newDemandCounters(open) }, c.now),
  }
  return { doc, alert }
}

/** The counters a new demand adds, as the demands context names them. */
export const newDemandCounters = (d: Pick<DemandDoc, 'category' | 'channel'>): Record<string, number> =>
  submittedCounters({ ...d, channel: d.channel ?? 'visit' })
