import { z } from 'zod'
import type { communityContract } from '../../../types/community'
import { lookupRows, lookupWhere } from '../../shared/data'
import { forbidden, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { withBlocks } from '../../shared/caller'
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
 * A block's head is stored on the block only, so a move is two writes to the blocks however many move —
 * the blocks the target gives up lose their head, the blocks wanted name the target (which takes them from
 * whoever held them) — after one aggregate that reads the committee's heads and blocks, and the audit lines.
 * Written in that order, a repeat finishes what a killed process left: the audit lines first (ids derived
 * from the request, so a repeat adds them once and they keep the state before the move), then the two
 * block updates, each idempotent; a repeat that finds the target's blocks already as wanted writes nothing.
 * Five requests with the caller.
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
        .lookup(
          lookupWhere(ctx.db, 'blocks', { committeeId: me.committeeId }, 'blocks', {
            limit: 1000,
            fields: { units: false },
          }),
        ),
    Committee,
  )
  if (!committee) throw forbidden()
  if (!wanted.every((id) => committee.blocks.some((b) => b._id === id)))
    throw notFound('有片区不属于本居委会')
  const heads = committee.heads.map((h) => withBlocks(h, committee.blocks))
  const target = heads.find((s) => s._id === input.openid)
  if (!target || !target.active || !canManage(me, target)) throw notFound('没有找到这位块长')

  const others = heads.filter((s) => s._id !== target._id && s.blockIds.some((b) => wanted.includes(b)))
  const plan = planAssignment(target, wanted, others)
  if (plan.blocks.size === 0) return { openid: input.openid, blockIds: wanted }
  // Without a request id (an older app) the move is named by its target and state before it.
  const move = input.clientRequestId
    ? derivedId(ctx.caller.openid, 'community.assignBlocks', input.clientRequestId)
    : derivedId('community.assignBlocks', target._id, wanted.join(','), target.blockIds.join(','))
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
  return { openid: input.openid, blockIds: wanted }
}
