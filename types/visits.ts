/**
 * Zero-distance visits (零距离走访): family files, classes A/B/C, visit records.
 * The visits issue owns this file; `HouseholdDoc` is the base that community binding and demand routing read.
 */
import { z } from 'zod'
import { Id } from './common'

const DateLike = z.union([z.date(), z.string()])

/** Household class (家庭分类): A no home visits (online only), B normal, C special groups visited more often. */
export const HouseholdClass = z.enum(['A', 'B', 'C'])
export type HouseholdClass = z.infer<typeof HouseholdClass>

/** Tags of special groups (特殊群体标签); any of them suggests class C. */
export const MemberTag = z.enum(['独居老人', '孤老', '失独', '低保', '优抚对象', '残疾', '高龄', '困境儿童'])
export type MemberTag = z.infer<typeof MemberTag>

/** A household member (家庭成员). */
export const Member = z.object({
  name: z.string().min(1).max(20),
  relation: z.string().min(1).max(10),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  phone: z.string().optional(),
  tags: z.array(MemberTag).default([]),
})
export type Member = z.infer<typeof Member>

/** Preferred channel for class A (线上走访渠道). */
export const ContactChannel = z.enum(['phone', 'wechat', 'email'])

/** Family file (家庭档案). */
export const HouseholdDoc = z
  .object({
    _id: Id,
    committeeId: Id,
    blockId: Id,
    building: z.string(),
    room: z.string(),
    class: HouseholdClass,
    preferredChannel: ContactChannel.optional(),
    members: z.array(Member),
    notes: z.string().default(''),
    /** OPENIDs of residents whose binding the block head confirmed. */
    residentOpenids: z.array(z.string()).default([]),
    lastContactAt: DateLike.optional(),
    version: z.number().int().default(1),
    updatedAt: DateLike,
  })
  .loose()
export type HouseholdDoc = z.infer<typeof HouseholdDoc>
