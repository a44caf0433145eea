import { BlockDoc, CommitteeDoc, InviteDoc, ResidentDoc, StaffDoc } from '../../../types/community'
import type { Ctx } from '../../shared/router'
import { findMany, getById } from '../../shared/db'
import { forbidden, notFound } from '../../shared/errors'
import { byIds, iso } from '../lib'
import { maskPhone } from '../rules/phone'
import { redeemability } from '../rules/invite'

/**
 * 工作人员名单: a committee admin sees their committee's staff, blocks and open invitations; an officer the
 * whole sub-district's staff (optionally one committee). Phones are masked.
 */
export async function roster(input: { committeeId?: string }, ctx: Ctx) {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  let where: Record<string, unknown>
  let committeeId: string | undefined
  if (ctx.scope === 'committee') {
    if (!me.committeeId || (input.committeeId && input.committeeId !== me.committeeId))
      throw notFound('没有找到这个居委会')
    committeeId = me.committeeId
    where = { committeeId }
  } else {
    if (input.committeeId) {
      const c = await getById<unknown>(ctx.db, 'committees', input.committeeId)
      if (!c || CommitteeDoc.parse(c).subdistrictId !== me.subdistrictId) throw notFound('没有找到这个居委会')
      committeeId = input.committeeId
      where = { subdistrictId: me.subdistrictId, committeeId }
    } else {
      where = { subdistrictId: me.subdistrictId }
    }
  }
  const [staffDocs, blockDocs, inviteDocs] = await Promise.all([
    findMany<unknown>(ctx.db, 'staff', where, {
      orderBy: [
        ['role', 'asc'],
        ['name', 'asc'],
      ],
      limit: 1000,
    }),
    committeeId
      ? findMany<unknown>(ctx.db, 'blocks', { committeeId }, { orderBy: [['_id', 'asc']], limit: 1000 })
      : Promise.resolve([]),
    findMany<unknown>(
      ctx.db,
      'invites',
      { ...where, status: 'open' },
      { orderBy: [['createdAt', 'desc']], limit: 100 },
    ),
  ])
  const staff = staffDocs.map((s) => StaffDoc.parse(s))
  const phones = new Map(
    (
      await byIds(
        ctx.db,
        'residents',
        staff.map((s) => s.openid),
        ResidentDoc,
      )
    ).map((r) => [r._id, r.phone]),
  )
  return {
    staff: staff.map((s) => ({
      openid: s.openid,
      name: s.name,
      role: s.role,
      subdistrictId: s.subdistrictId,
      committeeId: s.committeeId,
      centerId: s.centerId,
      blockIds: s.blockIds,
      active: s.active,
      phoneMasked: maskPhone(phones.get(s.openid)),
    })),
    blocks: blockDocs.map((raw) => {
      const b = BlockDoc.parse(raw)
      return { id: b._id, committeeId: b.committeeId, name: b.name, blockHeadOpenid: b.blockHeadOpenid }
    }),
    invites: inviteDocs
      .map((raw) => InviteDoc.parse(raw))
      .filter((i) => redeemability(i, ctx.now) === 'ok')
      .map((i) => ({
        code: i.code,
        role: i.role,
        committeeId: i.committeeId,
        blockIds: i.blockIds,
        note: i.note,
        expiresAt: iso(i.expiresAt),
      })),
  }
}
