/**
 * What the 组织架构 actions share: loading a committee, block or center inside the officer's sub-district
 * (anything outside reads as not found), the views, short ids that fit a QR code's scene, and audit entries.
 */
import { randomBytes } from 'node:crypto'
import type {
  AuditDoc,
  BlockDoc,
  CommitteeDoc,
  OrgBlockView,
  OrgCenterView,
  OrgCommitteeView,
} from '../../types/community'
import type { ServiceCenterDoc } from '../../types/bookings'
import { forbidden, notFound } from '../shared/errors'
import { derivedId, newId } from '../shared/ids'
import type { Ctx } from '../shared/router'
import { unitsOf } from './rules/org'

/**
 * 16 hex characters (64 bits): short enough that `c=<id>` and `b=<blockId>.<unit>` fit the 32-character scene
 * of a mini-program code; a retried create (same clientRequestId) derives the same id.
 */
export const shortId = (ctx: Ctx, purpose: string, clientRequestId?: string): string =>
  clientRequestId
    ? derivedId(ctx.caller.openid, purpose, clientRequestId).slice(0, 16)
    : randomBytes(8).toString('hex')
export const unitId = (): string => randomBytes(4).toString('hex')

export function officerSubdistrict(ctx: Ctx): string {
  const sd = ctx.caller.staff?.subdistrictId
  if (!sd) throw forbidden()
  return sd
}

export async function loadCommittee(ctx: Ctx, committeeId: string): Promise<CommitteeDoc> {
  const c = await ctx.store.committees.get(committeeId)
  if (!c || c.subdistrictId !== officerSubdistrict(ctx)) throw notFound('没有找到这个居委会')
  return c
}

export const committeeView = (c: CommitteeDoc): OrgCommitteeView => ({
  id: c._id,
  name: c.name,
  address: c.address,
  phone: c.phone || undefined,
  location: c.location,
  retired: c.retired === true,
})

export const blockView = (b: BlockDoc): OrgBlockView => ({
  id: b._id,
  committeeId: b.committeeId,
  name: b.name,
  retired: b.retired === true,
  buildings: unitsOf(b).map((u) => ({ id: u.id, name: u.name, rooms: u.rooms, retired: u.retired === true })),
})

export const centerView = (c: ServiceCenterDoc): OrgCenterView => ({
  id: c._id,
  name: c.name,
  address: c.address,
  phone: c.phone || undefined,
  location: c.location,
  retired: c.retired === true,
})

export function orgAudit(
  ctx: Ctx,
  action: string,
  subjectKind: AuditDoc['subjectKind'],
  subjectId: string,
  before: unknown,
  after: unknown,
): AuditDoc {
  return {
    _id: newId(),
    at: ctx.now,
    actorOpenid: ctx.caller.openid,
    action: `community.${action}`,
    subjectId,
    subjectKind,
    before: before ?? null,
    after: after ?? null,
  }
}
