import type { OnlineVisitDoc, visitsContract } from '../../../types/visits'
import { transaction } from '../../shared/data'
import { conflict } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import type { Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { audit, loadHouseholdForStaff } from '../lib'

/**
 * 发起线上走访: a short message and questions to every resident bound to the household, through the outbox
 * (template visitOnline), in one transaction with the online-visit record. The family answers in the app.
 */
export const sendOnline: Handler<typeof visitsContract.sendOnline> = async (input, ctx) => {
  const h = await loadHouseholdForStaff(ctx, input.householdId)
  const id = derivedId(ctx.caller.openid, 'visits.sendOnline', input.clientRequestId)
  const earlier = await ctx.store.onlineVisits.get(id)
  if (earlier) return { onlineVisitId: id, recipients: earlier.recipients.length }
  const recipients = [...new Set(h.residentOpenids ?? [])]
  if (recipients.length === 0)
    throw conflict('这户还没有居民在小程序里绑定家庭，暂时无法线上走访，请改用电话联系')
  const staff = ctx.caller.staff!
  const doc: OnlineVisitDoc = {
    _id: id,
    householdId: h._id,
    committeeId: h.committeeId,
    blockId: h.blockId,
    subdistrictId: staff.subdistrictId,
    message: input.message,
    questions: input.questions,
    recipients,
    sentBy: ctx.caller.openid,
    sentByName: staff.name,
    sentAt: ctx.now,
    status: 'pending',
  }
  await transaction(ctx.db, async (tx) => {
    if (await tx.onlineVisits.get(id)) return
    await tx.onlineVisits.add(doc)
    await tx.households.update(h._id, { pendingOnlineVisitId: id })
    for (const to of recipients) {
      const msg = messageDoc(
        {
          dedupeKey: `visitOnline:${id}:${to}`,
          touser: to,
          templateKey: 'visitOnline',
          page: `visits/pages/pending/index?id=${id}`,
          data: {
            thing1: `${staff.name}（块长）`,
            thing2: input.message.slice(0, 20),
            time3: shanghaiTime(ctx.now),
          },
        },
        ctx.now,
      )
      await tx.messages.add(msg)
    }
  })
  await audit(ctx, [h._id], 'changed')
  return { onlineVisitId: id, recipients: recipients.length }
}
