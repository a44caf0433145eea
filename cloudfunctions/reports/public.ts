/**
 * The reports context's public face: what code outside `cloudfunctions/reports/` may use of it. The demo
 * data (emulator/seed/reports.ts) and the scale benchmark (bench/reports-scale.ts) build day counters and
 * digests with the very rules the nightly recount and the digest timers use, so the demo and the measured
 * history agree with what the function would compute. Everything else in this folder is internal.
 */
export { composeDigest, overdueCase, type OverdueList } from './digests'
export { countEvents } from './rules/counters'
export { fiveDimensions, personScope, unitScope } from './rules/performance'
export { addDays, dayStart, daysOf, lastMonth, lastWeek, period, periodEnd } from './rules/period'
export { addInto, emptyCategory, emptyTotals, totalsOf } from './rules/totals'
export { bookingFacts, demandFacts, talentFacts, visitFacts } from './source'
