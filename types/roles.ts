import { z } from 'zod'

/**
 * Who a caller is. Every WeChat user is a `resident`; staff roles come from a `staff` record granted by
 * invitation.
 * - resident 居民 · blockHead 块长 · committeeAdmin 居委会管理员（书记/主任）
 * - windowClerk 受理窗口工作人员（社区事务受理服务中心）· officer 街道办工作人员
 */
export const Role = z.enum(['resident', 'blockHead', 'committeeAdmin', 'windowClerk', 'officer'])
export type Role = z.infer<typeof Role>
export const STAFF_ROLES = ['blockHead', 'committeeAdmin', 'windowClerk', 'officer'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]

export const ROLE_LABEL: Record<Role, string> = {
  resident: '居民',
  blockHead: '块长',
  committeeAdmin: '居委会管理员',
  windowClerk: '窗口工作人员',
  officer: '街道工作人员',
}

/**
 * How far an allowed call reaches.
 * - any: public reference data (committee list, business items) — no personal data
 * - own: the caller's own records
 * - blocks: the blocks assigned to the block head
 * - committee: the staff member's committee
 * - center: the window clerk's service center
 * - subdistrict: aggregates of the officer's sub-district, never individual family files
 */
export const Scope = z.enum(['any', 'own', 'blocks', 'committee', 'center', 'subdistrict'])
export type Scope = z.infer<typeof Scope>
