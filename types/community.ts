/**
 * Community (社区): residents, committees, blocks, staff and notices.
 * The community issue owns this file; the documents below are what every function's caller lookup reads.
 */
import { z } from 'zod'
import { action } from './contract'
import { Id, Phone } from './common'

const DateLike = z.union([z.date(), z.string()])

/** A household binding request (绑定家庭): waits for the block head's confirmation. */
export const HouseholdBinding = z.object({
  committeeId: Id,
  householdId: Id,
  status: z.enum(['pending', 'confirmed', 'declined']),
  requestedAt: DateLike,
})
export type HouseholdBinding = z.infer<typeof HouseholdBinding>

/** Resident (居民): every WeChat user; `_id` is the OPENID. */
export const ResidentDoc = z
  .object({
    _id: z.string(),
    openid: z.string(),
    name: z.string().optional(),
    phone: Phone.optional(),
    /** Committees followed (关注的居委会). */
    committeeIds: z.array(Id).default([]),
    households: z.array(HouseholdBinding).default([]),
    createdAt: DateLike,
  })
  .loose()
export type ResidentDoc = z.infer<typeof ResidentDoc>

/** Staff member (工作人员): `_id` is the OPENID; granted by invitation, deactivated rather than deleted. */
export const StaffDoc = z
  .object({
    _id: z.string(),
    openid: z.string(),
    name: z.string(),
    role: z.enum(['blockHead', 'committeeAdmin', 'windowClerk', 'officer']),
    subdistrictId: Id,
    committeeId: Id.optional(),
    centerId: Id.optional(),
    /** Blocks (片区) a block head covers. */
    blockIds: z.array(Id).default([]),
    active: z.boolean(),
  })
  .loose()
export type StaffDoc = z.infer<typeof StaffDoc>

/** Sub-district (街道): the office that supervises its committees. */
export const SubdistrictDoc = z.object({ _id: Id, name: z.string() }).loose()
export type SubdistrictDoc = z.infer<typeof SubdistrictDoc>

/** Neighborhood committee (居委会). */
export const CommitteeDoc = z
  .object({
    _id: Id,
    subdistrictId: Id,
    name: z.string(),
    address: z.string(),
    phone: z.string().optional(),
    /** Pinyin initials for search (拼音首字母). */
    pinyin: z.string().optional(),
  })
  .loose()
export type CommitteeDoc = z.infer<typeof CommitteeDoc>

/** Block (片区/小区): the unit a block head (块长) covers. */
export const BlockDoc = z
  .object({
    _id: Id,
    committeeId: Id,
    name: z.string(),
    buildings: z.array(z.string()),
    /** The block head assigned; the committee admin covers a block without one. */
    blockHeadOpenid: z.string().optional(),
  })
  .loose()
export type BlockDoc = z.infer<typeof BlockDoc>

export const communityContract = {
  committees: action(
    z.object({ keyword: z.string().max(20).optional() }),
    z.object({ items: z.array(z.object({ id: Id, name: z.string(), address: z.string() })) }),
  ),
} as const
