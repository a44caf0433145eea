import type { OnlineVisitDoc } from '../../../types/visits'
import { findMany } from '../../shared/db'
import type { Ctx } from '../../shared/router'
import { onlineVisitView } from '../lib'

/** 待回复的线上走访: online visits sent to the caller that wait for an answer. */
export async function pending(_input: object, ctx: Ctx) {
  const docs = await findMany<OnlineVisitDoc>(
    ctx.db,
    'onlineVisits',
    { recipients: ctx.caller.openid, status: 'pending' },
    { orderBy: [['sentAt', 'desc']], limit: 20 },
  )
  return { items: docs.map((d) => onlineVisitView(d, ctx.now)) }
}
