import { z } from 'zod'
import type { CorrectionDoc, visitsContract } from '../../../types/visits'
import { leftForTheSweep, lookupRows, lookupWhere, parseDocOf } from '../../shared/data'
import { isDuplicateKey, notFound, rateLimited } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import type { Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { address } from '../rules/household'

const MAX_OPEN = 5

const Row = z
  .object({
    _block: lookupRows('blocks'),
    _staff: lookupRows('staff'),
    _mine: lookupRows('householdCorrections'),
    _earlier: lookupRows('householdCorrections'),
  })
  .loose()

/**
 * 申请更正档案: a resident's correction reaches the block head as a task — a record the catalogue lists until
 * the file is saved, and a message (to the committee admin when the block has no head).
 *
 * The request is inserted first, under an id derived from the request and carrying its messages: the commit
 * point, after which the block head's catalogue lists it. The messages are then written for the sweep to
 * send within 10 minutes; if the process dies before, the retry writes them (by their derived ids, once), and
 * so does the outbox function's hourly repair (outbox/relay.ts).
 * Caller, one read (the family's files with their block, its committee's staff and the caller's open
 * requests), the request, the messages: four requests.
 */
export const correctHousehold: Handler<typeof visitsContract.correctHousehold> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const id = derivedId(openid, 'visits.correctHousehold', input.clientRequestId)
  const rows = await ctx.store.households.aggregate(
    (p) =>
      p
        .match({ residentOpenids: openid, ...(input.householdId ? { _id: input.householdId } : {}) })
        .limit(1)
        .lookup({ from: ctx.store.blocks.name, localField: 'blockId', foreignField: '_id', as: '_block' })
        .lookup({
          from: ctx.store.staff.name,
          localField: 'committeeId',
          foreignField: 'committeeId',
          as: '_staff',
        })
        .lookup(
          lookupWhere(ctx.db, 'householdCorrections', { openid, status: 'open' }, '_mine', {
            limit: MAX_OPEN,
          }),
        )
        .lookup(lookupWhere(ctx.db, 'householdCorrections', { _id: id }, '_earlier')),
    Row,
  )
  const [row] = rows
  if (!row) throw notFound('没有找到您家的档案，请先绑定家庭')
  const { _block, _staff, _mine, _earlier, ...file } = row
  if (_earlier[0]) {
    await written(_earlier[0])
    return { correctionId: id }
  }
  if (_mine.length >= MAX_OPEN) throw rateLimited('您已有多条更正申请在处理中，请等块长处理后再提交')
  const h = parseDocOf('households', file)
  const head = _block[0]?.blockHeadOpenid
  const recipients = head
    ? [head]
    : _staff
        .filter((s) => s.role === 'committeeAdmin' && s.active)
        .slice(0, 5)
        .map((s) => s._id)
  const doc: CorrectionDoc = {
    _id: id,
    householdId: h._id,
    committeeId: h.committeeId,
    blockId: h.blockId,
    openid,
    text: input.text,
    status: 'open',
    createdAt: ctx.now,
    outbox: {
      messages: recipients.map((to) =>
        messageDoc(
          {
            dedupeKey: `correction:${id}:${to}`,
            touser: to,
            templateKey: 'visitDue',
            page: `pkg-staff/visits/household/index?id=${h._id}`,
            data: {
              thing1: `${address(h)}申请更正档案`,
              thing2: input.text.slice(0, 20),
              time3: shanghaiTime(ctx.now),
            },
          },
          ctx.now,
        ),
      ),
    },
    outboxAt: ctx.now,
  }
  try {
    await ctx.store.householdCorrections.add(doc)
  } catch (err) {
    // The same request running beside this one inserted it first; its messages are the same.
    if (!isDuplicateKey(err)) throw err
  }
  await written(doc)
  return { correctionId: id }

  /** The request's messages, for the sweep; already there for a retry of a call that wrote them (once). */
  async function written(c: CorrectionDoc): Promise<void> {
    if (!c.outbox?.messages.length) return
    const messages = c.outbox.messages
    await leftForTheSweep(() => ctx.store.messages.addMany(messages)).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err
    })
  }
}
