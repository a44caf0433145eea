import type { communityContract } from '../../../types/community'
import { forbidden } from '../../shared/errors'
import type { Handler } from '../../shared/router'

/**
 * 可选的单位: the committees and service centers an inviter picks from. An officer gets the whole
 * sub-district; a committee admin only their own committee (they invite nobody to a center).
 */
export const units: Handler<typeof communityContract.units> = async (_input, ctx) => {
  const me = ctx.caller.staff
  if (!me) throw forbidden()
  if (ctx.scope === 'committee') {
    const own = me.committeeId ? await ctx.store.committees.get(me.committeeId) : null
    return { committees: own ? [{ id: own._id, name: own.name }] : [], centers: [] }
  }
  const where = { subdistrictId: me.subdistrictId }
  const [committees, centers] = await Promise.all([
    ctx.store.committees.find(where, {
      orderBy: [['name', 'asc']],
      limit: 1000,
      fields: { name: true, retired: true },
    }),
    ctx.store.serviceCenters.find(where, {
      orderBy: [['name', 'asc']],
      limit: 1000,
      fields: { name: true, retired: true },
    }),
  ])
  // A retired committee or center (组织架构 → 撤销) gets no new staff.
  return {
    committees: committees.filter((c) => !c.retired).map((c) => ({ id: c._id, name: c.name })),
    centers: centers.filter((c) => !c.retired).map((c) => ({ id: c._id, name: c.name })),
  }
}
