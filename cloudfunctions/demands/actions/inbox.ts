/**
 * inbox (待办诉求): the caller's demands by urgency — nearest deadline first — with exact counts for the
 * 工作台 badge. Two requests: the page, and one aggregate for all counts.
 */
import type { z } from 'zod'
import {
  DUE_SOON_HOURS,
  OPEN_STATUSES,
  type DemandDoc,
  type InboxCounts,
  type InboxInput,
} from '../../../types/demands'
import type { Ctx } from '../../shared/router'
import { scopeWhere } from '../rules/scope'
import { addHours } from '../rules/sla'
import { SUMMARY_FIELDS, toSummary } from '../rules/view'
import { DEMANDS } from '../store'

export async function inbox(input: z.output<typeof InboxInput>, ctx: Ctx) {
  const { db, _, now } = ctx
  const scope = scopeWhere(ctx.caller, ctx.scope, _)
  const soon = addHours(now, DUE_SOON_HOURS)
  const filter: Record<string, unknown> = {}
  if (input.status === 'open') filter.status = _.in([...OPEN_STATUSES])
  else if (input.status !== 'all') filter.status = input.status
  if (input.overdue || input.dueSoon) {
    if (input.status === 'all') filter.status = _.in([...OPEN_STATUSES])
    filter.dueAt =
      input.overdue && input.dueSoon ? _.lte(soon) : input.overdue ? _.lt(now) : _.gte(now).and(_.lte(soon))
  }
  if (input.category) filter.category = input.category
  if (input.blockId) filter.blockId = input.blockId
  if (input.assigneeOpenid) filter.assigneeOpenid = input.assigneeOpenid
  const openOnly =
    input.status === 'open' ||
    input.overdue ||
    input.dueSoon ||
    (OPEN_STATUSES as readonly string[]).includes(input.status)
  const skip = Number(input.cursor ?? 0)

  let q = db.collection(DEMANDS).where(_.and([scope as object, filter]))
  q = openOnly ? q.orderBy('dueAt', 'asc').orderBy('submittedAt', 'asc') : q.orderBy('updatedAt', 'desc')
  if (skip) q = q.skip(skip)
  q = q.limit(input.limit + 1).field(SUMMARY_FIELDS)

  const $ = _.aggregate
  const flag = (cond: unknown) => $.sum($.cond({ if: cond, then: 1, else: 0 }))
  const [page, agg] = await Promise.all([
    q.get() as unknown as Promise<{ data: DemandDoc[] }>,
    db
      .collection(DEMANDS)
      .aggregate()
      .match(_.and([scope as object, { status: _.in([...OPEN_STATUSES]) }]))
      .group({
        _id: null,
        open: $.sum(1),
        pending: flag($.eq(['$status', 'pending'])),
        overdue: flag($.lt(['$dueAt', now])),
        dueSoon: flag($.and([$.gte(['$dueAt', now]), $.lte(['$dueAt', soon])])),
      })
      .end() as Promise<{ list: Partial<InboxCounts>[] }>,
  ])
  const c = agg.list[0] ?? {}
  const counts: InboxCounts = {
    open: c.open ?? 0,
    pending: c.pending ?? 0,
    overdue: c.overdue ?? 0,
    dueSoon: c.dueSoon ?? 0,
  }
  const items = page.data.slice(0, input.limit).map((d) => toSummary(d, now, true))
  return {
    items,
    counts,
    total: counts.open,
    ...(page.data.length > input.limit ? { nextCursor: String(skip + input.limit) } : {}),
  }
}
