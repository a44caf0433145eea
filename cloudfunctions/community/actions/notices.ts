import type { communityContract, NoticeDoc } from '../../../types/community'
import { notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { committeesById, noticeView } from '../lib'
import { feedOrder, isVisible } from '../rules/notices'

/** 通知: the feed of the committees the caller follows; pinned first, expired hidden. */
export const notices: Handler<typeof communityContract.notices> = async (input, ctx) => {
  const followed = ctx.caller.resident?.committeeIds ?? []
  if (input.committeeId && !followed.includes(input.committeeId)) throw notFound('请先关注这个居委会')
  const ids = input.committeeId ? [input.committeeId] : followed
  if (ids.length === 0) return { items: [] }
  const [docs, committees] = await Promise.all([
    noticeFeed(ctx, ids, input.limit),
    committeesById(ctx.db, ids),
  ])
  return { items: docs.map((n) => noticeView(n, committees.get(n.committeeId)?.name ?? '')) }
}

/** The first `limit` notices of the committees `ids` as the feed shows them: one read. */
export async function noticeFeed(ctx: Ctx, ids: readonly string[], limit: number): Promise<NoticeDoc[]> {
  // Pinned first in the query too, so old pinned notices are not crowded out by many recent ones.
  const docs = await ctx.store.notices.find(
    { committeeId: ctx._.in([...ids]) },
    {
      orderBy: [
        ['pinned', 'desc'],
        ['publishedAt', 'desc'],
      ],
      limit: 100,
    },
  )
  return feedOrder(docs, ctx.now).slice(0, limit)
}

/** 通知详情: only of a followed committee, and only while it has not expired. */
export const notice: Handler<typeof communityContract.notice> = async (input, ctx) => {
  const n = await ctx.store.notices.get(input.id)
  if (!n || !(ctx.caller.resident?.committeeIds ?? []).includes(n.committeeId))
    throw notFound('没有找到这条通知')
  if (!isVisible(n, ctx.now)) throw notFound('这条通知已过期')
  const committees = await committeesById(ctx.db, [n.committeeId])
  return { notice: noticeView(n, committees.get(n.committeeId)?.name ?? '') }
}
