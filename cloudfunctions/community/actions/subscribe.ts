import { ResidentDoc } from '../../../types/community'
import { SubscriptionDoc, templateId, type TemplateKey } from '../../../types/messages'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import { derivedId } from '../../shared/ids'
import { ensureResident, transact, txGet } from '../lib'

const KEEP_REQUEST_IDS = 20

/**
 * 订阅消息授权: each template the user accepted in `wx.requestSubscribeMessage` adds one grant (WeChat's
 * one-time rule: one grant, one message). The increments and the request id commit together, so a retried
 * call with the same `clientRequestId` adds nothing.
 */
export async function subscribe(input: { accepted: TemplateKey[]; clientRequestId?: string }, ctx: Ctx) {
  const keys = [...new Set(input.accepted)]
  if (keys.length === 0) return { grants: [] }
  await ensureResident(ctx)
  const openid = ctx.caller.openid
  const ids = (key: TemplateKey) => templateId(key, process.env)
  {
    await transact(ctx.db, async (tx) => {
      const resident = await txGet(tx, 'residents', openid, ResidentDoc)
      const seen = resident?.subscribeRequestIds ?? []
      if (input.clientRequestId && seen.includes(input.clientRequestId)) return
      for (const key of keys) {
        const tid = ids(key)
        const id = derivedId('subscription', openid, tid)
        const current = await txGet(tx, 'subscriptions', id, SubscriptionDoc)
        const doc = { openid, templateId: tid, remaining: (current?.remaining ?? 0) + 1, updatedAt: ctx.now }
        await tx.collection('subscriptions').doc(id).set({ data: doc })
      }
      if (input.clientRequestId) {
        await tx
          .collection('residents')
          .doc(openid)
          .update({
            data: { subscribeRequestIds: [...seen, input.clientRequestId].slice(-KEEP_REQUEST_IDS) },
          })
      }
    })
  }
  // The sink (and the dev console) may hold grants in other documents too; report the sum.
  const rows = await findMany<unknown>(
    ctx.db,
    'subscriptions',
    { openid, templateId: ctx._.in(keys.map(ids)) },
    { limit: 100 },
  )
  const docs = rows.map((d) => SubscriptionDoc.parse(d))
  return {
    grants: keys.map((key) => ({
      templateKey: key,
      remaining: docs.filter((d) => d.templateId === ids(key)).reduce((n, d) => n + d.remaining, 0),
    })),
  }
}
