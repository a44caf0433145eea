/**
 * The one place where visits create demands (诉求): a demand raised during a visit, or in the answer to an
 * online visit, is written here as a `demands` document in the demands context's schema
 * (types/demands.ts), inside the caller's transaction, so the visit and its demands commit together and a
 * retried request (same derived ids) writes them once. Routing follows the demands rule: the block head of
 * the household's block, else the committee admin.
 */
import dayjs from 'dayjs'
import { categoryOf, DUE_SOON_HOURS, FIRST_RESPONSE_HOURS, type DemandDoc } from '../../types/demands'
import type { HouseholdDoc, RaisedDemand } from '../../types/visits'
import type { Database } from '../shared/cloud'
import { findMany, getById } from '../shared/db'
import { messageDoc } from '../shared/outbox'
import { businessDay, TZ } from '../shared/stats'

export interface Assignee {
  readonly openid: string
  readonly name: string
}

/** Who handles demands of a block (诉求承办人): its block head, else the committee's admin. */
export async function routeDemand(
  db: Database,
  household: Pick<HouseholdDoc, 'committeeId' | 'blockId'>,
): Promise<Assignee | null> {
  const block = await getById<{ blockHeadOpenid?: string }>(db, 'blocks', household.blockId)
  const headOpenid = block?.blockHeadOpenid
  if (headOpenid) {
    const head = await getById<{ name?: string; active?: boolean }>(db, 'staff', headOpenid)
    if (head?.active) return { openid: headOpenid, name: head.name ?? '块长' }
  }
  const admins = await findMany<{ _id: string; name?: string }>(
    db,
    'staff',
    { committeeId: household.committeeId, role: 'committeeAdmin', active: true },
    { limit: 1 },
  )
  return admins[0] ? { openid: admins[0]._id, name: admins[0].name ?? '居委会' } : null
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

export function demandDoc(d: RaisedDemand, c: RaiseContext): DemandDoc {
  const { now, household: h } = c
  const firstResponseDueAt = new Date(now.getTime() + FIRST_RESPONSE_HOURS * 3_600_000)
  const resolutionDueAt = dayjs(now).add(categoryOf(d.category).resolutionHours, 'hour').toDate()
  const residentOpenid = c.by.role === 'resident' ? c.by.openid : (h.residentOpenids?.[0] ?? '')
  const residentName = h.members?.[0]?.name
  const note = c.by.role === 'resident' ? '居民在线上走访中提出' : `${c.by.name}走访时代为登记`
  return {
    _id: c.id,
    residentOpenid,
    residentName,
    householdId: h._id,
    committeeId: h.committeeId,
    subdistrictId: c.subdistrictId,
    blockId: h.blockId,
    building: h.building,
    category: d.category,
    text: d.text,
    photos: [],
    visibility: 'private',
    status: 'pending',
    assigneeOpenid: c.assignee.openid,
    assigneeName: c.assignee.name,
    submittedAt: now,
    submittedDay: businessDay(now),
    firstResponseDueAt,
    resolutionDueAt,
    dueAt: firstResponseDueAt,
    dueStage: 'response',
    nextAlertAt: new Date(firstResponseDueAt.getTime() - DUE_SOON_HOURS * 3_600_000),
    cycle: 0,
    reopened: false,
    events: [
      {
        id: `${c.id}:0`,
        type: 'submitted',
        at: now,
        by: c.by.openid,
        byName: c.by.name,
        byRole: c.by.role,
        note,
        data: { source: 'visit', visitId: c.visitId },
      },
    ],
    version: 1,
    updatedAt: now,
    // Where it came from, so the demand and the family file link both ways.
    source: 'visit',
    visitId: c.visitId,
    raisedBy: c.by.openid,
  } as DemandDoc
}

interface TxWriter {
  collection(name: string): { add(opts: { data: unknown }): Promise<unknown> }
}

/** Writes the demand and, when someone else handles it, their alert — both inside the caller's transaction. */
export async function raiseDemand(tx: TxWriter, d: RaisedDemand, c: RaiseContext): Promise<string> {
  await tx.collection('demands').add({ data: demandDoc(d, c) })
  if (c.assignee.openid !== c.by.openid) {
    const msg = messageDoc(
      {
        dedupeKey: `demand:${c.id}:submitted:${c.assignee.openid}`,
        touser: c.assignee.openid,
        templateKey: 'demandAlert',
        page: `pkg-staff/demands/detail/index?id=${c.id}`,
        data: {
          thing1: categoryOf(d.category).label,
          thing2: d.text.slice(0, 20),
          time3: dayjs(c.now).tz(TZ).format('YYYY-MM-DD HH:mm'),
        },
      },
      c.now,
    )
    await tx.collection('messages').add({ data: msg })
  }
  return c.id
}

/** The counters a new demand adds, as the demands context names them. */
export function demandCounters(d: RaisedDemand): Record<string, number> {
  return { 'demands.submitted': 1, [`demands.byCategory.${categoryOf(d.category).label}.submitted`]: 1 }
}
