import type { PerformanceOutput, PeriodInput } from '../../../types/reports'
import type { Ctx } from '../../shared/router'
import { performanceReport } from '../performance'
import { resolvePeriod } from '../rules/period'
import { reach } from '../scope'

/** 五维绩效 of the caller's units and their staff; default: last calendar month. */
export async function performance(input: PeriodInput, ctx: Ctx): Promise<PerformanceOutput> {
  const period = resolvePeriod(input, ctx.now, 'lastMonth')
  const r = await reach(ctx, input.committeeId)
  return performanceReport(ctx.db, r.subdistrictId, r.units, period)
}
