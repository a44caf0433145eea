import type { CorrectionDoc, visitsContract } from '../../../types/visits'
import { transaction } from '../../shared/data'
import { notFound, rateLimited } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import type { Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { address } from '../rules/household'
import { myHouseholds } from './myHousehold'

const MAX_OPEN = 5

/**
 * 申请更正档案: a resident's correction reaches the block head as a task — a record the catalogue lists until
 * the file is saved, and a message through the outbox (to the committee admin when the block has no head).
 */
export const correctHousehold: Handler<typeof visitsContract.correctHousehold> = async (input, ctx) => {
  const mine = await myHouseholds(ctx)
  const h = input.householdId ? mine.find((x) => x._id === input.householdId) : mine[0]
  if (!h) throw notFound('没有找到您家的档案，请先绑定家庭')
  const id = derivedId(ctx.caller.openid, 'visits.correctHousehold', input.clientRequestId)
  const earlier = await ctx.store.householdCorrections.get(id)
  if (earlier) return { correctionId: id }
  const open = await ctx.store.householdCorrections.count({ openid: ctx.caller.openid, status: 'open' })
  if (open >= MAX_OPEN) throw rateLimited('您已有多条更正申请在处理中，请等块长处理后再提交')
  const block = await ctx.store.blocks.get(h.blockId)
  const recipients = block?.blockHeadOpenid
    ? [block.blockHeadOpenid]
    : (
        await ctx.store.staff.find(
          { committeeId: h.committeeId, role: 'committeeAdmin', active: true },
          { limit: 5, fields: { _id: true } },
        )
      ).map((s) => s._id)
  const doc: CorrectionDoc = {
    _id: id,
    householdId: h._id,
    committeeId: h.committeeId,
    blockId: h.blockId,
    openid: ctx.caller.openid,
    text: input.text,
    status: 'open',
    createdAt: ctx.now,
  }
  await transaction(ctx.db, async (tx) => {
    if (await tx.householdCorrections.get(id)) return
    await tx.householdCorrections.add(doc)
    for (const to of recipients) {
      await tx.messages.add(
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
      )
    }
  })
  return { correctionId: id }
}
