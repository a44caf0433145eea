/**
 * The one place where visits create demands (诉求): a demand raised during a visit, or in the answer to an
 * online visit, is written here as a `demands` document built with the demands context's own rules
 * (routing, deadlines, due state, alert, counters from cloudfunctions/demands/rules), inside the caller's
 * transaction, so the visit and its demands commit together and a retried request (same derived ids)
 * writes them once.
 */
import type { DemandDoc } from '../../types/demands'
import { ROLE_LABEL } from '../../types/roles'
import type { HouseholdDoc, RaisedDemand } from '../../types/visits'
import { counters, newDemand } from '../demands/rules/lifecycle'
import { staffAlert } from '../demands/rules/messages'
import { route } from '../demands/rules/routing'
import { committeeStaff, withCommitteeStaff } from '../demands/routingStaff'
import type { Database } from '../shared/cloud'
import { derivedId } from '../shared/ids'
import { messageDoc } from '../shared/outbox'

export interface Assignee {
  readonly openid: string
  readonly name: string
  readonly role: 'blockHead' | 'committeeAdmin'
}

/** Who handles demands of the household's block, by the demands routing rule: its block head, else the admin. */
export async function routeDemand(
  db: Database,
  household: Pick<HouseholdDoc, 'committeeId' | 'blockId'>,
): Promise<Assignee | null> {
  const found = await withCommitteeStaff(db, 'blocks', household.blockId)
  const block = found?.rec as { blockHeadOpenid?: string } | undefined
  const staff = found?.staff ?? (await committeeStaff(db, household.committeeId))
  const r = route(staff, household.committeeId, household.blockId, block?.blockHeadOpenid)
  if (!r) return null
  return {
    openid: r.assignee.openid,
    name: r.assignee.name,
    role: r.assignee.role === 'blockHead' ? 'blockHead' : 'committeeAdmin',
  }
}

export interface RaiseContext {
  readonly id: string
  readonly household: HouseholdDoc
  readonly subdistrictId: string
  readonly assignee: Assignee
  /** Who raised it: the block head during a visit, or the resident answering an online visit. */
  readonly by: { openid: string; name: string; role: 'blockHead' | 'committeeAdmin' | 'resident' }
  readonly visitId: string
  readonly now: Date
}

function submittedEvent(c: RaiseContext) {
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

export function demandDoc(d: RaisedDemand, c: RaiseContext): DemandDoc {
  const { household: h } = c
  const residentName = h.members?.[0]?.name
  return newDemand(
    {
      _id: c.id,
      residentOpenid: c.by.role === 'resident' ? c.by.openid : (h.residentOpenids?.[0] ?? ''),
      ...(residentName ? { residentName } : {}),
      householdId: h._id,
      committeeId: h.committeeId,
      subdistrictId: c.subdistrictId,
      blockId: h.blockId,
      building: h.building,
      category: d.category,
      text: d.text,
      photos: [],
      visibility: 'private',
      assigneeOpenid: c.assignee.openid,
      assigneeName: c.assignee.name,
      // Where it came from, so the demand and the family file link both ways.
      source: 'visit',
      visitId: c.visitId,
      raisedBy: c.by.openid,
    },
    submittedEvent(c),
    c.now,
  )
}

interface TxWriter {
  collection(name: string): { add(opts: { data: unknown }): Promise<unknown> }
}

/** Writes the demand and, when someone else handles it, their alert — both inside the caller's transaction. */
export async function raiseDemand(tx: TxWriter, d: RaisedDemand, c: RaiseContext): Promise<string> {
  const doc = demandDoc(d, c)
  await tx.collection('demands').add({ data: doc })
  if (c.assignee.openid !== c.by.openid) {
    const alert = staffAlert(doc, doc.events[0], c.assignee.openid, '新诉求待响应', doc.text)
    await tx.collection('messages').add({ data: messageDoc(alert, c.now) })
  }
  return c.id
}

/** The counters a new demand adds, as the demands context names them. */
export function demandCounters(d: RaisedDemand): Record<string, number> {
  return counters(d, { submitted: 1 })
}
