import type { communityContract, StaffDoc } from '../../../types/community'
import { transaction } from '../../shared/data'
import { conflict, notFound, rateLimited } from '../../shared/errors'
import { take } from '../../shared/limits'
import type { Handler } from '../../shared/router'
import { auditDoc, ensureResident, loadStaffView, staffSnapshot } from '../lib'
import { REDEEM_MESSAGES, redeemability } from '../rules/invite'
import { hourWindow, MAX_REDEEMS_PER_HOUR, tooOften } from '../rules/rate'
import { moveBlocks } from '../staffing'

/**
 * 使用邀请码: the caller becomes staff with the invitation's role, committee and blocks. The code is used
 * once: reading it, marking it used and writing the staff record commit together, so two people racing
 * for one code cannot both win.
 */
export const redeem: Handler<typeof communityContract.redeem> = async (input, ctx) => {
  await ensureResident(ctx)
  const openid = ctx.caller.openid
  // Every attempt counts, right or wrong: a code must not be guessable by trying (MAX_REDEEMS_PER_HOUR).
  const allowance = {
    kind: 'community.redeem',
    openid,
    window: hourWindow(ctx.now),
    max: MAX_REDEEMS_PER_HOUR,
  }
  if (!(await take(ctx.store, allowance, ctx.now))) throw rateLimited(tooOften(ctx.now))
  const staff = await transaction(ctx.db, async (tx) => {
    const invite = await tx.invites.get(input.code)
    if (!invite) throw notFound(REDEEM_MESSAGES.notFound)
    const state = redeemability(invite, ctx.now)
    if (state !== 'ok') throw conflict(REDEEM_MESSAGES[state], { reason: state })
    const before = await tx.staff.get(openid)
    if (before?.active) throw conflict(REDEEM_MESSAGES.alreadyStaff, { reason: 'alreadyStaff' })
    const resident = await tx.residents.get(openid)

    const after: StaffDoc = {
      _id: openid,
      openid,
      name: resident?.name ?? invite.note ?? before?.name ?? '工作人员',
      role: invite.role,
      subdistrictId: invite.subdistrictId,
      ...(invite.committeeId ? { committeeId: invite.committeeId } : {}),
      ...(invite.centerId ? { centerId: invite.centerId } : {}),
      blockIds: [],
      active: true,
      since: ctx.now,
      inviteCode: invite.code,
      invitedBy: invite.createdBy,
    }
    const { _id, ...fields } = after
    // `set` replaces the whole record: nothing of an earlier, deactivated role survives.
    await tx.staff.set(openid, fields)
    await tx.invites.update(invite._id, { status: 'used', usedBy: openid, usedAt: ctx.now })
    await tx.audit.add(auditDoc(ctx, 'redeem', openid, staffSnapshot(before), staffSnapshot(after)))
    if (invite.role === 'blockHead' && invite.blockIds.length > 0) {
      await moveBlocks(tx, ctx, after, invite.blockIds, 'redeem')
    }
    if (invite.committeeId && resident && !resident.committeeIds.includes(invite.committeeId)) {
      await tx.residents.update(openid, { committeeIds: [...resident.committeeIds, invite.committeeId] })
    }
    return { ...after, blockIds: invite.role === 'blockHead' ? [...new Set(invite.blockIds)] : [] }
  })
  return { staff: await loadStaffView(ctx.db, staff) }
}
