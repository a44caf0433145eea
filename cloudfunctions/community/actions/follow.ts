import { CommitteeDoc } from '../../../types/community'
import type { Ctx } from '../../shared/router'
import { getById } from '../../shared/db'
import { notFound } from '../../shared/errors'
import { ensureResident } from '../lib'
import { committeeIdFromScene } from '../rules/scene'

/** 关注居委会: by id from the list, or by the `scene` of the committee's QR code. */
export async function follow(input: { committeeId?: string; scene?: string }, ctx: Ctx) {
  const id = input.committeeId ?? committeeIdFromScene(input.scene ?? '')
  const raw = id ? await getById<unknown>(ctx.db, 'committees', id) : null
  if (!raw) throw notFound('没有找到这个居委会，请重新扫码或在列表中选择')
  const committee = CommitteeDoc.parse(raw)
  const { doc } = await ensureResident(ctx)
  if (!doc.committeeIds.includes(committee._id)) {
    await ctx.db
      .collection('residents')
      .doc(ctx.caller.openid)
      .update({
        data: { committeeIds: ctx._.addToSet(committee._id), updatedAt: ctx.now },
      })
  }
  const committeeIds = doc.committeeIds.includes(committee._id)
    ? doc.committeeIds
    : [...doc.committeeIds, committee._id]
  return { committeeIds, committee: { id: committee._id, name: committee.name } }
}

/** 取消关注: bindings stay (the family file is still theirs); only the feed stops. */
export async function unfollow(input: { committeeId: string }, ctx: Ctx) {
  const doc = ctx.caller.resident
  if (!doc || !doc.committeeIds.includes(input.committeeId)) return { committeeIds: doc?.committeeIds ?? [] }
  await ctx.db
    .collection('residents')
    .doc(ctx.caller.openid)
    .update({
      data: { committeeIds: ctx._.pull(input.committeeId), updatedAt: ctx.now },
    })
  return { committeeIds: doc.committeeIds.filter((c) => c !== input.committeeId) }
}
