/**
 * Routing (派单): a demand goes to the block head (块长) the block it concerns names; a block without an active
 * block head falls to the committee admin. Pure: the caller loads the committee's staff and the block.
 */
import type { StaffDoc } from '../../../types/community'

export interface Route {
  readonly assignee: StaffDoc
}

export function route(
  staff: readonly StaffDoc[],
  committeeId: string,
  blockHeadOpenid: string | undefined,
): Route | null {
  const active = staff.filter((s) => s.active && s.committeeId === committeeId)
  const admins = active.filter((s) => s.role === 'committeeAdmin').sort((a, b) => a._id.localeCompare(b._id))
  const heads = active.filter((s) => s.role === 'blockHead')
  const named = blockHeadOpenid ? heads.find((s) => s._id === blockHeadOpenid) : undefined
  const assignee = named ?? admins[0]
  return assignee ? { assignee } : null
}

/**
 * Who hears of an escalation (值班): the sub-district's active officers marked on duty, or every active officer
 * of it when none is marked, so an escalation never reaches no one. OPENIDs, in a stable order.
 */
export function dutyOfficers(staff: readonly StaffDoc[], subdistrictId: string): string[] {
  const officers = staff.filter((s) => s.active && s.role === 'officer' && s.subdistrictId === subdistrictId)
  const onDuty = officers.filter((s) => s.onDuty)
  return (onDuty.length ? onDuty : officers).map((s) => s.openid).sort()
}
