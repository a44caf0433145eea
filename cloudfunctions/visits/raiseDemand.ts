/**
 * The one place where visits create demands (诉求): a demand raised during a visit, or in the answer to an
 * online visit, is written here as a `demands` document built by the demands context (routing, deadlines,
 * due state, alert, counters), inside the caller's transaction, so the visit and its demands commit
 * together and a retried request (same derived ids) writes them once.
 */
import type { DemandDoc } from '../../types/demands'
import type { HouseholdDoc, RaisedDemand } from '../../types/visits'
import {
  assigneeFor,
  demandRaisedOnVisit,
  newDemandCounters,
  type Assignee,
  type VisitDemand,
} from '../demands/public'
import type { Database } from '../shared/cloud'
import type { TxStore } from '../shared/data'
import { messageDoc } from '../shared/outbox'

export type { Assignee }
export type RaiseContext = VisitDemand

/** Who handles demands of the household's block, by the demands routing rule: its block head, else the admin. */
export function routeDemand(
  db: Database,
  household: Pick<HouseholdDoc, 'committeeId' | 'blockId'>,
): Promise<Assignee | null> {
  return assigneeFor(db, household)
}

export function demandDoc(d: RaisedDemand, c: RaiseContext): DemandDoc {
  return demandRaisedOnVisit(d, c).doc
}

/** Writes the demand and, when someone else handles it, their alert — both inside the caller's transaction. */
export async function raiseDemand(
  tx: Pick<TxStore, 'demands' | 'messages'>,
  d: RaisedDemand,
  c: RaiseContext,
): Promise<string> {
  const { doc, alert } = demandRaisedOnVisit(d, c)
  await tx.demands.add(doc)
  if (alert) await tx.messages.add(messageDoc(alert, c.now))
  return c.id
}

/** The counters a new demand adds, as the demands context names them. */
export function demandCounters(d: RaisedDemand): Record<string, number> {
  return newDemandCounters(d)
}
