import { OPEN_STATUSES } from '../../../types/demands'
import type { reportsContract } from '../../../types/reports'
import type { Handler } from '../../shared/router'
import { caseNames, maskedCase } from '../mask'
import { dayStart, periodEnd, resolvePeriod } from '../rules/period'
import { blockRead, callerAnchor, knownCommittees, reachWith } from '../scope'
import { maskedPage } from '../source'

/**
 * 数字背后的诉求: the demands a dashboard number stands for, masked. Counts are exact; the list shows the
 * newest `limit` of them.
 */
export const cases: Handler<typeof reportsContract.cases> = async (input, ctx) => {
  const period = resolvePeriod(input, ctx.now, { days: 30 })
  const _ = ctx._
  const r = await reachWith(ctx, input.committeeId, {
    blocks: blockRead(_, knownCommittees(ctx, input.committeeId)),
  })
  if (r.committeeIds.length === 0) return { items: [], total: 0, truncated: false }
  const start = dayStart(period.from)
  const end = periodEnd(period)
  const inP = _.and(_.gte(start), _.lt(end))
  const where: Record<string, unknown> = { committeeId: _.in([...r.committeeIds]) }
  if (input.category) where.category = input.category
  switch (input.metric) {
    case 'submitted':
      where.submittedAt = inP
      break
    case 'resolved':
      Object.assign(where, { status: _.in(['resolved', 'closed']), resolvedAt: inP })
      break
    case 'rejected':
      Object.assign(where, { status: 'rejected', updatedAt: inP })
      break
    case 'overdue':
      // Open cases past the deadline they work against now.
      where.dueAt = _.lt(ctx.now)
      break
    case 'open':
      Object.assign(where, { status: _.in([...OPEN_STATUSES]), submittedAt: _.lt(end) })
      break
    case 'unsatisfied':
      Object.assign(where, { 'lastRating.level': 'dissatisfied', updatedAt: inP })
      break
    case 'reopened':
      Object.assign(where, { reopened: true, updatedAt: inP })
      break
  }
  const { total, page } = await maskedPage(
    ctx.db,
    callerAnchor(ctx),
    where,
    ['submittedAt', 'desc'],
    input.limit,
  )
  const names = caseNames(r.units, new Map(r.also.blocks.map((b) => [b._id, b.name])))
  const items = page.map((f) => maskedCase(f, ctx.now, names))
  return { items, total, truncated: total > items.length }
}
