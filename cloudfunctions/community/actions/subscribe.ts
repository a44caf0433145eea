import type { communityContract } from '../../../types/community'
import { templateId, templateKind } from '../../../types/messages'
import { isDuplicateKey } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Ctx, Handler } from '../../shared/router'
import { ensureResident } from '../lib'

const KEEP_REQUEST_IDS = 20

interface Grant {
  readonly tid: string
  readonly id: string
  readonly long: boolean
}

/**
 * 订阅消息授权: each one-time template the user accepted in `wx.requestSubscribeMessage` adds one grant
 * (WeChat's rule: one grant, one message); a long-term one is switched on. Residents and staff alike call it
 * (every caller is a resident).
 *
 * Each template's grant is one document, changed by one conditional update that adds the grant and records
 * the `clientRequestId` together — and skips a document that holds the id already — so a retried call adds
 * nothing however far the first got: no transaction is needed for a change that lives in one document.
 * The one-time grants take one update, the long-term ones another (each one request for all its documents),
 * then one read answers the sums; a grant not there yet is inserted (+1, all in one request).
 * Three requests on most calls; a newcomer's first grants six at most.
 */
export const subscribe: Handler<typeof communityContract.subscribe> = async (input, ctx) => {
  const keys = [...new Set(input.accepted)]
  if (keys.length === 0) return { grants: [] }
  await ensureResident(ctx)
  const openid = ctx.caller.openid
  const tids = new Map(keys.map((key) => [key, templateId(key, process.env)]))
  // A template this deployment has no id for cannot have been granted.
  const grants: Grant[] = keys.flatMap((key) => {
    const tid = tids.get(key)
    return tid
      ? [{ tid, id: derivedId('subscription', openid, tid), long: templateKind(key) === 'long' }]
      : []
  })
  let docs = await addGrants(ctx, grants, input.clientRequestId)
  const missing = grants.filter((g) => !docs.some((d) => d._id === g.id))
  if (missing.length > 0) {
    const fresh = missing.map((g) => ({
      _id: g.id,
      openid,
      templateId: g.tid,
      remaining: 1,
      updatedAt: ctx.now,
      ...(input.clientRequestId ? { requestIds: [input.clientRequestId] } : {}),
    }))
    try {
      await ctx.store.subscriptions.addMany(fresh)
      docs = [...docs, ...fresh]
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // Another call created one of them at this moment: add to what it created.
      docs = await addGrants(ctx, missing, input.clientRequestId)
    }
  }
  return {
    grants: keys.map((key) => ({
      templateKey: key,
      // The sink (and the dev console) may hold grants in other documents too; report the sum.
      remaining: docs.filter((d) => d.templateId === tids.get(key)).reduce((n, d) => n + d.remaining, 0),
    })),
  }
}

/** Adds each grant to its document where it exists and has not seen `requestId`; then reads them all. */
async function addGrants(ctx: Ctx, grants: readonly Grant[], requestId: string | undefined) {
  const { _ } = ctx
  const notYet = requestId ? { requestIds: _.neq(requestId) } : {}
  const mark = requestId ? { requestIds: _.push({ each: [requestId], slice: -KEEP_REQUEST_IDS }) } : {}
  const once = grants.filter((g) => !g.long).map((g) => g.id)
  const long = grants.filter((g) => g.long).map((g) => g.id)
  if (once.length > 0)
    await ctx.store.subscriptions.updateWhere(
      { _id: _.in(once), ...notYet },
      { remaining: _.inc(1), updatedAt: ctx.now, ...mark },
    )
  // A long-term grant is on or off; only one-time grants add up.
  if (long.length > 0)
    await ctx.store.subscriptions.updateWhere(
      { _id: _.in(long), ...notYet },
      { remaining: 1, updatedAt: ctx.now, ...mark },
    )
  return readGrants(ctx, grants)
}

const readGrants = (ctx: Ctx, grants: readonly Grant[]) =>
  grants.length === 0
    ? Promise.resolve([])
    : ctx.store.subscriptions.find(
        { openid: ctx.caller.openid, templateId: ctx._.in([...new Set(grants.map((g) => g.tid))]) },
        { limit: 100 },
      )
