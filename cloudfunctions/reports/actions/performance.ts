import type { reportsContract } from '../../../types/reports'
import type { Handler } from '../../shared/router'
import { callerPerformance } from '../performance'
import { resolvePeriod } from '../rules/period'

/** 五维绩效 of the caller's units and their staff; default: last calendar month. */
export const performance: Handler<typeof reportsContract.performance> = async (input, ctx) => {
  const period = resolvePeriod(input, ctx.now, 'lastMonth')
  return callerPerformance(ctx, input.committeeId, period)
}
