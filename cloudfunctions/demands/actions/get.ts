/** get (诉求详情): the demand with its timeline and photos; for staff also similar open cases (可能重复). */
import type { z } from 'zod'
import { OPEN_STATUSES, type DemandDoc } from '../../../types/demands'
import type { Ctx } from '../../shared/router'
import { notFound } from '../../shared/errors'
import { findMany } from '../../shared/db'
import { inScope } from '../rules/scope'
import { SUMMARY_FIELDS, toDetail, toSummary } from '../rules/view'
import { DEMANDS, readDemand } from '../store'
import { photoUrls } from '../photos'
import type { Id } from '../../../types/common'

export async function get(input: { id: z.output<typeof Id> }, ctx: Ctx) {
  const doc = await readDemand(ctx.db, input.id)
  if (!doc || !inScope(doc, ctx.caller, ctx.scope)) throw notFound('没有找到这件诉求')
  const staff = ctx.role !== 'resident'
  const [urls, similar] = await Promise.all([
    photoUrls(ctx.cloud, doc.photos),
    staff && doc.blockId && !doc.duplicateOf
      ? findMany<DemandDoc>(
          ctx.db,
          DEMANDS,
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
    photoUrls: urls,
    similar: similar?.map((s) => toSummary(s, ctx.now, true)),
  })
}
