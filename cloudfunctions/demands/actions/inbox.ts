/**
 * inbox (待办诉求): the caller's demands by urgency — nearest deadline first — with exact counts for the
 * 工作台 badge. Two requests: the page, and one aggregate that counts the open cases by kind.
 */
import { DUE_SOON_HOURS, InboxCounts, OPEN_STATUSES, type demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { scopeConds } from '../rules/scope'
import { addHours } from '../rules/sla'
import { SUMMARY_FIELDS, toSummary } from '../rules/view'

/** Only open cases carry a deadline, so "has a dueAt" is "open" — a range the (committeeId, dueAt) index walks in order. */
const EPOCH = new Date(0)

export const inbox: Handler<typeof demandsContract.inbox> = async (input, ctx) => {
  const { _, now } = ctx
  const scope = scopeConds(ctx.caller, ctx.scope, _, now)
  const soon = addHours(now, DUE_SOON_HOURS)
  const openOnly =
    input.status === 'open' ||
    input.overdue === true ||
    input.dueSoon === true ||
    (OPEN_STATUSES as readonly string[]).includes(input.status)
  const filter: Record<string, unknown> = {}
  if (input.status !== 'open' && input.status !== 'all') filter.status = input.status
  if (openOnly) {
    const upper = input.dueSoon ? _.lte(soon) : input.overdue ? _.lt(now) : null
    const lower = input.dueSoon && !input.overdue ? _.gte(now) : _.gte(EPOCH)
    filter.dueAt = upper ? lower.and(upper) : lower
  }
  if (input.category) filter.category = input.category
  if (input.blockId) filter.blockId = input.blockId
  if (input.assigneeOpenid) filter.assigneeOpenid = input.assigneeOpenid
  const skip = Number(input.cursor ?? 0)

  const $ = _.aggregate
  const flag = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }))
  const [page, agg] = await Promise.all([
    ctx.store.demands.find(_.and([...scope, filter]), {
      orderBy: [openOnly ? ['dueAt', 'asc'] : ['updatedAt', 'desc']],
      skip,
      limit: input.limit + 1,
      fields: SUMMARY_FIELDS,
    }),
    ctx.store.demands.aggregate(
      (p) =>
        p.match(_.and([...scope, { dueAt: _.gte(EPOCH) }])).group({
          _id: null,
          open: $.sum(1),
          pending: flag($.eq(['$status', 'pending'])),
          overdue: flag($.lt(['$dueAt', now])),
          dueSoon: flag($.and([$.gte(['$dueAt', now]), $.lte(['$dueAt', soon])])),
        }),
      InboxCounts.partial(),
    ),
  ])
  const c = agg[0] ?? {}
  const counts: InboxCounts = {
    open: c.open ?? 0,
    pending: c.pending ?? 0,
    overdue: c.overdue ?? 0,
    dueSoon: c.dueSoon ?? 0,
  }
  const items = page.slice(0, input.limit).map((d) => toSummary(d, now, true))
  return {
    items,
    counts,
    total: counts.open,
    ...(page.length > input.limit ? { nextCursor: String(skip + input.limit) } : {}),
  }
}
