import type { CommitteeDoc, communityContract, NoticeDoc } from '../../../types/community'
import { templateId } from '../../../types/messages'
import { forbidden, invalid, isDuplicateKey, rateLimited } from '../../shared/errors'
import { derivedId, newId } from '../../shared/ids'
import { giveBack, take } from '../../shared/limits'
import { enqueue } from '../../shared/outbox'
import type { Ctx, Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { byIds, noticeView } from '../lib'
import { hourWindow, MAX_NOTICES_PER_HOUR, tooOften } from '../rules/rate'

/**
 * 发布通知: a committee admin publishes to the committee's followers; with `push`, followers who granted
 * the 社区通知 template also get a subscribe message through the outbox (one per follower, ever).
 */
export const publishNotice: Handler<typeof communityContract.publishNotice> = async (input, ctx) => {
  const staff = ctx.caller.staff
  if (!staff?.committeeId) throw forbidden()
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
  if (expiresAt && expiresAt.getTime() <= ctx.now.getTime()) throw invalid('expiresAt', '到期时间要晚于现在')
  const committee = await ctx.store.committees.get(staff.committeeId)
  if (!committee) throw forbidden()
  // Every notice can push to every follower: an admin's hour holds MAX_NOTICES_PER_HOUR, taken atomically.
  const allowance = {
    kind: 'community.publishNotice',
    openid: ctx.caller.openid,
    window: hourWindow(ctx.now),
    max: MAX_NOTICES_PER_HOUR,
  }
  if (!(await take(ctx.store, allowance, ctx.now))) throw rateLimited(tooOften(ctx.now))

  const id = input.clientRequestId
    ? derivedId(ctx.caller.openid, 'community.publishNotice', input.clientRequestId)
    : newId()
  const doc: NoticeDoc = {
    _id: id,
    committeeId: committee._id,
    subdistrictId: committee.subdistrictId,
    title: input.title,
    body: input.body,
    images: input.images,
    pinned: input.pinned,
    expiresAt,
    publishedAt: ctx.now,
    authorOpenid: ctx.caller.openid,
    authorName: staff.name,
  }
  let notice = doc
  try {
    await ctx.store.notices.add(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    // A retry publishes nothing new, so it spends nothing.
    await giveBack(ctx.store, allowance)
    // A retry: answer with what the first attempt wrote, then finish its pushes (deduplicated by key).
    const first = await ctx.store.notices.get(id)
    if (!first) throw err
    notice = first
  }
  const pushed = input.push ? await pushToFollowers(ctx, notice, committee) : 0
  return { notice: noticeView(notice, committee.name), pushed }
}

async function pushToFollowers(ctx: Ctx, notice: NoticeDoc, committee: CommitteeDoc): Promise<number> {
  const tid = templateId('noticePublished', process.env)
  if (!tid) return 0
  // Start from the few who granted the template, not from every follower.
  const grants = await ctx.store.subscriptions.find(
    { templateId: tid, remaining: ctx._.gt(0) },
    { limit: 1000 },
  )
  const followers = (
    await byIds(
      ctx.store.residents,
      grants.map((g) => g.openid),
      ctx._,
    )
  ).filter((r) => r.committeeIds.includes(committee._id))
  // `tz` is the plugin shared/stats registers, with the business day's time zone.
  const when = shanghaiTime(notice.publishedAt)
  return enqueue(
    ctx.db,
    followers.map((r) => ({
      dedupeKey: `notice:${notice._id}:${r.openid}`,
      touser: r.openid,
      templateKey: 'noticePublished' as const,
      page: `community/pages/notice/index?id=${notice._id}`,
      data: { thing1: notice.title, thing2: committee.name, time3: when },
    })),
    ctx.now,
  )
}
