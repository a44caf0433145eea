/**
 * Neighbours and public cases (公开诉求):
 * - similar (附近已有类似问题): before submitting, the open public cases of the resident's committees whose
 *   words are like theirs. Requests: caller (1) + one projected query (1).
 * - join (我也遇到了): follow a neighbour's public case instead of filing a duplicate — counted, and its
 *   updates reach the joiner. One conditional update does it, so a resident joins once however often they
 *   tap or retry: caller (1) + the update (1) + reading the case back (1).
 */
import { OPEN_STATUSES, type demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { conflict, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { neighbourDetail, residentCommittees, similarCases, visibleToNeighbour } from '../rules/public'
import { toDetail } from '../rules/view'
import { isOpen } from '../rules/sla'
import { segmenter } from '../segment'
import { actorOf } from '../store'

/** Open public cases looked at for the hint: the newest of the resident's committees. */
const SIMILAR_POOL = 300

export const similar: Handler<typeof demandsContract.similar> = async (input, ctx) => {
  const { _ } = ctx
  const committees = residentCommittees(ctx.caller.resident)
  const wanted = input.location?.committeeId
  const scope = wanted && committees.includes(wanted) ? [wanted] : committees
  if (scope.length === 0) return { items: [] }
  const rows = await ctx.store.demands.find(
    { committeeId: _.in(scope), visibility: 'public', status: _.in([...OPEN_STATUSES]) },
    {
      orderBy: [['submittedAt', 'desc']],
      limit: SIMILAR_POOL,
      fields: {
        _id: true,
        category: true,
        text: true,
        status: true,
        submittedAt: true,
        placeLabel: true,
        joinCount: true,
        followers: true,
        residentOpenid: true,
        residentName: true,
        blockId: true,
      },
    },
  )
  const items = similarCases(
    { text: input.text, category: input.category, blockId: input.location?.blockId },
    rows,
    ctx.caller.openid,
    segmenter(),
  )
  return { items }
}

export const join: Handler<typeof demandsContract.join> = async (input, ctx) => {
  const { _, now } = ctx
  const me = ctx.caller.openid
  const committees = residentCommittees(ctx.caller.resident)
  const actor = actorOf(ctx)
  const event = {
    id: derivedId(me, 'demands.join', input.id),
    type: 'joined' as const,
    at: now,
    by: me,
    byName: actor.name,
    byRole: actor.roleLabel,
    note: '又有一位邻居也遇到了这个问题',
  }
  const updated = await ctx.store.demands.updateWhere(
    {
      _id: input.id,
      visibility: 'public',
      committeeId: _.in(committees),
      residentOpenid: _.neq(me),
      status: _.in([...OPEN_STATUSES]),
      followers: _.nin([me]),
    },
    {
      followers: _.push([me]),
      joinCount: _.inc(1),
      events: _.push([event]),
      version: _.inc(1),
      updatedAt: now,
    },
  )
  const doc = await ctx.store.demands.get(input.id)
  if (!doc) throw notFound('没有找到这件诉求')
  if (doc.residentOpenid === me)
    throw conflict('这是您自己反映的问题，不用再点“我也遇到了”', {
      demand: toDetail(doc, now, { staff: false }),
    })
  const following = (doc.followers ?? []).includes(me)
  if (!following) {
    if (!visibleToNeighbour(doc, me, committees)) throw notFound('没有找到这件诉求')
    if (!isOpen(doc.status)) throw conflict('这件事已经办完了；如果问题还在，请重新反映')
  }
  return { demand: neighbourDetail(doc, now, me), joined: updated === 1 }
}
