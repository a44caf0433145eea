import type { OnlineVisitDoc, VisitDoc, visitsContract } from '../../../types/visits'
import { ANSWER_LABEL, CHANNEL_LABEL } from '../../../types/visits'
import { transaction } from '../../shared/data'
import { conflict, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import type { Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { contactPatch, countContact, loadCadence } from '../lib'
import { raiseDemand, routeDemand } from '../raiseDemand'

/**
 * 回复线上走访: the family's answer is recorded as an online visit (it counts as contact and moves the next
 * due date); "I have a demand" creates a demand, "please contact me" tells the block head. One answer per
 * online visit: a retry with the same clientRequestId gets the first answer back, another answer CONFLICT.
 */
export const respond: Handler<typeof visitsContract.respond> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const ov = await ctx.store.onlineVisits.get(input.onlineVisitId)
  if (!ov || !(ov.recipients ?? []).includes(openid)) throw notFound('没有找到这次线上走访')
  const visitId = derivedId(ov._id, 'visits.respond')
  if (ov.status === 'answered') return answered(ov, input.clientRequestId)

  // The online visit names the file's committee and block, which is all routing needs: the file itself is
  // read once, inside the transaction that writes it.
  const [cadence, subdistrictId] = await Promise.all([
    loadCadence(ctx.db, ov.committeeId),
    ov.subdistrictId ?? ctx.store.committees.get(ov.committeeId).then((c) => c?.subdistrictId ?? ''),
  ])
  const assignee = input.answer === 'demand' ? await routeDemand(ctx.db, ov) : null
  const demandId = input.answer === 'demand' ? derivedId(visitId, 'demand') : undefined

  const out = await transaction(ctx.db, async (tx) => {
    const cur = await tx.onlineVisits.get(ov._id)
    if (!cur) throw notFound('没有找到这次线上走访')
    if (cur.status === 'answered')
      return { ...answered(cur, input.clientRequestId), created: false, nextDueAt: undefined }
    const hh = await tx.households.get(ov.householdId)
    if (!hh) throw notFound('没有找到这次线上走访')
    const name = ctx.caller.resident?.name ?? hh.members?.find((m) => m.name)?.name ?? '居民'
    if (demandId && input.demand) {
      await raiseDemand(tx, input.demand, {
        id: demandId,
        household: hh,
        subdistrictId,
        assignee: assignee ?? { openid: cur.sentBy, name: cur.sentByName ?? '块长', role: 'blockHead' },
        by: { openid, name, role: 'resident' },
        visitId,
        now: ctx.now,
      })
    }
    const contactNote = input.contact
      ? `请通过${CHANNEL_LABEL[input.contact.channel]}联系：${input.contact.value}`
      : ''
    const visit: VisitDoc = {
      _id: visitId,
      householdId: hh._id,
      committeeId: hh.committeeId,
      blockId: hh.blockId,
      mode: 'online',
      source: 'resident',
      notes: [ANSWER_LABEL[input.answer], contactNote, input.text ?? ''].filter(Boolean).join('；'),
      // The block head who sent it made the contact; the answer is the family's.
      visitorOpenid: cur.sentBy,
      visitorName: cur.sentByName,
      visitedAt: ctx.now,
      recordedAt: ctx.now,
      demandIds: demandId ? [demandId] : [],
      talentIds: [],
      onlineVisitId: cur._id,
      answer: input.answer,
      answeredBy: openid,
      clientRequestId: input.clientRequestId,
    }
    await tx.visits.add(visit)
    await tx.onlineVisits.update(cur._id, {
      status: 'answered',
      answer: input.answer,
      answerText: input.text,
      contact: input.contact,
      answeredBy: openid,
      answeredAt: ctx.now,
      answerRequestId: input.clientRequestId,
      visitId,
      demandId,
    })
    const contact = contactPatch(hh, ctx.now, cadence)
    await tx.households.update(hh._id, {
      ...contact,
      ...(hh.pendingOnlineVisitId === cur._id ? { pendingOnlineVisitId: ctx._.remove() } : {}),
    })
    if (input.answer !== 'allFine') {
      const msg = messageDoc(
        {
          dedupeKey: `visitAnswer:${cur._id}:${cur.sentBy}`,
          touser: cur.sentBy,
          templateKey: 'visitDue',
          page: `pkg-staff/visits/household/index?id=${hh._id}`,
          data: {
            thing1: `${hh.building}${hh.room}室回复了线上走访`,
            thing2: (input.answer === 'demand' ? `有诉求：${input.demand?.text ?? ''}` : contactNote).slice(
              0,
              20,
            ),
            time3: shanghaiTime(ctx.now),
          },
        },
        ctx.now,
      )
      await tx.messages.add(msg)
    }
    return { visitId, demandId, created: true, nextDueAt: contact.nextDueAt }
  })
  if (out.created) {
    await countContact(
      ctx.db,
      { committeeId: ov.committeeId, subdistrictId, at: ctx.now },
      {
        mode: 'online',
        demands: input.demand && demandId ? [input.demand] : [],
        extra: { 'visits.onlineAnswered': 1 },
        nextDueAt: out.nextDueAt,
      },
    )
  }
  return { visitId: out.visitId, demandId: out.demandId }
}

function answered(ov: OnlineVisitDoc, clientRequestId: string): { visitId: string; demandId?: string } {
  const sameRequest = ov.answerRequestId === clientRequestId
  if (!sameRequest || !ov.visitId) throw conflict('这次线上走访已经回复过了，谢谢您')
  return { visitId: ov.visitId, demandId: ov.demandId }
}
