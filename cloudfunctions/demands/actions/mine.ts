/** mine (我的诉求): one query, newest first, summaries only (the timeline stays behind). */
import { OPEN_STATUSES, type demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { SUMMARY_FIELDS, toSummary } from '../rules/view'

export const mine: Handler<typeof demandsContract.mine> = async (input, ctx) => {
  const { _ } = ctx
  const skip = Number(input.cursor ?? 0)
  const status =
    input.status === 'open'
      ? _.in([...OPEN_STATUSES])
      : input.status === 'done'
        ? _.nin([...OPEN_STATUSES])
        : undefined
  // One more than asked tells whether a next page exists without a count.
  const rows = await ctx.store.demands.find(
    { residentOpenid: ctx.caller.openid, ...(status && { status }) },
    {
      orderBy: [['submittedAt', 'desc']],
      skip,
      limit: input.limit + 1,
      fields: SUMMARY_FIELDS,
    },
  )
  const items = rows.slice(0, input.limit).map((d) => toSummary(d, ctx.now))
  return { items, ...(rows.length > input.limit ? { nextCursor: String(skip + input.limit) } : {}) }
}
