import type { HouseholdDoc, VisitDoc, VisitOutbox, visitsContract } from '../../../types/visits'
import { ANSWER_LABEL, CHANNEL_LABEL } from '../../../types/visits'
import { assigneeAmong } from '../../demands/public'
import { conflict, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import type { Ctx, Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { addMissing, landContact } from '../carry'
import { contactCounters, toDate } from '../lib'
import { onlineVisitForAnswer } from '../load'
import { demandDoc } from '../raiseDemand'

/**
 * 回复线上走访: the family's answer is recorded as an online visit (it counts as contact and moves the next
 * due date); "I have a demand" creates a demand, "please contact me" tells the block head. One answer per
 * online visit: its visit's id derives from the online visit, so of two answers only the first is written;
 * a retry with the same clientRequestId gets the first answer back, another answer CONFLICT.
 *
 * The answer is one insert of that visit carrying all it causes (carry.ts says why that is atomic and safe to
 * repeat). Written at once: the visit, the demand (in its handler's inbox), the online visit's answer (off
 * the family's pending list) and the file's contact. Relayed by the `outbox` sweep within 10 minutes: the
 * counters and the message telling the block head about the answer.
 * Caller, one read (the online visit, its file, cadence, an earlier answer, routing), visit, demand, answer,
 * file: six requests.
 */
export const respond: Handler<typeof visitsContract.respond> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const visitId = derivedId(input.onlineVisitId, 'visits.respond')
  const found = await onlineVisitForAnswer(ctx.store, input.onlineVisitId, visitId, {
    routing: input.answer === 'demand',
    committee: true,
  })
  const ov = found?.onlineVisit
  if (!found || !ov || !(ov.recipients ?? []).includes(openid)) throw notFound('没有找到这次线上走访')
  if (ov.status === 'answered') return answered(ov.answerRequestId, ov, input.clientRequestId)
  const hh = found.household
  if (!hh) throw notFound('没有找到这次线上走访')
  // Answered, but the process died before the online visit said so: this request's retry finishes it.
  if (found.visit) return finish(ctx, found.visit, hh, input.clientRequestId)

  const subdistrictId = found.subdistrictId ?? ''
  const name = ctx.caller.resident?.name ?? hh.members?.find((m) => m.name)?.name ?? '居民'
  const demand =
    input.answer === 'demand' && input.demand
      ? demandDoc(input.demand, {
          id: derivedId(visitId, 'demand'),
          household: hh,
          subdistrictId,
          assignee: assigneeAmong(found.staff, ov, found.block?.blockHeadOpenid) ?? {
            openid: ov.sentBy,
            name: ov.sentByName ?? '块长',
            role: 'blockHead',
          },
          by: { openid, name, role: 'resident' },
          visitId,
          now: ctx.now,
        })
      : null
  const contactNote = input.contact
    ? `请通过${CHANNEL_LABEL[input.contact.channel]}联系：${input.contact.value}`
    : ''
  const tell =
    input.answer === 'allFine'
      ? []
      : [
          messageDoc(
            {
              dedupeKey: `visitAnswer:${ov._id}:${ov.sentBy}`,
              touser: ov.sentBy,
              templateKey: 'visitDue',
              page: `pkg-staff/visits/household/index?id=${hh._id}`,
              data: {
                thing1: `${hh.building}${hh.room}室回复了线上走访`,
                thing2: (input.answer === 'demand'
                  ? `有诉求：${input.demand?.text ?? ''}`
                  : contactNote
                ).slice(0, 20),
                time3: shanghaiTime(ctx.now),
              },
            },
            ctx.now,
          ),
        ]
  const key = { committeeId: ov.committeeId, subdistrictId, at: ctx.now }
  const outbox: VisitOutbox = {
    messages: tell,
    ...contactCounters(key, hh, ctx.now, found.cadence, {
      mode: 'online',
      extra: { 'visits.onlineAnswered': 1 },
    }),
    ...(demand ? { demands: [demand] } : {}),
    contact: { householdId: hh._id, at: ctx.now, cadence: found.cadence, onlineVisitId: ov._id },
    answer: {
      onlineVisitId: ov._id,
      answer: input.answer,
      answerText: input.text,
      contact: input.contact,
      answeredBy: openid,
      answeredAt: ctx.now,
      answerRequestId: input.clientRequestId,
      visitId,
      demandId: demand?._id,
    },
  }
  const visit: VisitDoc = {
    _id: visitId,
    householdId: hh._id,
    committeeId: hh.committeeId,
    blockId: hh.blockId,
    mode: 'online',
    source: 'resident',
    notes: [ANSWER_LABEL[input.answer], contactNote, input.text ?? ''].filter(Boolean).join('；'),
    // The block head who sent it made the contact; the answer is the family's.
    visitorOpenid: ov.sentBy,
    visitorName: ov.sentByName,
    visitedAt: ctx.now,
    recordedAt: ctx.now,
    demandIds: demand ? [demand._id] : [],
    talentIds: [],
    onlineVisitId: ov._id,
    answer: input.answer,
    answeredBy: openid,
    clientRequestId: input.clientRequestId,
    outbox,
    outboxAt: ctx.now,
  }
  try {
    await ctx.store.visits.add(visit)
  } catch (err) {
    // Another answer (or this one, sent twice at once) was written first.
    if (!isDuplicateKey(err)) throw err
    const first = await ctx.store.visits.get(visitId)
    if (!first) throw err
    return finish(ctx, first, hh, input.clientRequestId)
  }
  return finish(ctx, visit, hh, input.clientRequestId)
}

/**
 * The writes after the answer's visit is inserted, for the first call and its retry alike — the demand, the
 * online visit's answer and the file's contact, each a no-op where already done — or CONFLICT for another
 * request than the one that answered.
 */
async function finish(
  ctx: Ctx,
  visit: VisitDoc,
  hh: HouseholdDoc,
  clientRequestId: string,
): Promise<{ visitId: string; demandId?: string }> {
  const out = answered(
    visit.clientRequestId,
    { visitId: visit._id, demandId: visit.demandIds[0] },
    clientRequestId,
  )
  const carried = visit.outbox
  if (!carried) return out
  await addMissing(ctx.store.demands, carried.demands ?? [], { oneByOne: false })
  if (carried.answer) {
    const { onlineVisitId, ...answer } = carried.answer
    await ctx.store.onlineVisits.updateWhere(
      { _id: onlineVisitId, status: 'pending' },
      { status: 'answered', ...answer },
    )
  }
  const c = carried.contact
  const at = toDate(c?.at)
  if (c && at) await landContact(ctx.store, ctx._, hh, { ...c, at })
  return out
}

function answered(
  answeredWith: string | undefined,
  ids: { visitId?: string; demandId?: string },
  clientRequestId: string,
): { visitId: string; demandId?: string } {
  if (answeredWith !== clientRequestId || !ids.visitId) throw conflict('这次线上走访已经回复过了，谢谢您')
  return { visitId: ids.visitId, demandId: ids.demandId }
}
