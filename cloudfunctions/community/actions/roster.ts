import { z } from 'zod'
import type { communityContract } from '../../../types/community'
import { withBlocks } from '../../shared/caller'
import { lookupRows } from '../../shared/data'
import { forbidden, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { iso } from '../lib'
import { maskPhone } from '../rules/phone'
import { redeemability } from '../rules/invite'

/** The unit asked for with everything the page shows looked up beside it (absent lookups read as empty). */
const UnitRow = z
  .object({
    _id: z.string(),
    subdistrictId: z.string().optional(),
    staff: lookupRows('staff'),
    blocks: lookupRows('blocks'),
    /** Outside a committee: the blocks its block heads head (a block's head is stored on the block). */
    headOf: lookupRows('blocks'),
    invites: lookupRows('invites'),
    people: lookupRows('residents'),
  })
  .loose()

/** Code-point order, as the database sorts strings. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/**
 * 工作人员名单: a committee admin sees their committee's staff, blocks and open invitations; an officer the
 * whole sub-district's staff, or one committee's, or one service center's. Phones are masked.
 *
 * Two requests: the caller, then one aggregate on the unit itself (the committee, the center or the
 * sub-district) that checks it and looks up its staff, blocks and invitations, and the staff's resident
 * records for their phones. A unit's staff and invitations are tens to a few hundred documents; the open
 * invitations are picked and sorted here.
 */
export const roster: Handler<typeof communityContract.roster> = async (input, ctx) => {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  let unit:
    | { from: 'committees'; id: string; key: 'committeeId' }
    | { from: 'serviceCenters'; id: string; key: 'centerId' }
    | { from: 'subdistricts'; id: string; key: 'subdistrictId' }
  if (ctx.scope === 'committee') {
    if (!me.committeeId || (input.committeeId && input.committeeId !== me.committeeId) || input.centerId)
      throw notFound('没有找到这个居委会')
    unit = { from: 'committees', id: me.committeeId, key: 'committeeId' }
  } else if (input.centerId) unit = { from: 'serviceCenters', id: input.centerId, key: 'centerId' }
  else if (input.committeeId) unit = { from: 'committees', id: input.committeeId, key: 'committeeId' }
  else unit = { from: 'subdistricts', id: me.subdistrictId, key: 'subdistrictId' }

  const { staff: staffColl, blocks: blockColl, invites: inviteColl, residents } = ctx.store
  const lookup = (from: string, as: string, localField = '_id', foreignField: string = unit.key) => ({
    from,
    localField,
    foreignField,
    as,
  })
  const [row] = await ctx.store[unit.from].aggregate((p) => {
    let q = p.match({ _id: unit.id }).lookup(lookup(staffColl.name, 'staff'))
    q =
      unit.from === 'committees'
        ? q.lookup(lookup(blockColl.name, 'blocks'))
        : q.lookup(lookup(blockColl.name, 'headOf', 'staff._id', 'blockHeadOpenid'))
    return q
      .lookup(lookup(inviteColl.name, 'invites'))
      .lookup(lookup(residents.name, 'people', 'staff.openid', '_id'))
  }, UnitRow)
  // An officer reaches only their own sub-district's units; an admin's committee is theirs by the grant.
  if (
    !row ||
    (ctx.scope !== 'committee' && unit.from !== 'subdistricts' && row.subdistrictId !== me.subdistrictId)
  )
    throw notFound(unit.from === 'serviceCenters' ? '没有找到这个服务中心' : '没有找到这个居委会')
  const inScope = (d: { subdistrictId: string }) =>
    ctx.scope === 'committee' || d.subdistrictId === me.subdistrictId
  const phones = new Map(row.people.map((r) => [r._id, r.phone]))
  const headed = [...row.blocks, ...row.headOf]
  const staff = row.staff.filter(inScope).sort((a, b) => byText(a.role, b.role) || byText(a.name, b.name))
  return {
    staff: staff.map((s) => ({
      openid: s.openid,
      name: s.name,
      role: s.role,
      subdistrictId: s.subdistrictId,
      committeeId: s.committeeId,
      centerId: s.centerId,
      blockIds: withBlocks(s, headed).blockIds,
      active: s.active,
      phoneMasked: maskPhone(phones.get(s.openid)),
    })),
    blocks: row.blocks
      .sort((a, b) => byText(a._id, b._id))
      .map((b) => ({
        id: b._id,
        committeeId: b.committeeId,
        name: b.name,
        blockHeadOpenid: b.blockHeadOpenid,
      })),
    invites: row.invites
      .filter((i) => inScope(i) && i.status === 'open' && redeemability(i, ctx.now) === 'ok')
      .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime())
      .slice(0, 100)
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
