import { BlockDoc, CommitteeDoc, InviteDoc } from '../../../types/community'
import type { StaffRole } from '../../../types/roles'
import type { Ctx } from '../../shared/router'
import { getById } from '../../shared/db'
import { AppError, forbidden, invalid, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId, newId } from '../../shared/ids'
import { byIds, iso } from '../lib'
import { codeFromHex, decideInvite } from '../rules/invite'

interface Input {
  role: StaffRole
  committeeId?: string
  centerId?: string
  blockIds: string[]
  note?: string
  expiresInDays: number
  clientRequestId?: string
}

/** 邀请工作人员: a one-time code bound to role, committee (or center) and, for block heads, blocks. */
export async function invite(input: Input, ctx: Ctx) {
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
  const [committeeRaw, centerRaw, blocks] = await Promise.all([
    committeeId ? getById<unknown>(ctx.db, 'committees', committeeId) : null,
    input.centerId
      ? getById<{ _id: string; subdistrictId?: string }>(ctx.db, 'serviceCenters', input.centerId)
      : null,
    byIds(ctx.db, 'blocks', input.blockIds, BlockDoc),
  ])
  const committee = committeeRaw ? CommitteeDoc.parse(committeeRaw) : undefined
  const decision = decideInvite(
    { role: inviter.role, subdistrictId: inviter.subdistrictId, committeeId: inviter.committeeId },
    {
      role: input.role,
      committee: committee && { id: committee._id, subdistrictId: committee.subdistrictId },
      center: centerRaw?.subdistrictId
        ? { id: centerRaw._id, subdistrictId: centerRaw.subdistrictId }
        : undefined,
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
      await ctx.db.collection('invites').add({ data: doc })
      return view(doc)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      if (input.clientRequestId && attempt === 0) {
        const existing = InviteDoc.parse(await getById<unknown>(ctx.db, 'invites', code))
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
