import type { Handler } from '../../shared/router'
import { caseNames, maskedCase } from '../mask'
import { dayStart, periodEnd, previousPeriod, resolvePeriod } from '../rules/period'
import {
  LONG_UNRESOLVED_DAYS,
  hotspots,
  longUnresolved,
  rising,
  topKey,
  topTerms,
  trends,
} from '../rules/sentiment'
import { StatsDoc, type reportsContract } from '../../../types/reports'
import { blockRead, knownCommittees, reachWith } from '../scope'
import { categoryLabel, submittedAndOpenBefore } from '../source'
import { dayOf } from '../stats'
import { segmenter } from '../terms'

const HOTSPOTS = 10
const TERMS = 30
const LONG_LISTED = 30

/**
 * 民情分析 for a period (default: the last two months) against the one just before it. Counts come from the
 * day counters; hotspots and terms from the period's demand texts; long-unresolved cases as of the period's
 * end (or now, when the period runs to today).
 */
export const sentiment: Handler<typeof reportsContract.sentiment> = async (input, ctx) => {
  const period = resolvePeriod(input, ctx.now, { months: 2 })
  const previous = previousPeriod(period)
  const _ = ctx._
  const known = knownCommittees(ctx, input.committeeId)
  const dates = _.and(_.gte(previous.from), _.lte(period.to))
  // The units, their block names and the day documents of both periods at once.
  const r = await reachWith(ctx, input.committeeId, {
    blocks: blockRead(_, known),
    days: {
      from: 'stats',
      where: known
        ? { committeeId: _.in(known), date: dates }
        : { subdistrictId: ctx.caller.staff?.subdistrictId, date: dates },
      orderBy: [['_id', 'asc']],
      row: StatsDoc,
    },
  })
  const ids = r.committeeIds
  const start = dayStart(period.from)
  const end = periodEnd(period)
  const asOf = new Date(Math.min(end.getTime(), ctx.now.getTime()))
  const mine = new Set(ids)
  const days = r.also.days.map(dayOf).filter((d) => mine.has(d.unitId))
  const blocks = new Map(r.also.blocks.map((b) => [b._id, b.name]))
  const { submitted: demands, open } = ids.length
    ? await submittedAndOpenBefore(
        ctx.db,
        ids,
        start,
        end,
        new Date(asOf.getTime() - LONG_UNRESOLVED_DAYS * 86_400_000),
      )
    : { submitted: [], open: [] }

  const cur: Record<string, number> = {}
  const prev: Record<string, number> = {}
  const unitCur = new Map<string, Record<string, number>>()
  const unitPrev = new Map<string, number>()
  for (const d of days) {
    const inCur = d.date >= period.from
    for (const [cat, c] of Object.entries(d.totals.byCategory)) {
      if (!c.submitted) continue
      const into = inCur ? cur : prev
      into[cat] = (into[cat] ?? 0) + c.submitted
      if (inCur) {
        const u = unitCur.get(d.unitId) ?? {}
        u[cat] = (u[cat] ?? 0) + c.submitted
        unitCur.set(d.unitId, u)
      }
    }
    if (!inCur) unitPrev.set(d.unitId, (unitPrev.get(d.unitId) ?? 0) + d.totals.demands.submitted)
  }
  const unitCount = (id: string) => Object.values(unitCur.get(id) ?? {}).reduce((a, b) => a + b, 0)
  const byCategory = trends(cur, prev, categoryLabel)
  const names = caseNames(r.units, blocks)
  const sum = (o: Record<string, number>) => Object.values(o).reduce((a, b) => a + b, 0)

  return {
    period,
    previous,
    total: { count: sum(cur), previous: sum(prev) },
    byCategory,
    byUnit: r.units
      .filter((u) => u.kind === 'committee')
      .map((u) => {
        const count = unitCount(u.id)
        const top = topKey(unitCur.get(u.id) ?? {})
        return {
          ...u,
          count,
          previous: unitPrev.get(u.id) ?? 0,
          change: count - (unitPrev.get(u.id) ?? 0),
          topCategory: top ? categoryLabel(top) : null,
        }
      }),
    rising: rising(byCategory).map(categoryLabel),
    hotspots: hotspots(demands, HOTSPOTS).map((h) => ({
      blockId: h.blockId,
      blockName: names.block(h.blockId),
      unitId: h.committeeId,
      unitName: names.unit(h.committeeId),
      count: h.count,
      topCategory: categoryLabel(h.topCategory),
    })),
    terms: topTerms(
      demands.map((d) => d.text),
      segmenter(),
      TERMS,
    ),
    longUnresolved: longUnresolved(open, asOf)
      .slice(0, LONG_LISTED)
      .map((d) => maskedCase(d, asOf, names)),
  }
}
