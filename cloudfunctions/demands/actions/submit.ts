/**
 * submit (提交诉求): check the text, route to the block head, write the demand and the assignee's alert in one
 * transaction. The `_id` is derived from the client request id, so a retry collides instead of duplicating.
 *
 * Database requests: caller (1, router) · committee staff + today's count (2, in parallel) · transaction
 * (start, demand, alert, commit: 4) · counter (1). A household read (+1) only when the binding predates the
 * block being copied onto it; a block read (+1) only when the resident names a place.
 */
import { BlockDoc, HouseholdBinding, StaffDoc } from '../../../types/community'
import { HouseholdDoc } from '../../../types/visits'
import { MAX_SUBMISSIONS_PER_DAY, type DemandDoc } from '../../../types/demands'
import type { z } from 'zod'
import type { SubmitDemandInput, SubmitDemandOutput } from '../../../types/demands'
import type { Ctx } from '../../shared/router'
import { conflict, invalid, isDuplicateKey, rateLimited } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import { bumpStats, businessDay } from '../../shared/stats'
import { countWhere, findMany, getById } from '../../shared/db'
import { counters } from '../rules/lifecycle'
import { staffAlert } from '../rules/messages'
import { route } from '../rules/routing'
import { deadlines, dueState } from '../rules/sla'
import { actorOf, DEMANDS, readDemand } from '../store'
import { checkText } from '../textCheck'

type Input = z.output<typeof SubmitDemandInput>
type Output = z.output<typeof SubmitDemandOutput>

const output = (d: DemandDoc): Output => ({
  id: d._id,
  status: d.status,
  assigneeName: d.assigneeName,
  firstResponseDueAt: new Date(d.firstResponseDueAt).toISOString(),
  resolutionDueAt: new Date(d.resolutionDueAt).toISOString(),
})

interface Place {
  committeeId: string
  blockId?: string
  building?: string
  householdId?: string
  blockHeadOpenid?: string
}

async function placeOf(input: Input, ctx: Ctx): Promise<Place> {
  const resident = ctx.caller.resident
  const binding = resident?.households
    .map((h) => HouseholdBinding.safeParse(h))
    .find((h) => h.success && h.data.status === 'confirmed')?.data
  if (input.location) {
    const raw = await getById<unknown>(ctx.db, 'blocks', input.location.blockId)
    const block = raw ? BlockDoc.safeParse(raw) : null
    if (!block?.success) throw invalid('location.blockId', '没有找到这个小区，请重新选择')
    const building = input.location.building
    if (building && !block.data.buildings.includes(building))
      throw invalid('location.building', '这个小区没有这栋楼，请重新选择')
    return {
      committeeId: block.data.committeeId,
      blockId: block.data._id,
      building,
      householdId: binding?.committeeId === block.data.committeeId ? binding.householdId : undefined,
      blockHeadOpenid: block.data.blockHeadOpenid,
    }
  }
  if (binding) {
    let blockId = binding.blockId
    let building = binding.building
    if (!blockId) {
      const raw = await getById<unknown>(ctx.db, 'households', binding.householdId)
      const hh = raw ? HouseholdDoc.safeParse(raw) : null
      if (hh?.success) {
        blockId = hh.data.blockId
        building = hh.data.building
      }
    }
    return { committeeId: binding.committeeId, blockId, building, householdId: binding.householdId }
  }
  if (resident && resident.committeeIds.length === 1) return { committeeId: resident.committeeIds[0] }
  throw invalid(
    'location',
    resident?.committeeIds.length ? '请选择诉求发生的小区' : '请先关注您所在的居委会，或选择诉求发生的小区',
  )
}

export async function submit(input: Input, ctx: Ctx): Promise<Output> {
  const { db, caller, now } = ctx
  const id = derivedId(caller.openid, 'demands.submit', input.clientRequestId)
  const place = await placeOf(input, ctx)
  const day = businessDay(now)

  const [, staffRaw, today] = await Promise.all([
    checkText(ctx.cloud, input.text),
    findMany<unknown>(db, 'staff', { committeeId: place.committeeId, active: true }, { limit: 200 }),
    countWhere(db, DEMANDS, { residentOpenid: caller.openid, submittedDay: day }),
  ])
  if (today >= MAX_SUBMISSIONS_PER_DAY) {
    // A retry of a demand that made the limit is still answered with that demand.
    const existing = await readDemand(db, id)
    if (existing) return output(existing)
    throw rateLimited(
      `每人每天最多提交${MAX_SUBMISSIONS_PER_DAY}件诉求，请明天再来，紧急情况请直接打电话给居委会`,
    )
  }
  const staff = staffRaw.flatMap((s) => {
    const p = StaffDoc.safeParse(s)
    return p.success ? [p.data] : []
  })
  const r = route(staff, place.committeeId, place.blockId, place.blockHeadOpenid)
  if (!r) throw conflict('这个居委会还没有开通网上诉求，请直接联系居委会')

  const actor = actorOf(ctx)
  const d = deadlines(input.category, now)
  const event = {
    id: derivedId(id, 'submitted'),
    type: 'submitted' as const,
    at: now,
    by: actor.openid,
    byName: actor.name,
    byRole: actor.roleLabel,
    note: `已派给${r.assignee.name}（${r.assignee.role === 'blockHead' ? '块长' : '居委会'}）`,
  }
  const base = {
    _id: id,
    residentOpenid: caller.openid,
    ...(caller.resident?.name ? { residentName: caller.resident.name } : {}),
    ...(place.householdId ? { householdId: place.householdId } : {}),
    committeeId: place.committeeId,
    subdistrictId: r.assignee.subdistrictId,
    ...(place.blockId ? { blockId: place.blockId } : {}),
    ...(place.building ? { building: place.building } : {}),
    category: input.category,
    text: input.text,
    photos: input.photos,
    visibility: input.visibility,
    status: 'pending' as const,
    assigneeOpenid: r.assignee.openid,
    assigneeName: r.assignee.name,
    submittedAt: now,
    submittedDay: day,
    firstResponseDueAt: d.firstResponseDueAt,
    resolutionDueAt: d.resolutionDueAt,
    cycle: 1,
    alerts: [],
    reopened: false,
    events: [event],
    version: 1,
    updatedAt: now,
    clientRequestId: input.clientRequestId,
  }
  const doc: DemandDoc = { ...base, ...dueState(base) }
  const alert = staffAlert(doc, event, r.assignee.openid, '新诉求待响应', doc.text)

  try {
    await db.runTransaction(
      async (tx: { collection(n: string): { add(o: { data: unknown }): Promise<unknown> } }) => {
        await tx.collection(DEMANDS).add({ data: doc })
        await tx.collection('messages').add({ data: messageDoc(alert, now) })
      },
    )
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const existing = await readDemand(db, id)
    if (existing) return output(existing)
    throw err
  }
  await bumpStats(
    db,
    { committeeId: doc.committeeId, subdistrictId: doc.subdistrictId, at: now },
    counters(doc, { submitted: 1 }),
  )
  return output(doc)
}
