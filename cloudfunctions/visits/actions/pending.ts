import type { visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import { onlineVisitView } from '../lib'

/** 待回复的线上走访: online visits sent to the caller that wait for an answer. */
export const pending: Handler<typeof visitsContract.pending> = async (_input, ctx) => {
  const docs = await ctx.store.onlineVisits.find(
    { recipients: ctx.caller.openid, status: 'pending' },
    { orderBy: [['sentAt', 'desc']], limit: 20 },
  )
  return { items: docs.map((d) => onlineVisitView(d, ctx.now)) }
}
