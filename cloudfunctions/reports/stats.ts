/**
 * Reading the day documents of `stats` (counters) for units and a period: about one document per unit and
 * day, however long the history.
 */
import type { Period } from '../../types/reports'
import type { Database } from '../shared/cloud'
import { storeOf, type Where } from '../shared/data'
import { totalsOf } from './rules/totals'
import type { Totals } from '../../types/reports'

export interface DayDoc {
  readonly unitId: string
  readonly date: string
  readonly totals: Totals
}

/** The day documents matching `filter` whose date lies in the period. */
async function readDaysWhere(
  db: Database,
  filter: Where<'stats'>,
  p: Pick<Period, 'from' | 'to'>,
): Promise<DayDoc[]> {
  const _ = db.command
  const stats = storeOf(db).stats
  const docs = await stats.scan({ ...filter, date: _.and(_.gte(p.from), _.lte(p.to)) })
  return docs.map((d) => ({ unitId: d.committeeId, date: d.date, totals: totalsOf(d) }))
}

export async function readDays(
  db: Database,
  unitIds: readonly string[],
  p: Pick<Period, 'from' | 'to'>,
): Promise<DayDoc[]> {
  if (unitIds.length === 0) return []
  return readDaysWhere(db, { committeeId: db.command.in([...unitIds]) }, p)
}

/**
 * Every unit's days of a sub-district, read without knowing the units first, so the summary can ask for
 * the units and their days at the same time (one round trip less).
 */
export async function readSubdistrictDays(
  db: Database,
  subdistrictId: string,
  p: Pick<Period, 'from' | 'to'>,
): Promise<DayDoc[]> {
  return readDaysWhere(db, { subdistrictId }, p)
}
