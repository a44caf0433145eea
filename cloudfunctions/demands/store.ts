/**
 * Saving changes to demands. A change is written in one single-document write with the messages it causes,
 * so the alert and the state are written together or not at all; a retried request (same clientRequestId →
 * same event id) finds its event already on the timeline and changes nothing.
 */
import { ROLE_LABEL } from '../../types/roles'
import type { DemandDoc } from '../../types/demands'
import type { Ctx } from '../shared/router'
import type { Command } from '../shared/cloud'
import type { Patch } from '../shared/data'
import { conflict, notFound } from '../shared/errors'
import { derivedId } from '../shared/ids'
import { addToOutbox, outboxMovedOn } from '../shared/outbox'
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
 * Applies one staff or resident action to a demand in one conditional write of that demand: read it, check
 * scope (NOT_FOUND outside), skip when this request's event is already on the timeline, then write the change
 * with its event, the messages it causes and its counters — carried in the demand's own outbox, which the
 * `outbox` function relays within a minute — only if nobody wrote the demand or relayed its outbox since the
 * read (its `version` and `outboxAt`; a write that adds to the outbox moves `outboxAt` on, so a relay that read
 * the outbox before it does not release what it has not seen). A lost race reads again; the retry of a written change finds its event.
 * Caller, read, write: three requests, where a transaction with a separate message and counter took seven.
 */
export async function mutate(
  ctx: Ctx,
  id: string,
  action: string,
  clientRequestId: string,
  compute: (doc: DemandDoc, eventId: string) => Promise<Change> | Change,
) {
  const eventId = derivedId(ctx.caller.openid, `demands.${action}`, clientRequestId)
  const { db, _, now } = ctx
  const staffView = { staff: ctx.role !== 'resident', desk: ctx.role === 'officer' }
  for (let attempt = 0; attempt < 3; attempt++) {
    const doc = await ctx.store.demands.get(id)
    if (!doc || !inScope(doc, ctx.caller, ctx.scope, now)) throw notFound('没有找到这件诉求')
    if (doc.events.some((e) => e.id === eventId)) return { demand: toDetail(doc, now, staffView) }
    // Neighbours who joined the case (我也遇到了) hear what its author hears, written with the change.
    const change = withFollowers(await compute(doc, eventId))
    const key = { committeeId: doc.committeeId, subdistrictId: doc.subdistrictId, at: now }
    const { outbox, uncarried } = addToOutbox(
      doc.outbox,
      change.messages,
      { key, counters: change.stats },
      now,
    )
    const written = await ctx.store.demands.updateWhere(
      { _id: id, version: doc.version, outboxAt: doc.outboxAt ?? _.exists(false) },
      updateData(_, change, {
        events: _.push([change.event]),
        version: _.inc(1),
        ...(outbox ? { outbox: _.set(outbox), outboxAt: outboxMovedOn(doc.outboxAt, now) } : {}),
      }),
    )
    if (written !== 1) continue
    // Counters of another day or committee than those the outbox already carries (a relay that has not run
    // since): counted at once, after the write, as a kill in between loses one count the nightly recount
    // in `reports` repairs.
    if (uncarried) await bumpStats(db, key, uncarried)
    return { demand: toDetail(change.next, now, staffView) }
  }
  throw conflict('这件诉求刚刚有人改过，请刷新后再试')
}
