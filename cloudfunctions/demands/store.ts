/**
 * Saving changes to demands. A change is written in one transaction with the messages it causes, so the
 * alert and the state commit or roll back together; a retried request (same clientRequestId → same event id)
 * finds its event already on the timeline and changes nothing.
 */
import { ROLE_LABEL } from '../../types/roles'
import type { DemandDoc } from '../../types/demands'
import type { Ctx } from '../shared/router'
import type { Command } from '../shared/cloud'
import { transaction, type Patch, type TxStore } from '../shared/data'
import { notFound } from '../shared/errors'
import { derivedId } from '../shared/ids'
import { messageDoc } from '../shared/outbox'
import { bumpStats } from '../shared/stats'
import type { Actor, Change } from './rules/lifecycle'
import { inScope } from './rules/scope'
import { withFollowers } from './rules/public'
import { toDetail } from './rules/view'

export function actorOf(ctx: Ctx): Actor {
  if (ctx.role !== 'resident' && ctx.caller.staff) {
    return { openid: ctx.caller.openid, name: ctx.caller.staff.name, roleLabel: ROLE_LABEL[ctx.role] }
  }
  return {
    openid: ctx.caller.openid,
    name: ctx.caller.resident?.name ?? '居民',
    roleLabel: ROLE_LABEL.resident,
  }
}

export const SYSTEM: Actor = { openid: 'system', name: '系统', roleLabel: '系统' }

/** A plain object value is replaced whole (`_.set`), never merged into what was there. */
export function updateData(
  _: Command,
  change: Pick<Change, 'set' | 'unset'>,
  extra: Record<string, unknown> = {},
): Patch<'demands'> {
  const data: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(change.set)) {
    data[k] = v !== null && typeof v === 'object' && !(v instanceof Date) && !Array.isArray(v) ? _.set(v) : v
  }
  for (const k of change.unset) data[k] = _.remove()
  return { ...data, ...extra }
}

/**
 * Applies one staff or resident action to a demand: read it in a transaction, check scope (NOT_FOUND outside),
 * skip when this request's event is already on the timeline, write the change and its messages, then count it.
 */
export async function mutate(
  ctx: Ctx,
  id: string,
  action: string,
  clientRequestId: string,
  compute: (doc: DemandDoc, eventId: string, tx: TxStore) => Promise<Change> | Change,
) {
  const eventId = derivedId(ctx.caller.openid, `demands.${action}`, clientRequestId)
  const { db, _ } = ctx
  const { doc, change, before } = await transaction(db, async (tx) => {
    const doc = await tx.demands.get(id)
    if (!doc || !inScope(doc, ctx.caller, ctx.scope)) throw notFound('没有找到这件诉求')
    if (doc.events.some((e) => e.id === eventId)) return { doc, change: null, before: doc }
    // Neighbours who joined the case (我也遇到了) hear what its author hears, written with the change.
    const change = withFollowers(await compute(doc, eventId, tx))
    await tx.demands.update(id, updateData(_, change, { events: _.push([change.event]), version: _.inc(1) }))
    for (const m of change.messages) await tx.messages.add(messageDoc(m, ctx.now))
    return { doc: change.next, change, before: doc }
  })
  if (change) {
    // Counted after the commit, once: a retry returns above without a change. A kill in between loses one
    // count, which the nightly recount in `reports` repairs.
    await bumpStats(
      db,
      { committeeId: before.committeeId, subdistrictId: before.subdistrictId, at: ctx.now },
      change.stats,
    )
  }
  return { demand: toDetail(doc, ctx.now, { staff: ctx.role !== 'resident' }) }
}
