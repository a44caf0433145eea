/**
 * Reading the day documents of `stats` (counters) for units and a period: about one document per unit and
 * day, however long the history.
 */
import type { Period } from '../../types/reports'
import type { Database } from '../shared/cloud'
import { storeOf, type Where } from '../shared/data'
import { totalsOf } from './rules/totals'
import { StatsDoc, type Totals } from '../../types/reports'
import type { Read } from './batch'

export interface DayDoc {
  readonly unitId: string
  readonly date: string
  readonly totals: Totals
}

/** A day document as the reports read it. */
export const dayOf = (d: StatsDoc): DayDoc => ({ unitId: d.committeeId, date: d.date, totals: totalsOf(d) })

/** The day documents of `unitIds` in the period, as a read of a batch (batch.ts). */
export const daysRead = (db: Database, unitIds: readonly string[], p: Pick<Period, 'from' | 'to'>) =>
  ({
    from: 'stats',
    where: {
      committeeId: db.command.in([...unitIds]),
      date: db.command.and(db.command.gte(p.from), db.command.lte(p.to)),
    },
    orderBy: [['_id', 'asc']],
    row: StatsDoc,
  }) satisfies Read

/** The day documents matching `filter` whose date lies in the period. */
async function readDaysWhere(
  db: Database,
  filter: Where<'stats'>,
  p: Pick<Period, 'from' | 'to'>,
): Promise<DayDoc[]> {
  const _ = db.command
  const stats = storeOf(db).stats
  const docs = await stats.scan({ ...filter, date: _.and(_.gte(p.from), _.lte(p.to)) })
  return docs.map(dayOf)
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
