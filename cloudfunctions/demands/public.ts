/**
 * The demands context's public face: everything code outside `cloudfunctions/demands/` may use of it.
 * Other contexts, the demo data and the benches import this module only; the actions, rules, stores and
 * loaders behind it are free to change shape as long as what is exported here keeps its meaning.
 *
 * - visits: demands raised during a visit — who handles them (`assigneeFor`, one request, or `assigneeAmong`
 *   staff already read), the document to insert carrying its alert and counters (`demandRaisedOnVisit`), and
 *   the counters they add.
 * - demo data (emulator/seed/demands.ts): the lifecycle rules, routing and the SLA alert plan, so seeded
 *   timelines and deadlines are what the function would have written.
 * - bookings: `toDate`, the one reading of a stored date.
 * - open311: a demand filed by a partner (`demandFiledByPartner`: routing, alert and counters in one doc).
 * - community: a departing block head's open cases handed to a colleague (`handOverOpenCases`, one request).
 */
export {
  assigneeAmong,
  assigneeFor,
  demandRaisedOnVisit,
  newDemandCounters,
  type Assignee,
  type VisitDemand,
} from './raisedOnVisit'
export {
  escalate,
  markMicroMatter,
  newDemand,
  rate,
  reject,
  reply,
  resolve,
  toMeeting,
  type Actor,
  type Change,
} from './rules/lifecycle'
export { handOverOpenCases, type CaseHandover } from './handover'
export { demandFiledByPartner, type PartnerDemand, type PartnerFiling } from './partner'
export { route } from './rules/routing'
export { alertPlan, toDate } from './rules/sla'
