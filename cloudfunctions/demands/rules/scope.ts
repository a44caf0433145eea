/**
 * How far a caller reaches into demands (types/policy.ts): a resident their own, a block head the demands of
 * their blocks and those assigned to them, a committee admin the whole committee, an officer the cases of
 * their sub-district that reached the desk (街道督办台): escalated, or overdue by more than
 * `DESK_OVERDUE_HOURS`. Outside → NOT_FOUND.
 */
import { DESK_OVERDUE_HOURS, OPEN_STATUSES, type DemandDoc } from '../../../types/demands'
import type { Caller } from '../../shared/caller'
import type { Command } from '../../shared/cloud'
import type { Scope } from '../../../types/roles'
import { addHours, isOpen, toDate } from './sla'

type Scoped = Pick<
  DemandDoc,
  'residentOpenid' | 'committeeId' | 'subdistrictId' | 'blockId' | 'assigneeOpenid' | 'status' | 'dueAt'
> &
  Partial<Pick<DemandDoc, 'escalation'>>

/** On the sub-district desk at `now`: escalated (now or before), or open and overdue past the threshold. */
export function onDesk(d: Omit<Scoped, 'residentOpenid' | 'assigneeOpenid'>, now: Date): boolean {
  if (d.status === 'escalated' || d.escalation) return true
  return (
    isOpen(d.status) &&
    d.dueAt !== null &&
    toDate(d.dueAt).getTime() < addHours(now, -DESK_OVERDUE_HOURS).getTime()
  )
}

export function inScope(d: Scoped, caller: Caller, scope: Scope, now: Date = new Date()): boolean {
  if (scope === 'own') return d.residentOpenid === caller.openid
  const staff = caller.staff
  if (!staff) return false
  if (scope === 'subdistrict') return staff.subdistrictId === d.subdistrictId && onDesk(d, now)
  if (staff.committeeId !== d.committeeId) return false
  if (scope === 'committee') return true
  if (scope === 'blocks')
    return (
      d.assigneeOpenid === staff.openid || (d.blockId !== undefined && staff.blockIds.includes(d.blockId))
    )
  return false
}

/**
 * The same rule as query conditions to AND together, for lists. `committeeId` (or, for the desk,
 * `subdistrictId`) is a condition of its own, outside the `$or`, so an index narrows the query first.
 */
export function scopeConds(caller: Caller, scope: Scope, _: Command, now: Date): object[] {
  const staff = caller.staff!
  if (scope === 'subdistrict')
    return [
      { subdistrictId: staff.subdistrictId },
      _.or([
        { status: 'escalated' },
        { escalation: _.exists(true) },
        {
          status: _.in([...OPEN_STATUSES]),
          dueAt: _.lt(addHours(now, -DESK_OVERDUE_HOURS)),
        },
      ]) as object,
    ]
  if (scope === 'committee') return [{ committeeId: staff.committeeId }]
  return [
    { committeeId: staff.committeeId },
    _.or([{ blockId: _.in(staff.blockIds) }, { assigneeOpenid: staff.openid }]) as object,
  ]
}
