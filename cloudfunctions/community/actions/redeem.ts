import { InviteDoc, ResidentDoc, StaffDoc, type StaffView } from '../../../types/community'
import type { Ctx } from '../../shared/router'
import { conflict, notFound } from '../../shared/errors'
import { auditDoc, ensureResident, loadStaffView, staffSnapshot, transact, txGet } from '../lib'
import { REDEEM_MESSAGES, redeemability } from '../rules/invite'
import { moveBlocks } from '../staffing'

/**
 * 使用邀请码: the caller becomes staff with the invitation's role, committee and blocks. The code is used
 * once: reading it, marking it used and writing the staff record commit together, so two people racing
 * for one code cannot both win.
 */
export async function redeem(input: { code: string }, ctx: Ctx): Promise<{ staff: StaffView }> {
  await ensureResident(ctx)
  const openid = ctx.caller.openid
  const staff = await transact(ctx.db, async (tx) => {
    const invite = await txGet(tx, 'invites', input.code, InviteDoc)
    if (!invite) throw notFound(REDEEM_MESSAGES.notFound)
    const state = redeemability(invite, ctx.now)
    if (state !== 'ok') throw conflict(REDEEM_MESSAGES[state], { reason: state })
    const before = await txGet(tx, 'staff', openid, StaffDoc)
    if (before?.active) throw conflict(REDEEM_MESSAGES.alreadyStaff, { reason: 'alreadyStaff' })
    const resident = await txGet(tx, 'residents', openid, ResidentDoc)

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
    await tx.collection('staff').doc(openid).set({ data: fields })
    await tx
      .collection('invites')
      .doc(invite._id)
      .update({ data: { status: 'used', usedBy: openid, usedAt: ctx.now } })
    await tx
      .collection('audit')
      .add({ data: auditDoc(ctx, 'redeem', openid, staffSnapshot(before), staffSnapshot(after)) })
    if (invite.role === 'blockHead' && invite.blockIds.length > 0) {
      await moveBlocks(tx, ctx, after, invite.blockIds, 'redeem')
    }
    if (invite.committeeId && resident && !resident.committeeIds.includes(invite.committeeId)) {
      await tx
        .collection('residents')
        .doc(openid)
        .update({ data: { committeeIds: [...resident.committeeIds, invite.committeeId] } })
    }
    return { ...after, blockIds: invite.role === 'blockHead' ? [...new Set(invite.blockIds)] : [] }
  })
  return { staff: await loadStaffView(ctx.db, staff) }
}
