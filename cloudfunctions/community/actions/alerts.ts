import type { communityContract } from '../../../types/community'
import { TEMPLATES, TemplateKey, templateId, templateIds } from '../../../types/messages'
import type { Handler } from '../../shared/router'

/**
 * alerts (接收提醒): the template ids of this deployment — the one source the app asks WeChat with — and how
 * many alerts of each the caller can still receive, as Linli's bookkeeping counts them (`subscriptions`,
 * kept in step with WeChat's answers by the outbox). A committee admin also learns which of the committee's
 * staff a new demand's alert cannot reach now, so they can ask them to tap "接收提醒".
 *
 * Database requests: caller (1, router) · the caller's grants (1) · for an admin, the staff (1) and their
 * `demandAlert` grants (1).
 */
export const alerts: Handler<typeof communityContract.alerts> = async (_input, ctx) => {
  const ids = templateIds(process.env)
  const openid = ctx.caller.openid
  const mine = await ctx.store.subscriptions.find({ openid }, { limit: 100 })
  const left = (key: TemplateKey) =>
    mine.filter((d) => d.templateId === ids[key]).reduce((n, d) => n + d.remaining, 0)
  const templates = TemplateKey.options.map((key) => {
    const t = TEMPLATES[key]
    const remaining = left(key)
    return {
      key,
      id: ids[key],
      kind: t.kind,
      title: t.title,
      remaining: t.kind === 'long' ? Math.min(1, remaining) : remaining,
    }
  })

  const staff = ctx.caller.staff
  if (staff?.role !== 'committeeAdmin' || !staff.committeeId) return { templates, unreachable: [] }
  const colleagues = await ctx.store.staff.find(
    { committeeId: staff.committeeId, active: true, role: ctx._.in(['blockHead', 'committeeAdmin']) },
    { limit: 200 },
  )
  const alertId = templateId('demandAlert', process.env)
  if (!alertId)
    return {
      templates,
      unreachable: colleagues.map((c) => ({ openid: c.openid, name: c.name, role: c.role })),
    }
  const granted = await ctx.store.subscriptions.find(
    { openid: ctx._.in(colleagues.map((c) => c.openid)), templateId: alertId, remaining: ctx._.gt(0) },
    { limit: 1000 },
  )
  const reachable = new Set(granted.map((g) => g.openid))
  return {
    templates,
    unreachable: colleagues
      .filter((c) => !reachable.has(c.openid))
      .map((c) => ({ openid: c.openid, name: c.name, role: c.role })),
  }
}
