/**
 * The visits context's public face: everything code outside `cloudfunctions/visits/` may use of it. Other
 * contexts, the demo data and the benches import this module only; the actions, rules and helpers behind it
 * are free to change shape as long as what is exported here keeps its meaning.
 *
 * - demo data (emulator/seed/visits.ts): the cadence rule that gives a household's next due date, so the
 *   seeded households' denormalized `nextDueAt` is what recording their last visit would have written.
 */
export { nextDue } from './rules/cadence'
/**
 * - outbox (relay.ts): what a visit carries (VisitOutbox) written where the action did not get to it — its
 *   demands, talents, the file's contact and the online visit's answer — before the visit is released; and
 *   the hourly repair of an online visit's mark on its file and of a file's version records.
 */
export { landCarried, landHousehold, landOnlineVisit } from './carry'
