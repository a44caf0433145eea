import type { communityContract } from '../../../types/community'
import { readActiveStaff, rolesOf } from '../../shared/caller'
import type { Handler } from '../../shared/router'
import { bindingView, blocksById, committeesById, ensureResident, noticeView, staffView } from '../lib'
import { noticeFeed } from './notices'

/**
 * 我的: the first call creates the resident from the OPENID; the app shows 工作台 when `staff` is set. With
 * `notices` (the home page) the feed of the followed committees comes too, read beside the names.
 */
export const me: Handler<typeof communityContract.me> = async (input, ctx) => {
  const [{ doc, created }, staff] = await Promise.all([
    ensureResident(ctx),
    readActiveStaff(ctx.db, ctx.caller.openid),
  ])
  const committeeIds = [...doc.committeeIds, ...doc.households.map((h) => h.committeeId)]
  if (staff?.committeeId) committeeIds.push(staff.committeeId)
  const blockIds = [...doc.households.map((h) => h.blockId ?? ''), ...(staff?.blockIds ?? [])].filter(Boolean)
  const feed = input.notices && doc.committeeIds.length > 0 ? input.notices : 0
  const [committees, blocks, notices] = await Promise.all([
    committeesById(ctx.db, committeeIds),
    blocksById(ctx.db, blockIds),
    feed ? noticeFeed(ctx, doc.committeeIds, feed) : undefined,
  ])
  return {
    openid: ctx.caller.openid,
    created,
    profile: { name: doc.name, phone: doc.phone },
    committees: doc.committeeIds.flatMap((id) => {
      const c = committees.get(id)
      return c ? [{ id: c._id, name: c.name, address: c.address, phone: c.phone }] : []
    }),
    bindings: doc.households.map((b) => bindingView(b, committees, blocks)),
    roles: rolesOf(staff),
    staff: staff ? staffView(staff, committees, blocks) : null,
    ...(notices
      ? { notices: notices.map((n) => noticeView(n, committees.get(n.committeeId)?.name ?? '')) }
      : {}),
  }
}
