import { z } from 'zod'
import type { OnlineVisitDoc, visitsContract } from '../../../types/visits'
import { leftForTheSweep, lookupRows, lookupWhere, parseDocOf } from '../../shared/data'
import { conflict, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import type { Ctx, Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { audit, inScope } from '../lib'

const Row = z.object({ _sent: lookupRows('onlineVisits') }).loose()

/**
 * 发起线上走访: a short message and questions to every resident bound to the household (template visitOnline);
 * the family answers in the app.
 *
 * Without a transaction, in an order a retry or the repair can finish: the online visit is inserted first,
 * under an id derived from the request and carrying its messages — the commit point: before it nothing is
 * written, and once it is there the family sees it on their pending list. Then the messages, written for the
 * sweep to send within 10 minutes (one request for any number of residents), and the file's mark. If the
 * process dies in between, the request's retry finds the online visit and writes both again (the messages by
 * their derived ids, so once), and so does the outbox function's hourly repair (outbox/relay.ts), which then
 * drops what the online visit carries.
 * Caller, one read (the file and this request's online visit), the online visit, the messages, the file,
 * the audit line: six requests.
 */
export const sendOnline: Handler<typeof visitsContract.sendOnline> = async (input, ctx) => {
  const id = derivedId(ctx.caller.openid, 'visits.sendOnline', input.clientRequestId)
  const [row] = await ctx.store.households.aggregate(
    (p) =>
      p.match({ _id: input.householdId }).lookup(lookupWhere(ctx.db, 'onlineVisits', { _id: id }, '_sent')),
    Row,
  )
  const { _sent: [earlier] = [], ...file } = row ?? {}
  const h = row ? parseDocOf('households', file) : null
  if (!h || !inScope(ctx, h)) {
    await audit(ctx, [input.householdId], 'denied')
    throw notFound('没有找到这户家庭的档案')
  }
  if (earlier) return finish(ctx, earlier)
  const recipients = [...new Set(h.residentOpenids ?? [])]
  if (recipients.length === 0)
    throw conflict('这户还没有居民在小程序里绑定家庭，暂时无法线上走访，请改用电话联系')
  const staff = ctx.caller.staff!
  const messages = recipients.map((to) =>
    messageDoc(
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
    ),
  )
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
    outbox: { messages },
    outboxAt: ctx.now,
  }
  try {
    await ctx.store.onlineVisits.add(doc)
  } catch (err) {
    // The same request running beside this one inserted it first.
    if (!isDuplicateKey(err)) throw err
    const first = await ctx.store.onlineVisits.get(id)
    if (!first) throw err
    return finish(ctx, first)
  }
  return finish(ctx, doc, { audit: true })
}

/** The writes after the online visit's insert, for the first call and a retry alike (each safe to repeat). */
async function finish(ctx: Ctx, ov: OnlineVisitDoc, opts: { audit?: boolean } = {}) {
  const out = { onlineVisitId: ov._id, recipients: ov.recipients.length }
  // Nothing carried: the repair has already made sure of both.
  if (!ov.outbox) return out
  const messages = ov.outbox.messages
  await leftForTheSweep(() => ctx.store.messages.addMany(messages)).catch((err: unknown) => {
    // Written by the first call (all or none): the sweep has them.
    if (!isDuplicateKey(err)) throw err
  })
  // The first call marks the file as waiting (over an older online visit still unanswered); a retry only a
  // file that nothing marked since, so it never hides a newer one.
  if (opts.audit) await ctx.store.households.update(ov.householdId, { pendingOnlineVisitId: ov._id })
  else if (ov.status === 'pending')
    await ctx.store.households.updateWhere(
      { _id: ov.householdId, pendingOnlineVisitId: ctx._.exists(false) },
      { pendingOnlineVisitId: ov._id },
    )
  if (opts.audit) await audit(ctx, [ov.householdId], 'changed')
  return out
}
