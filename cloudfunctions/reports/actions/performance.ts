import type { reportsContract } from '../../../types/reports'
import type { Handler } from '../../shared/router'
import { performanceReport } from '../performance'
import { resolvePeriod } from '../rules/period'
import { reach } from '../scope'

/** 五维绩效 of the caller's units and their staff; default: last calendar month. */
export const performance: Handler<typeof reportsContract.performance> = async (input, ctx) => {
  const period = resolvePeriod(input, ctx.now, 'lastMonth')
  const r = await reach(ctx, input.committeeId)
  return performanceReport(ctx.db, r.subdistrictId, r.units, period)
}
