import type {
  HouseholdDoc,
  RecordOutput,
  TalentDoc,
  VisitDoc,
  VisitOutbox,
  visitsContract,
} from '../../../types/visits'
import { assigneeAmong } from '../../demands/public'
import { isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Ctx, Handler } from '../../shared/router'
import { addMissing, landContact } from '../carry'
import { audit, contactCounters, inScope, toDate, visitedAtOf } from '../lib'
import { fileForVisit } from '../load'
import { demandDoc } from '../raiseDemand'

/**
 * 记录走访: the visit with its six tasks and everything it causes — the household's last contact and next due
 * date, a demand for each demand raised, a talent-pool entry for each capable resident found — written as one
 * insert of the visit that carries them (carry.ts says why that is atomic and safe to repeat). Ids derive from
 * the caller and clientRequestId, so an offline draft submitted twice, or a retry after a lost answer, records
 * one visit.
 *
 * Written at once, so what the block head looks at next is right: the visit, the demands (in the inbox of
 * whoever handles them), the file's dates, the audit line. Relayed by the `outbox` sweep within 10 minutes:
 * the talents in the pool, the counters, and the alert to a colleague who handles a demand.
 * Caller, one read (file, cadence, the retry's visit, routing), visit, demands, file, audit: six requests.
 */
export const record: Handler<typeof visitsContract.record> = async (input, ctx) => {
  const visitId = derivedId(ctx.caller.openid, 'visits.record', input.clientRequestId)
  const demands = input.tasks.askDemands.demands
  const talents = input.tasks.discoverTalents.talents
  const found = await fileForVisit(ctx.store, input.householdId, visitId, { routing: demands.length > 0 })
  const h = found?.household
  if (!found || !h || !inScope(ctx, h)) {
    await audit(ctx, [input.householdId], 'denied')
    throw notFound('没有找到这户家庭的档案')
  }
  if (found.visit) return finish(ctx, found.visit, h)

  const visitedAt = visitedAtOf(input.visitedAt, ctx.now)
  const staff = ctx.caller.staff!
  const by = { openid: ctx.caller.openid, name: staff.name, role: ctx.role as 'blockHead' | 'committeeAdmin' }
  const assignee = demands.length ? assigneeAmong(found.staff, h, found.block?.blockHeadOpenid) : null
  const raised = demands.map((d, i) =>
    demandDoc(d, {
      id: derivedId(visitId, 'demand', String(i)),
      household: h,
      subdistrictId: staff.subdistrictId,
      assignee: assignee ?? by,
      by,
      visitId,
      now: ctx.now,
    }),
  )
  const pool: TalentDoc[] = talents.map((t, i) => ({
    _id: derivedId(visitId, 'talent', String(i)),
    committeeId: h.committeeId,
    blockId: h.blockId,
    householdId: h._id,
    name: t.name,
    skills: t.skills,
    phone: t.phone,
    note: t.note,
    consent: { given: true, at: visitedAt, recordedBy: ctx.caller.openid },
    visitId,
    createdAt: ctx.now,
  }))
  const key = { committeeId: h.committeeId, subdistrictId: staff.subdistrictId, at: ctx.now }
  const outbox: VisitOutbox = {
    messages: [],
    ...contactCounters(key, h, visitedAt, found.cadence, {
      mode: input.mode,
      extra: talents.length ? { 'visits.talentsFound': talents.length } : {},
    }),
    ...(raised.length ? { demands: raised } : {}),
    ...(pool.length ? { talents: pool } : {}),
    contact: { householdId: h._id, at: visitedAt, cadence: found.cadence },
  }
  const visit: VisitDoc = {
    _id: visitId,
    householdId: h._id,
    committeeId: h.committeeId,
    blockId: h.blockId,
    mode: input.mode,
    source: 'staff',
    tasks: input.tasks,
    notes: input.notes,
    visitorOpenid: ctx.caller.openid,
    visitorName: staff.name,
    visitedAt,
    recordedAt: ctx.now,
    demandIds: raised.map((d) => d._id),
    talentIds: pool.map((t) => t._id),
    clientRequestId: input.clientRequestId,
    outbox,
    outboxAt: ctx.now,
  }
  try {
    await ctx.store.visits.add(visit)
  } catch (err) {
    // The same request running beside this one wrote it first: answer as its retry.
    if (!isDuplicateKey(err)) throw err
    const first = await ctx.store.visits.get(visitId)
    if (!first) throw err
    return finish(ctx, first, h)
  }
  return finish(ctx, visit, h, { audit: true })
}

/**
 * The writes after the visit's insert, for the first call and for a retry alike: the demands it raised and the
 * file's contact, each a no-op where already done; the answer from the file as it is afterwards.
 */
async function finish(
  ctx: Ctx,
  visit: VisitDoc,
  h: HouseholdDoc,
  opts: { audit?: boolean } = {},
): Promise<RecordOutput> {
  const carried = visit.outbox
  // A retry after the relay has run finds nothing carried: the relay wrote (or found) all of it.
  await addMissing(ctx.store.demands, carried?.demands ?? [], { oneByOne: false })
  const at = toDate(visit.visitedAt) ?? ctx.now
  const after = carried?.contact
    ? await landContact(ctx.store, ctx._, h, { at, cadence: carried.contact.cadence })
    : h
  if (opts.audit) await audit(ctx, [h._id], 'changed')
  return outputOf(visit, after ?? h)
}

function outputOf(v: VisitDoc, h: HouseholdDoc): RecordOutput {
  const at = toDate(v.visitedAt) ?? new Date(0)
  const last = toDate(h.lastContactAt) ?? at
  const due = toDate(h.nextDueAt) ?? last
  return {
    visitId: v._id,
    householdId: v.householdId,
    at: at.toISOString(),
    lastContactAt: last.toISOString(),
    nextDueAt: due.toISOString(),
    demandIds: v.demandIds ?? [],
    talentIds: v.talentIds ?? [],
  }
}
