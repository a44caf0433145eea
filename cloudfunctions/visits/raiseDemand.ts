/**
 * The one place where visits create demands (诉求): a demand raised during a visit, or in the answer to an
 * online visit, is a `demands` document built by the demands context (routing, deadlines, due state, and its
 * alert and counters carried for the relay). The visit that raises it carries it too (VisitOutbox), so the
 * demand is written once, by its derived id, whether the action or the relay gets there first.
 */
import type { DemandDoc } from '../../types/demands'
import type { RaisedDemand } from '../../types/visits'
import { demandRaisedOnVisit, newDemandCounters, type Assignee, type VisitDemand } from '../demands/public'

export type { Assignee }
export type RaiseContext = VisitDemand

/** The demand to insert, carrying its counters and (when someone else handles it) its assignee's alert. */
export function demandDoc(d: RaisedDemand, c: RaiseContext): DemandDoc {
  return demandRaisedOnVisit(d, c).doc
}

/** The counters a new demand adds, as the demands context names them. */
export function demandCounters(d: RaisedDemand): Record<string, number> {
  return newDemandCounters(d)
}
