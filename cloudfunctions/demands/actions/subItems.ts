/** Sub-items (分项办理): split a demand into parts for different people, and finish each part. */
import type { demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import * as rules from '../rules/subItems'
import { actorOf, mutate } from '../store'

export const split: Handler<typeof demandsContract.split> = (i, ctx) =>
  mutate(ctx, i.id, 'split', i.clientRequestId, (d, ev) => rules.split(d, actorOf(ctx), i.items, ctx.now, ev))

export const finishSubItem: Handler<typeof demandsContract.finishSubItem> = (i, ctx) =>
  mutate(ctx, i.id, 'finishSubItem', i.clientRequestId, (d, ev) =>
    rules.finishSubItem(d, actorOf(ctx), i.subItemId, i.result, ctx.now, ev),
  )
