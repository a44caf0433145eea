/**
 * How far a caller reaches into demands (types/policy.ts): a resident their own, a block head the demands of
 * their blocks and those assigned to them, a committee admin the whole committee. Outside → NOT_FOUND.
 */
import type { DemandDoc } from '../../../types/demands'
import type { Caller } from '../../shared/caller'
import type { Scope } from '../../../types/roles'

export function inScope(
  d: Pick<DemandDoc, 'residentOpenid' | 'committeeId' | 'blockId' | 'assigneeOpenid'>,
  caller: Caller,
  scope: Scope,
): boolean {
  if (scope === 'own') return d.residentOpenid === caller.openid
  const staff = caller.staff
  if (!staff || staff.committeeId !== d.committeeId) return false
  if (scope === 'committee') return true
  if (scope === 'blocks')
    return (
      d.assigneeOpenid === staff.openid || (d.blockId !== undefined && staff.blockIds.includes(d.blockId))
    )
  return false
}

/** The same rule as a query condition, for lists. */
export function scopeWhere(
  caller: Caller,
  scope: Scope,
  _: { or(conds: object[]): unknown; in(v: unknown[]): unknown },
): Record<string, unknown> | unknown {
  const staff = caller.staff!
  if (scope === 'committee') return { committeeId: staff.committeeId }
  return _.or([
    { committeeId: staff.committeeId, blockId: _.in(staff.blockIds) },
    { committeeId: staff.committeeId, assigneeOpenid: staff.openid },
  ])
}
