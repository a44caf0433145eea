/**
 * A resident's demands of the day (每人每天最多提交10件), counted on the resident's own record (`demandsOn`),
 * which the caller lookup has just read: taking a use is one conditional increment on every path, the day's
 * first included. A count in `limits` instead costs the day's first use a second request (the increment
 * finds no window, the insert opens it), and CloudBase offers no upsert with update operators.
 *
 * The condition is on the day's own field (missing reads as "none yet"), so concurrent calls of one resident
 * cannot pass the limit: the database applies each increment alone (60 at once store 10). Earlier days'
 * fields are dropped by the same write.
 */
import type { ResidentDoc } from '../../types/community'
import { MAX_SUBMISSIONS_PER_DAY } from '../../types/demands'
import { isDuplicateKey } from '../shared/errors'
import type { Ctx } from '../shared/router'

const path = (day: string) => `demandsOn.${day}`

/** Takes one of the caller's demands of `day`; false when the day's are used up. One request. */
export async function takeDemand(ctx: Ctx, day: string): Promise<boolean> {
  const { caller, store, _ } = ctx
  if (!caller.resident) {
    // First sight of this caller (the app's first call, `me`, normally creates the record): the record is
    // created as `me` would create it, carrying the day's first use.
    const doc: ResidentDoc = {
      _id: caller.openid,
      openid: caller.openid,
      committeeIds: [],
      households: [],
      createdAt: ctx.now,
      demandsOn: { [day]: 1 },
    }
    try {
      await store.residents.add(doc)
      return true
    } catch (err) {
      // Created meanwhile (by `me`, or this caller's other submit): count on it as below.
      if (!isDuplicateKey(err)) throw err
    }
  }
  const stale = Object.keys(caller.resident?.demandsOn ?? {}).filter((d) => d !== day)
  const taken = await store.residents.updateWhere(
    { _id: caller.openid, [path(day)]: _.not(_.gte(MAX_SUBMISSIONS_PER_DAY)) },
    { [path(day)]: _.inc(1), ...Object.fromEntries(stale.map((d) => [path(d), _.remove()])) },
  )
  return taken === 1
}

/** Gives a use back when the demand it paid for was not written (a refusal, a retry that found its demand). */
export async function giveBackDemand(ctx: Ctx, day: string): Promise<void> {
  const { caller, store, _ } = ctx
  await store.residents.updateWhere({ _id: caller.openid, [path(day)]: _.gt(0) }, { [path(day)]: _.inc(-1) })
}
