/** get (诉求详情): the demand with its timeline and photos; for staff also similar open cases (可能重复). */
import { OPEN_STATUSES, type demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { notFound } from '../../shared/errors'
import { inScope } from '../rules/scope'
import { neighbourDetail, residentCommittees, visibleToNeighbour } from '../rules/public'
import { SUMMARY_FIELDS, toDetail, toSummary } from '../rules/view'
import { ownedBy, photoUrls } from '../photos'

export const get: Handler<typeof demandsContract.get> = async (input, ctx) => {
  const doc = await ctx.store.demands.get(input.id)
  if (!doc) throw notFound('没有找到这件诉求')
  if (!inScope(doc, ctx.caller, ctx.scope, ctx.now)) {
    // A neighbour's public case (or one the caller joined) reads masked; anything else stays unseen.
    const me = ctx.caller.openid
    const neighbour =
      ctx.role === 'resident' &&
      (visibleToNeighbour(doc, me, residentCommittees(ctx.caller.resident)) ||
        (doc.followers ?? []).includes(me))
    if (!neighbour) throw notFound('没有找到这件诉求')
    return neighbourDetail(doc, ctx.now, me)
  }
  const staff = ctx.role !== 'resident'
  const [urls, similar] = await Promise.all([
    // Only the author's own uploads are signed: a photo id stored by an older build, or planted, stays dark.
    photoUrls(
      ctx.cloud,
      doc.photos.filter((p) => ownedBy(p, doc.residentOpenid)),
    ),
    staff && ctx.scope !== 'subdistrict' && doc.blockId && !doc.duplicateOf
      ? ctx.store.demands.find(
          {
            committeeId: doc.committeeId,
            blockId: doc.blockId,
            category: doc.category,
            status: ctx._.in([...OPEN_STATUSES]),
            _id: ctx._.neq(doc._id),
          },
          { orderBy: [['submittedAt', 'desc']], limit: 5, fields: SUMMARY_FIELDS },
        )
      : Promise.resolve(undefined),
  ])
  return toDetail(doc, ctx.now, {
    staff,
    desk: ctx.role === 'officer',
    photoUrls: urls,
    similar: similar?.map((s) => toSummary(s, ctx.now, true)),
  })
}
