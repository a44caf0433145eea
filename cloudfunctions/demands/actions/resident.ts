/** The resident's actions after the answer: rate (评价) and reopen (申请重新办理). */
import type { demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import * as rules from '../rules/lifecycle'
import { actorOf, mutate } from '../store'

export const rate: Handler<typeof demandsContract.rate> = (i, ctx) =>
  mutate(ctx, i.id, 'rate', i.clientRequestId, (d, ev) =>
    rules.rate(d, actorOf(ctx), i.level, i.comment, ctx.now, ev),
  )

export const reopen: Handler<typeof demandsContract.reopen> = (i, ctx) =>
  mutate(ctx, i.id, 'reopen', i.clientRequestId, (d, ev) =>
    rules.reopen(d, actorOf(ctx), i.reason, ctx.now, ev),
  )
