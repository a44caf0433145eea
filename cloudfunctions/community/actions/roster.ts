import type { communityContract } from '../../../types/community'
import { forbidden, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { byIds, iso } from '../lib'
import { maskPhone } from '../rules/phone'
import { redeemability } from '../rules/invite'

/**
 * 工作人员名单: a committee admin sees their committee's staff, blocks and open invitations; an officer the
 * whole sub-district's staff, or one committee's, or one service center's. Phones are masked.
 */
export const roster: Handler<typeof communityContract.roster> = async (input, ctx) => {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  let where: { subdistrictId?: string; committeeId?: string; centerId?: string }
  let committeeId: string | undefined
  if (ctx.scope === 'committee') {
    if (!me.committeeId || (input.committeeId && input.committeeId !== me.committeeId) || input.centerId)
      throw notFound('没有找到这个居委会')
    committeeId = me.committeeId
    where = { committeeId }
  } else {
    if (input.centerId) {
      const c = await ctx.store.serviceCenters.get(input.centerId)
      if (!c || c.subdistrictId !== me.subdistrictId) throw notFound('没有找到这个服务中心')
      where = { subdistrictId: me.subdistrictId, centerId: input.centerId }
    } else if (input.committeeId) {
      const c = await ctx.store.committees.get(input.committeeId)
      if (!c || c.subdistrictId !== me.subdistrictId) throw notFound('没有找到这个居委会')
      committeeId = input.committeeId
      where = { subdistrictId: me.subdistrictId, committeeId }
    } else {
      where = { subdistrictId: me.subdistrictId }
    }
  }
  const [staff, blocks, invites] = await Promise.all([
    ctx.store.staff.find(where, {
      orderBy: [
        ['role', 'asc'],
        ['name', 'asc'],
      ],
      limit: 1000,
    }),
    committeeId
      ? ctx.store.blocks.find({ committeeId }, { orderBy: [['_id', 'asc']], limit: 1000 })
      : Promise.resolve([]),
    ctx.store.invites.find({ ...where, status: 'open' }, { orderBy: [['createdAt', 'desc']], limit: 100 }),
  ])
  const phones = new Map(
    (
      await byIds(
        ctx.store.residents,
        staff.map((s) => s.openid),
        ctx._,
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
    blocks: blocks.map((b) => ({
      id: b._id,
      committeeId: b.committeeId,
      name: b.name,
      blockHeadOpenid: b.blockHeadOpenid,
    })),
    invites: invites
      .filter((i) => redeemability(i, ctx.now) === 'ok')
      .map((i) => ({
        code: i.code,
        role: i.role,
        committeeId: i.committeeId,
        centerId: i.centerId,
        blockIds: i.blockIds,
        note: i.note,
        expiresAt: iso(i.expiresAt),
      })),
  }
}
