import type { Handler } from '../../shared/router'
import type { reportsContract } from '../../../types/reports'
import { resolvePeriod, daysOf } from '../rules/period'
import { emptyTotals, addInto, ratesOf, sumTotals } from '../rules/totals'
import { reach } from '../scope'
import { readDays, readSubdistrictDays } from '../stats'
import { categoryLabel } from '../source'

/** 数据看板: the period's counters per unit, per day and per category, from the day documents only. */
export const summary: Handler<typeof reportsContract.summary> = async (input, ctx) => {
  const period = resolvePeriod(input, ctx.now, { days: 30 })
  const staff = ctx.caller.staff
  // An officer's whole sub-district: its units and their days are asked for at once.
  const wholeSubdistrict = ctx.role === 'officer' && !input.committeeId && staff
  const [r, allDays] = await Promise.all([
    reach(ctx, input.committeeId),
    wholeSubdistrict ? readSubdistrictDays(ctx.db, staff.subdistrictId, period) : Promise.resolve(undefined),
  ])
  const known = new Set(r.units.map((u) => u.id))
  const days = allDays
    ? allDays.filter((d) => known.has(d.unitId))
    : await readDays(
        ctx.db,
        r.units.map((u) => u.id),
        period,
      )
  const byUnit = new Map(r.units.map((u) => [u.id, emptyTotals()]))
  const byDay = new Map(daysOf(period).map((d) => [d, emptyTotals()]))
  for (const d of days) {
    addInto(byUnit.get(d.unitId)!, d.totals)
    const day = byDay.get(d.date)
    if (day) addInto(day, d.totals)
  }
  const units = r.units.map((u) => {
    const totals = byUnit.get(u.id)!
    return { ...u, totals, rates: ratesOf(totals) }
  })
  const all = sumTotals(units.map((u) => u.totals))
  return {
    period,
    units,
    total: { totals: all, rates: ratesOf(all) },
    daily: [...byDay.entries()].map(([date, t]) => ({
      date,
      submitted: t.demands.submitted,
      resolved: t.demands.resolved,
      responseOverdue: t.demands.responseOverdue,
      served: t.bookings.served,
      visitsDone: t.visits.done,
    })),
    categories: Object.entries(all.byCategory)
      .map(([category, c]) => ({
        category,
        label: categoryLabel(category),
        submitted: c.submitted,
        resolved: c.resolved,
      }))
      .sort((a, b) => b.submitted - a.submitted || a.category.localeCompare(b.category)),
    docsRead: days.length,
  }
}
