import type { HouseholdDoc, RecordOutput, TalentDoc, VisitDoc, visitsContract } from '../../../types/visits'
import { transaction } from '../../shared/data'
import { notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import {
  audit,
  contactPatch,
  countContact,
  loadCadence,
  loadHouseholdForStaff,
  toDate,
  visitedAtOf,
} from '../lib'
import { raiseDemand, routeDemand } from '../raiseDemand'

/**
 * 记录走访: the visit with its six tasks, in one transaction with everything it causes — the household's
 * last contact and next due date, a demand for each demand raised, a talent-pool entry for each capable
 * resident found. Ids derive from the caller and clientRequestId, so an offline draft submitted twice, or
 * a retry after a lost answer, records one visit.
 */
export const record: Handler<typeof visitsContract.record> = async (input, ctx) => {
  const visitId = derivedId(ctx.caller.openid, 'visits.record', input.clientRequestId)
  const h = await loadHouseholdForStaff(ctx, input.householdId)

  const visitedAt = visitedAtOf(input.visitedAt, ctx.now)
  const staff = ctx.caller.staff!
  const demands = input.tasks.askDemands.demands
  const talents = input.tasks.discoverTalents.talents
  const [cadence, assignee] = await Promise.all([
    loadCadence(ctx.db, h.committeeId),
    demands.length ? routeDemand(ctx.db, h) : Promise.resolve(null),
  ])
  const by = { openid: ctx.caller.openid, name: staff.name, role: ctx.role as 'blockHead' | 'committeeAdmin' }

  // A retry is found inside the transaction, not by a read before it: the first call pays no extra read.
  const result = await transaction(ctx.db, async (tx) => {
    const again = await tx.visits.get(visitId)
    if (again) return { visit: again, household: h, created: false }
    const cur = await tx.households.get(h._id)
    if (!cur) throw notFound('没有找到这户家庭的档案')
    const demandIds: string[] = []
    for (const [i, d] of demands.entries()) {
      const id = derivedId(visitId, 'demand', String(i))
      demandIds.push(
        await raiseDemand(tx, d, {
          id,
          household: cur,
          subdistrictId: staff.subdistrictId,
          assignee: assignee ?? { openid: by.openid, name: by.name, role: by.role },
          by,
          visitId,
          now: ctx.now,
        }),
      )
    }
    const talentIds: string[] = []
    for (const [i, t] of talents.entries()) {
      const id = derivedId(visitId, 'talent', String(i))
      const doc: TalentDoc = {
        _id: id,
        committeeId: cur.committeeId,
        blockId: cur.blockId,
        householdId: cur._id,
        name: t.name,
        skills: t.skills,
        phone: t.phone,
        note: t.note,
        consent: { given: true, at: visitedAt, recordedBy: ctx.caller.openid },
        visitId,
        createdAt: ctx.now,
      }
      await tx.talents.add(doc)
      talentIds.push(id)
    }
    const visit: VisitDoc = {
      _id: visitId,
      householdId: cur._id,
      committeeId: cur.committeeId,
      blockId: cur.blockId,
      mode: input.mode,
      source: 'staff',
      tasks: input.tasks,
      notes: input.notes,
      visitorOpenid: ctx.caller.openid,
      visitorName: staff.name,
      visitedAt,
      recordedAt: ctx.now,
      demandIds,
      talentIds,
      clientRequestId: input.clientRequestId,
    }
    await tx.visits.add(visit)
    // A late-submitted draft older than the last contact must not move the due date back.
    const contact = contactPatch(cur, visitedAt, cadence)
    await tx.households.update(cur._id, contact)
    return {
      visit,
      household: { ...cur, lastContactAt: contact.lastContactAt, nextDueAt: contact.nextDueAt },
      created: true,
    }
  })

  if (result.created) {
    await countContact(
      ctx.db,
      { committeeId: h.committeeId, subdistrictId: staff.subdistrictId, at: ctx.now },
      {
        mode: input.mode,
        demands,
        extra: talents.length ? { 'visits.talentsFound': talents.length } : {},
        nextDueAt: result.household.nextDueAt,
      },
    )
    await audit(ctx, [h._id], 'changed')
  }
  return outputOf(result.visit, result.household)
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
