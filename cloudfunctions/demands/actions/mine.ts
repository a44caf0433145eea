/** mine (我的诉求): one query, newest first, summaries only (the timeline stays behind). */
import { OPEN_STATUSES, type demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { maskText } from '../../shared/mask'
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
  const me = ctx.caller.openid
  // The cases I raised and the neighbours' cases I joined (我也遇到了), in one query.
  const rows = await ctx.store.demands.find(
    _.and([_.or([{ residentOpenid: me }, { followers: me }]), ...(status ? [{ status }] : [])]),
    {
      orderBy: [['submittedAt', 'desc']],
      skip,
      limit: input.limit + 1,
      fields: { ...SUMMARY_FIELDS, residentOpenid: true },
    },
  )
  const items = rows.slice(0, input.limit).map((d) => {
    const s = toSummary(d, ctx.now)
    if (d.residentOpenid === me) return s
    return { ...s, text: maskText(d.text, { max: 80, names: [d.residentName] }), following: true }
  })
  return { items, ...(rows.length > input.limit ? { nextCursor: String(skip + input.limit) } : {}) }
}
