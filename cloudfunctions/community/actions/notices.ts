import { NoticeDoc, type NoticeView } from '../../../types/community'
import type { Ctx } from '../../shared/router'
import { findMany, getById } from '../../shared/db'
import { notFound } from '../../shared/errors'
import { committeesById, noticeView } from '../lib'
import { feedOrder, isVisible } from '../rules/notices'

/** 通知: the feed of the committees the caller follows; pinned first, expired hidden. */
export async function notices(
  input: { limit: number; committeeId?: string },
  ctx: Ctx,
): Promise<{ items: NoticeView[] }> {
  const followed = ctx.caller.resident?.committeeIds ?? []
  if (input.committeeId && !followed.includes(input.committeeId)) throw notFound('请先关注这个居委会')
  const ids = input.committeeId ? [input.committeeId] : followed
  if (ids.length === 0) return { items: [] }
  // Pinned first in the query too, so old pinned notices are not crowded out by many recent ones.
  const docs = (
    await findMany<unknown>(
      ctx.db,
      'notices',
      { committeeId: ctx._.in(ids) },
      {
        orderBy: [
          ['pinned', 'desc'],
          ['publishedAt', 'desc'],
        ],
        limit: 100,
      },
    )
  ).map((d) => NoticeDoc.parse(d))
  const shown = feedOrder(docs, ctx.now).slice(0, input.limit)
  const committees = await committeesById(ctx.db, ids)
  return { items: shown.map((n) => noticeView(n, committees.get(n.committeeId)?.name ?? '')) }
}

/** 通知详情: only of a followed committee, and only while it has not expired. */
export async function notice(input: { id: string }, ctx: Ctx): Promise<{ notice: NoticeView }> {
  const raw = await getById<unknown>(ctx.db, 'notices', input.id)
  const n = raw ? NoticeDoc.parse(raw) : null
  if (!n || !(ctx.caller.resident?.committeeIds ?? []).includes(n.committeeId))
    throw notFound('没有找到这条通知')
  if (!isVisible(n, ctx.now)) throw notFound('这条通知已过期')
  const committees = await committeesById(ctx.db, [n.committeeId])
  return { notice: noticeView(n, committees.get(n.committeeId)?.name ?? '') }
}
