import type { communityContract } from '../../../types/community'
import { templateId, templateKind, type TemplateKey } from '../../../types/messages'
import { transaction } from '../../shared/data'
import { derivedId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import { ensureResident } from '../lib'

const KEEP_REQUEST_IDS = 20

/**
 * 订阅消息授权: each one-time template the user accepted in `wx.requestSubscribeMessage` adds one grant
 * (WeChat's rule: one grant, one message); a long-term one is switched on. Residents and staff alike call it
 * (every caller is a resident). The increments and the request id commit together, so a retried
 * call with the same `clientRequestId` adds nothing.
 */
export const subscribe: Handler<typeof communityContract.subscribe> = async (input, ctx) => {
  const keys = [...new Set(input.accepted)]
  if (keys.length === 0) return { grants: [] }
  await ensureResident(ctx)
  const openid = ctx.caller.openid
  const ids = (key: TemplateKey) => templateId(key, process.env)
  await transaction(ctx.db, async (tx) => {
    const resident = await tx.residents.get(openid)
    const seen = resident?.subscribeRequestIds ?? []
    if (input.clientRequestId && seen.includes(input.clientRequestId)) return
    for (const key of keys) {
      const tid = ids(key)
      // A template this deployment has no id for cannot have been granted.
      if (!tid) continue
      const id = derivedId('subscription', openid, tid)
      const current = await tx.subscriptions.get(id)
      // A long-term grant is on or off; only one-time grants add up.
      const remaining = templateKind(key) === 'long' ? 1 : (current?.remaining ?? 0) + 1
      const doc = { openid, templateId: tid, remaining, updatedAt: ctx.now }
      await tx.subscriptions.set(id, doc)
    }
    if (input.clientRequestId) {
      await tx.residents.update(openid, {
        subscribeRequestIds: [...seen, input.clientRequestId].slice(-KEEP_REQUEST_IDS),
      })
    }
  })
  // The sink (and the dev console) may hold grants in other documents too; report the sum.
  const docs = await ctx.store.subscriptions.find(
    { openid, templateId: ctx._.in(keys.map(ids)) },
    { limit: 100 },
  )
  return {
    grants: keys.map((key) => ({
      templateKey: key,
      remaining: docs.filter((d) => d.templateId === ids(key)).reduce((n, d) => n + d.remaining, 0),
    })),
  }
}
