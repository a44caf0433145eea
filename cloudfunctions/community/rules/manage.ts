/**
 * Who may manage which staff record (deactivate, assign blocks). Committee admins manage block heads and
 * admins of their own committee; officers manage any staff of their sub-district. Nobody deactivates
 * themselves (that would lock the last admin out by a slip of the finger).
 */
import type { StaffRole } from '../../../types/roles'

export interface StaffFacts {
  readonly openid: string
  readonly role: StaffRole
  readonly subdistrictId: string
  readonly committeeId?: string
}

export function canManage(actor: StaffFacts, target: StaffFacts): boolean {
  if (actor.role === 'officer') return target.subdistrictId === actor.subdistrictId
  if (actor.role === 'committeeAdmin') {
    return (
      target.committeeId !== undefined &&
      target.committeeId === actor.committeeId &&
      (target.role === 'blockHead' || target.role === 'committeeAdmin')
    )
  }
  return false
}
