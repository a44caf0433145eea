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

/**
 * The same rule as query conditions to AND together, for lists. `committeeId` is a condition of its own,
 * outside the `$or`, so the committee's indexes narrow the query before the block test runs.
 */
export function scopeConds(
  caller: Caller,
  scope: Scope,
  _: { or(conds: object[]): unknown; in(v: unknown[]): unknown },
): object[] {
  const staff = caller.staff!
  if (scope === 'committee') return [{ committeeId: staff.committeeId }]
  return [
    { committeeId: staff.committeeId },
    _.or([{ blockId: _.in(staff.blockIds) }, { assigneeOpenid: staff.openid }]) as object,
  ]
}
