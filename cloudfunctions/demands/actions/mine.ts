/** mine (我的诉求): one query, newest first, summaries only (the timeline stays behind). */
import type { z } from 'zod'
import { OPEN_STATUSES, type DemandDoc, type MyDemandsInput } from '../../../types/demands'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import { SUMMARY_FIELDS, toSummary } from '../rules/view'
import { DEMANDS } from '../store'

export async function mine(input: z.output<typeof MyDemandsInput>, ctx: Ctx) {
  const { _ } = ctx
  const skip = Number(input.cursor ?? 0)
  const where: Record<string, unknown> = { residentOpenid: ctx.caller.openid }
  if (input.status === 'open') where.status = _.in([...OPEN_STATUSES])
  if (input.status === 'done') where.status = _.nin([...OPEN_STATUSES])
  // One more than asked tells whether a next page exists without a count.
  const rows = await findMany<DemandDoc>(ctx.db, DEMANDS, where, {
    orderBy: [['submittedAt', 'desc']],
    skip,
    limit: input.limit + 1,
    fields: SUMMARY_FIELDS,
  })
  const items = rows.slice(0, input.limit).map((d) => toSummary(d, ctx.now))
  return { items, ...(rows.length > input.limit ? { nextCursor: String(skip + input.limit) } : {}) }
}
