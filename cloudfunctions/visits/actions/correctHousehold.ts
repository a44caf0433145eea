import type { z } from 'zod'
import type { CorrectHouseholdInput, CorrectionDoc } from '../../../types/visits'
import { countWhere, findMany, getById } from '../../shared/db'
import { notFound, rateLimited } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { messageDoc } from '../../shared/outbox'
import type { Ctx } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { address } from '../rules/household'
import { myHouseholds } from './myHousehold'

interface Tx {
  collection(name: string): any // eslint-disable-line @typescript-eslint/no-explicit-any
}
const MAX_OPEN = 5

/**
 * 申请更正档案: a resident's correction reaches the block head as a task — a record the catalogue lists until
 * the file is saved, and a message through the outbox (to the committee admin when the block has no head).
 */
export async function correctHousehold(input: z.output<typeof CorrectHouseholdInput>, ctx: Ctx) {
  const mine = await myHouseholds(ctx)
  const h = input.householdId ? mine.find((x) => x._id === input.householdId) : mine[0]
  if (!h) throw notFound('没有找到您家的档案，请先绑定家庭')
  const id = derivedId(ctx.caller.openid, 'visits.correctHousehold', input.clientRequestId)
  const earlier = await getById<CorrectionDoc>(ctx.db, 'householdCorrections', id)
  if (earlier) return { correctionId: id }
  const open = await countWhere(ctx.db, 'householdCorrections', { openid: ctx.caller.openid, status: 'open' })
  if (open >= MAX_OPEN) throw rateLimited('您已有多条更正申请在处理中，请等块长处理后再提交')
  const block = await getById<{ blockHeadOpenid?: string }>(ctx.db, 'blocks', h.blockId)
  const recipients = block?.blockHeadOpenid
    ? [block.blockHeadOpenid]
    : (
        await findMany<{ _id: string }>(
          ctx.db,
          'staff',
          { committeeId: h.committeeId, role: 'committeeAdmin', active: true },
          { limit: 5 },
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
  await ctx.db.runTransaction(async (tx: Tx) => {
    const again = (await tx.collection('householdCorrections').doc(id).get()) as {
      data?: CorrectionDoc | null
    }
    if (again.data) return
    await tx.collection('householdCorrections').add({ data: doc })
    for (const to of recipients) {
      await tx.collection('messages').add({
        data: messageDoc(
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
      })
    }
  })
  return { correctionId: id }
}
