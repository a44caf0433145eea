import { z } from 'zod'
import type { communityContract, NoticeDoc } from '../../../types/community'
import { templateId } from '../../../types/messages'
import { leftForTheSweep, lookupRows, lookupWhere } from '../../shared/data'
import { forbidden, invalid, isDuplicateKey, rateLimited } from '../../shared/errors'
import { derivedId, newId } from '../../shared/ids'
import { giveBack, take } from '../../shared/limits'
import { messageDoc } from '../../shared/outbox'
import type { Handler } from '../../shared/router'
import { shanghaiTime } from '../../shared/stats'
import { noticeView } from '../lib'
import { hourWindow, MAX_NOTICES_PER_HOUR, tooOften } from '../rules/rate'

/** Followers a notice can reach at most: one insert request carries their messages. */
const MAX_PUSH = 1000

/**
 * 发布通知: a committee admin publishes to the committee's followers; with `push`, followers who granted
 * the 社区通知 template also get a subscribe message through the outbox (one per follower, ever).
 *
 * At most six requests however many follow: the caller; one aggregate for the committee with, looked up
 * beside it, this request's notice if an earlier attempt wrote it and the grants of the template with their
 * holders' records; the admin's hourly allowance (two on the hour's first notice); the notice; and every
 * message in one insert. The messages are left `pending` for the outbox sweep (within 10 minutes) rather than
 * sent before the answer, which would cost a request per follower. A retry finds its notice in the aggregate
 * and takes no allowance; its messages' insert meets the first attempt's (same ids, all or none) and adds
 * nothing — or, if a killed process never wrote them, writes them now.
 */
export const publishNotice: Handler<typeof communityContract.publishNotice> = async (input, ctx) => {
  const staff = ctx.caller.staff
  if (!staff?.committeeId) throw forbidden()
  const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null
  if (expiresAt && expiresAt.getTime() <= ctx.now.getTime()) throw invalid('expiresAt', '到期时间要晚于现在')
  const id = input.clientRequestId
    ? derivedId(ctx.caller.openid, 'community.publishNotice', input.clientRequestId)
    : newId()
  const tid = input.push ? templateId('noticePublished', process.env) : undefined
  const { _ } = ctx
  const [committee] = await ctx.store.committees.aggregate((p) => {
    let q = p
      .match({ _id: staff.committeeId })
      .lookup(lookupWhere(ctx.db, 'notices', { _id: id }, 'earlier', { limit: 1 }))
    // Start from the few who granted the template, not from every follower.
    if (tid)
      q = q
        .lookup(
          lookupWhere(ctx.db, 'subscriptions', { templateId: tid, remaining: _.gt(0) }, 'grants', {
            limit: MAX_PUSH,
          }),
        )
        .lookup({
          from: ctx.store.residents.name,
          localField: 'grants.openid',
          foreignField: '_id',
          as: 'holders',
        })
    return q
  }, WithFollowers)
  if (!committee) throw forbidden()

  let notice: NoticeDoc | undefined = committee.earlier[0]
  if (!notice) {
    // Every notice can push to every follower: an admin's hour holds MAX_NOTICES_PER_HOUR, taken atomically.
    const allowance = {
      kind: 'community.publishNotice',
      openid: ctx.caller.openid,
      window: hourWindow(ctx.now),
      max: MAX_NOTICES_PER_HOUR,
    }
    if (!(await take(ctx.store, allowance, ctx.now))) throw rateLimited(tooOften(ctx.now))
    notice = {
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
    try {
      await ctx.store.notices.add(notice)
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // The same request, at the same moment, got there first: it publishes; this one spends nothing.
      await giveBack(ctx.store, allowance)
    }
  }

  const followers = committee.holders.filter((r) => r.committeeIds.includes(committee._id))
  // `tz` is the plugin shared/stats registers, with the business day's time zone.
  const when = shanghaiTime(notice.publishedAt)
  const msgs = followers.map((r) =>
    messageDoc(
      {
        dedupeKey: `notice:${notice._id}:${r.openid}`,
        touser: r.openid,
        templateKey: 'noticePublished',
        page: `community/pages/notice/index?id=${notice._id}`,
        data: { thing1: notice.title, thing2: committee.name, time3: when },
      },
      ctx.now,
    ),
  )
  let pushed = 0
  try {
    pushed = (await leftForTheSweep(() => ctx.store.messages.addMany(msgs))).length
  } catch (err) {
    // Written by an earlier attempt of this request: all of them, as one insert writes all or none.
    if (!isDuplicateKey(err)) throw err
  }
  return { notice: noticeView(notice, committee.name), pushed }
}

const WithFollowers = z
  .object({
    _id: z.string(),
    name: z.string(),
    subdistrictId: z.string(),
    earlier: lookupRows('notices'),
    holders: lookupRows('residents'),
  })
  .loose()
