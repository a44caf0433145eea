import type { communityContract, InviteDoc } from '../../../types/community'
import { AppError, forbidden, invalid, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId, newId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import { byIds, iso } from '../lib'
import { codeFromHex, decideInvite } from '../rules/invite'

/** 邀请工作人员: a one-time code bound to role, committee (or center) and, for block heads, blocks. */
export const invite: Handler<typeof communityContract.invite> = async (input, ctx) => {
  const inviter = ctx.caller.staff
  if (!inviter) throw forbidden()
  const committeeId =
    input.committeeId ??
    (inviter.role === 'committeeAdmin' && input.role !== 'windowClerk' && input.role !== 'officer'
      ? inviter.committeeId
      : undefined)
  if ((input.role === 'blockHead' || input.role === 'committeeAdmin') && !committeeId)
    throw invalid('committeeId', '请选择居委会')
  if (input.role === 'windowClerk' && !input.centerId) throw invalid('centerId', '请选择服务中心')
  const [committee, center, blocks] = await Promise.all([
    committeeId ? ctx.store.committees.get(committeeId) : null,
    input.centerId ? ctx.store.serviceCenters.get(input.centerId) : null,
    byIds(ctx.store.blocks, input.blockIds, ctx._),
  ])
  const decision = decideInvite(
    { role: inviter.role, subdistrictId: inviter.subdistrictId, committeeId: inviter.committeeId },
    {
      role: input.role,
      committee: committee ? { id: committee._id, subdistrictId: committee.subdistrictId } : undefined,
      center: center ? { id: center._id, subdistrictId: center.subdistrictId } : undefined,
      blockCommittees: input.blockIds.map((id) => blocks.find((b) => b._id === id)?.committeeId),
    },
  )
  if (!decision.ok) {
    if (decision.kind === 'notFound') throw notFound(decision.message)
    throw invalid(decision.path, decision.message)
  }

  const expiresAt = new Date(ctx.now.getTime() + input.expiresInDays * 86_400_000)
  for (let attempt = 0; attempt < 4; attempt++) {
    // A retried request derives the same code and collides with its first attempt.
    const code = codeFromHex(
      input.clientRequestId && attempt === 0
        ? derivedId(ctx.caller.openid, 'community.invite', input.clientRequestId)
        : newId(),
    )
    const doc: InviteDoc = {
      _id: code,
      code,
      role: input.role,
      subdistrictId: committee?.subdistrictId ?? inviter.subdistrictId,
      ...(input.role === 'blockHead' || input.role === 'committeeAdmin' ? { committeeId } : {}),
      ...(input.role === 'windowClerk' ? { centerId: input.centerId } : {}),
      blockIds: [...new Set(input.blockIds)],
      ...(input.note ? { note: input.note } : {}),
      createdBy: ctx.caller.openid,
      createdAt: ctx.now,
      expiresAt,
      status: 'open',
    }
    try {
      await ctx.store.invites.add(doc)
      return view(doc)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      if (input.clientRequestId && attempt === 0) {
        const existing = await ctx.store.invites.get(code)
        if (!existing) throw err
        if (existing.createdBy === ctx.caller.openid) return view(existing)
      }
    }
  }
  throw new AppError('CONFLICT', '生成邀请码失败，请再试一次')
}

function view(d: InviteDoc) {
  return {
    code: d.code,
    role: d.role,
    committeeId: d.committeeId,
    centerId: d.centerId,
    blockIds: d.blockIds,
    expiresAt: iso(d.expiresAt),
  }
}
