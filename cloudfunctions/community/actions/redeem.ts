import {
  InviteDoc,
  type communityContract,
  type ResidentDoc,
  type StaffDoc,
  type StaffMember,
} from '../../../types/community'
import { withBlocks } from '../../shared/caller'
import { lookupRows, lookupWhere } from '../../shared/data'
import { conflict, isDuplicateKey, notFound, rateLimited } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Ctx, Handler } from '../../shared/router'
import { auditDoc, staffSnapshot, staffView } from '../lib'
import { planAssignment } from '../rules/blocks'
import { REDEEM_MESSAGES, redeemability } from '../rules/invite'
import { hourWindow, MAX_REDEEMS_PER_HOUR, tooOften } from '../rules/rate'

/**
 * The invitation with what redeeming it touches looked up beside it: the caller's resident and staff
 * records, the blocks it names with their current heads and every block those heads hold (for the audit of
 * what they lose), and its committee.
 */
const WithPeople = InviteDoc.extend({
  resident: lookupRows('residents'),
  mine: lookupRows('staff'),
  blocks: lookupRows('blocks'),
  heads: lookupRows('staff'),
  headsBlocks: lookupRows('blocks'),
  committee: lookupRows('committees'),
})

/**
 * 使用邀请码: the caller becomes staff with the invitation's role, committee and blocks.
 *
 * Instead of one transaction over invitation, staff, resident, blocks and their former heads (21 requests),
 * each step is one conditional or idempotent write, in an order where a retry finishes what a killed process
 * left and duplicates nothing:
 * 1. one aggregate reads the invitation with the caller's resident and staff records, the blocks it names
 *    and their heads — the router reads no caller record for this action (its grant is 'any'), as this read
 *    brings it;
 * 2. the attempt is counted on the caller's resident record (the hourly allowance against guessing codes,
 *    `redeemAttempts` by hour), in the same write that follows the invitation's committee — before anything
 *    about the code is answered;
 * 3. the invitation is claimed by one conditional update (`open` and unexpired → used by the caller): of two
 *    people racing for a code exactly one wins; a retry finds it used by the caller and carries on;
 * 4. the audit lines (ids derived from the code, so a retry adds them once), the blocks' head (which takes
 *    them from whoever held them: a block's head is stored on the block only) — then, last, the staff record,
 *    which says the redemption is done: a retry that finds it answers at once.
 * Five requests for a plain invitation, six for one naming blocks.
 */
export const redeem: Handler<typeof communityContract.redeem> = async (input, ctx) => {
  const openid = ctx.caller.openid
  const { _ } = ctx
  const [invite] = await ctx.store.invites.aggregate(
    (p) =>
      p
        .match({ _id: input.code })
        .lookup(lookupWhere(ctx.db, 'residents', { _id: openid }, 'resident', { limit: 1 }))
        .lookup(lookupWhere(ctx.db, 'staff', { _id: openid }, 'mine', { limit: 1 }))
        .lookup({ from: ctx.store.blocks.name, localField: 'blockIds', foreignField: '_id', as: 'blocks' })
        .lookup({
          from: ctx.store.staff.name,
          localField: 'blocks.blockHeadOpenid',
          foreignField: '_id',
          as: 'heads',
        })
        .lookup({
          from: ctx.store.blocks.name,
          localField: 'heads._id',
          foreignField: 'blockHeadOpenid',
          as: 'headsBlocks',
        })
        .lookup({
          from: ctx.store.committees.name,
          localField: 'committeeId',
          foreignField: '_id',
          as: 'committee',
        }),
    WithPeople,
  )
  const resident = invite ? (invite.resident[0] ?? null) : undefined
  const mine = invite?.mine[0]
  const before = mine ? withBlocks(mine, invite.blocks) : null
  const done = before?.active && before.inviteCode === invite?.code
  const state = invite ? redeemability(invite, ctx.now) : 'notFound'
  const mayUse = state === 'ok' || (state === 'used' && invite?.usedBy === openid)
  // Every attempt counts, right or wrong: a code must not be guessable by trying (MAX_REDEEMS_PER_HOUR).
  const follow = mayUse && !done && !before?.active ? invite?.committeeId : undefined
  if (!(await countAttempt(ctx, resident, follow))) throw rateLimited(tooOften(ctx.now))
  if (!invite) throw notFound(REDEEM_MESSAGES.notFound)
  // What the answer names, read with the invitation (a record of this code has the invitation's units).
  const view = (s: StaffMember) =>
    staffView(
      s,
      new Map(invite.committee.map((c) => [c._id, c])),
      new Map(invite.blocks.map((b) => [b._id, b])),
    )
  if (done) return { staff: view(before) }
  if (!mayUse) throw conflict(REDEEM_MESSAGES[state as 'used' | 'expired'], { reason: state })
  if (before?.active) throw conflict(REDEEM_MESSAGES.alreadyStaff, { reason: 'alreadyStaff' })

  if (state === 'ok') {
    const claimed = await ctx.store.invites.updateWhere(
      { _id: invite._id, status: 'open', expiresAt: _.gt(ctx.now) },
      { status: 'used', usedBy: openid, usedAt: ctx.now },
    )
    // Someone else's at this very moment (a retry of ours would have read it used by us).
    if (claimed === 0) throw conflict(REDEEM_MESSAGES.used, { reason: 'used' })
  }

  const wanted = invite.role === 'blockHead' ? [...new Set(invite.blockIds)] : []
  const record: StaffDoc = {
    _id: openid,
    openid,
    name: resident?.name ?? invite.note ?? before?.name ?? '工作人员',
    role: invite.role,
    subdistrictId: invite.subdistrictId,
    ...(invite.committeeId ? { committeeId: invite.committeeId } : {}),
    ...(invite.centerId ? { centerId: invite.centerId } : {}),
    active: true,
    since: ctx.now,
    inviteCode: invite.code,
    invitedBy: invite.createdBy,
  }
  const after: StaffMember = { ...record, blockIds: wanted }
  const formers = invite.heads.filter((h) => h._id !== openid).map((h) => withBlocks(h, invite.headsBlocks))
  const plan = planAssignment({ openid, blockIds: [] }, wanted, formers)
  const lines = [
    {
      ...auditDoc(ctx, 'redeem', openid, staffSnapshot(before), staffSnapshot(after)),
      _id: derivedId('community.redeem', invite.code),
    },
    ...formers.flatMap((f) => {
      const blockIds = plan.staff.get(f._id)
      if (!blockIds) return []
      const line = auditDoc(ctx, 'redeem', f._id, staffSnapshot(f), staffSnapshot({ ...f, blockIds }))
      return [{ ...line, _id: derivedId('community.redeem', invite.code, f._id) }]
    }),
  ]
  try {
    await ctx.store.audit.addMany(lines)
  } catch (err) {
    // Written by an earlier attempt: all of them, as one insert writes all or none.
    if (!isDuplicateKey(err)) throw err
  }
  if (wanted.length > 0)
    await ctx.store.blocks.updateWhere(
      { _id: _.in(wanted), committeeId: invite.committeeId },
      { blockHeadOpenid: openid },
    )
  const { _id, ...fields } = record
  // `set` replaces the whole record: nothing of an earlier, deactivated role survives.
  await ctx.store.staff.set(openid, fields)
  return { staff: view(after) }
}

/**
 * Counts one attempt in the caller's hour on their resident record, and follows `committeeId` in the same
 * write; false when the hour's attempts are used up. The condition and the increment are one update, so
 * attempts at once cannot pass the limit together; the hours before this one are dropped in it too.
 * `resident` is undefined when the code matched nothing, so the read brought no record: then the count is
 * tried first and the record made only when there is none (someone new guessing).
 */
async function countAttempt(
  ctx: Ctx,
  resident: ResidentDoc | null | undefined,
  committeeId: string | undefined,
): Promise<boolean> {
  const { _ } = ctx
  const openid = ctx.caller.openid
  const hour = hourWindow(ctx.now)
  const path = `redeemAttempts.${hour}`
  const old = Object.keys(resident?.redeemAttempts ?? {}).filter((h) => h !== hour)
  const patch = {
    [path]: _.inc(1),
    ...Object.fromEntries(old.map((h) => [`redeemAttempts.${h}`, _.remove()])),
    ...(committeeId ? { committeeIds: _.addToSet(committeeId) } : {}),
  }
  const count = () =>
    ctx.store.residents.updateWhere(
      _.and([{ _id: openid }, _.or([{ [path]: _.lt(MAX_REDEEMS_PER_HOUR) }, { [path]: _.exists(false) }])]),
      patch,
    )
  if (resident) return (await count()) === 1
  if (resident === undefined && (await count()) === 1) return true
  try {
    // The first call of someone new: their record, with this attempt in it.
    await ctx.store.residents.add({
      _id: openid,
      openid,
      committeeIds: committeeId ? [committeeId] : [],
      households: [],
      createdAt: ctx.now,
      redeemAttempts: { [hour]: 1 },
    })
    return true
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    // There already (another attempt of theirs made it, or the hour's attempts are used up): count on it.
    return (await count()) === 1
  }
}
