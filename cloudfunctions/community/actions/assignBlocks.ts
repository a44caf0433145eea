import { z } from 'zod'
import type { communityContract } from '../../../types/community'
import { lookupRows, lookupWhere } from '../../shared/data'
import { forbidden, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import { auditDoc, staffSnapshot } from '../lib'
import { planAssignment } from '../rules/blocks'
import { canManage } from '../rules/manage'

/** The committee with its block heads and blocks looked up beside it. */
const Committee = z
  .object({ _id: z.string(), heads: lookupRows('staff'), blocks: lookupRows('blocks') })
  .loose()

/**
 * 分配片区: the admin sets a block head's blocks; blocks held by another head move over (audited).
 *
 * Instead of a transaction over the target, every block and every former head (13 requests for two blocks),
 * one aggregate reads the committee's block heads and blocks, and each side of the move is one request
 * however many blocks move, written in an order a repeat finishes: the audit lines (ids derived from the
 * move and the target's blocks before it, so a repeat adds them once), the former heads' lists (a pull),
 * the blocks released by the target, the blocks given to them, and last the target's own list — which is
 * what a repeat reads to plan the move again, so until it is written a repeat redoes every step (each one
 * idempotent), and once it is written there is nothing left to do.
 * Six requests with the caller; seven when the target gives up blocks and takes some from another head too.
 */
export const assignBlocks: Handler<typeof communityContract.assignBlocks> = async (input, ctx) => {
  const me = ctx.caller.staff
  if (!me?.committeeId) throw forbidden()
  const { _ } = ctx
  const wanted = [...new Set(input.blockIds)]
  const [committee] = await ctx.store.committees.aggregate(
    (p) =>
      p
        .match({ _id: me.committeeId })
        .lookup(
          lookupWhere(ctx.db, 'staff', { committeeId: me.committeeId, role: 'blockHead' }, 'heads', {
            limit: 1000,
          }),
        )
        .lookup(lookupWhere(ctx.db, 'blocks', { committeeId: me.committeeId }, 'blocks', { limit: 1000 })),
    Committee,
  )
  if (!committee) throw forbidden()
  if (!wanted.every((id) => committee.blocks.some((b) => b._id === id)))
    throw notFound('有片区不属于本居委会')
  const target = committee.heads.find((s) => s._id === input.openid)
  if (!target || !target.active || !canManage(me, target)) throw notFound('没有找到这位块长')

  const others = committee.heads.filter(
    (s) => s._id !== target._id && s.blockIds.some((b) => wanted.includes(b)),
  )
  const plan = planAssignment(target, wanted, others)
  const move = derivedId('community.assignBlocks', target._id, wanted.join(','), target.blockIds.join(','))
  const lines = [...plan.staff].map(([openid, blockIds]) => {
    const before = openid === target._id ? target : others.find((o) => o._id === openid)!
    const line = auditDoc(
      ctx,
      'assignBlocks',
      openid,
      staffSnapshot(before),
      staffSnapshot({ ...before, blockIds }),
    )
    return { ...line, _id: derivedId(move, openid) }
  })
  try {
    await ctx.store.audit.addMany(lines)
  } catch (err) {
    // Written by an earlier run of the same move: all of them, as one insert writes all or none.
    if (!isDuplicateKey(err)) throw err
  }
  const losing = others.filter((o) => plan.staff.has(o._id)).map((o) => o._id)
  if (losing.length > 0)
    await ctx.store.staff.updateWhere({ _id: _.in(losing) }, { blockIds: _.pullAll(wanted) })
  const released = [...plan.blocks].filter(([, head]) => head === undefined).map(([id]) => id)
  if (released.length > 0)
    await ctx.store.blocks.updateWhere(
      { _id: _.in(released), blockHeadOpenid: target._id },
      { blockHeadOpenid: _.remove() },
    )
  const given = [...plan.blocks].filter(([, head]) => head === target._id).map(([id]) => id)
  if (given.length > 0)
    await ctx.store.blocks.updateWhere(
      { _id: _.in(given), committeeId: me.committeeId },
      { blockHeadOpenid: target._id },
    )
  if (plan.staff.has(target._id)) await ctx.store.staff.update(target._id, { blockIds: wanted })
  return { openid: input.openid, blockIds: wanted }
}
