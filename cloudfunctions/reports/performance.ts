/**
 * The five-dimension table (五维绩效) for units and their staff over a period, from the source records of
 * that period (medians need the single cases, not counters).
 */
import type { Period, PerformanceOutput, Unit } from '../../types/reports'
import type { StaffDoc } from '../../types/community'
import { ROLE_LABEL } from '../../types/roles'
import { isHighFrequency } from '../bookings/public'
import type { Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import {
  fiveDimensions,
  personScope,
  unitScope,
  windowDimensions,
  type WindowFacts,
} from './rules/performance'
import { dayStart, periodEnd } from './rules/period'
import type { SourceFacts } from './rules/facts'
import { bookingsTouching, demandsTouching, talentsIn, visitsIn } from './source'

export async function performanceReport(
  db: Database,
  subdistrictId: string,
  units: readonly Unit[],
  period: Period,
): Promise<PerformanceOutput> {
  const _ = db.command
  const start = dayStart(period.from)
  const end = periodEnd(period)
  const committeeIds = units.filter((u) => u.kind === 'committee').map((u) => u.id)
  const centerIds = units.filter((u) => u.kind === 'center').map((u) => u.id)
  const none = Promise.resolve([])
  const [demands, visits, talents, bookings, staff] = await Promise.all([
    committeeIds.length ? demandsTouching(db, committeeIds, start, end) : none,
    committeeIds.length ? visitsIn(db, committeeIds, start, end) : none,
    committeeIds.length ? talentsIn(db, committeeIds, start, end) : none,
    centerIds.length ? bookingsTouching(db, subdistrictId, start, end) : none,
    storeOf(db).staff.find(
      { subdistrictId, active: true, role: _.in(['blockHead', 'committeeAdmin', 'windowClerk']) },
      { orderBy: [['_id', 'asc']], limit: 1000 },
    ),
  ])
  const windowFacts = centerIds.length ? await windowFactsOf(db, subdistrictId, centerIds, start, end) : null
  const src: SourceFacts = { demands, visits, talents, bookings }
  const range = { start, end }
  const unitOf = (s: StaffDoc) =>
    units.find((u) => u.id === (s.role === 'windowClerk' ? s.centerId : s.committeeId))

  const staffRows = staff
    .filter((s) => unitOf(s))
    .map((s) => {
      const u = unitOf(s)!
      const openid = s.openid
      return {
        openid,
        name: s.name,
        role: ROLE_LABEL[s.role],
        unitId: u.id,
        unitName: u.name,
        ...fiveDimensions(src, range, personScope(openid)),
        ...(s.role === 'windowClerk' && windowFacts
          ? { window: windowDimensions(windowFacts, range, openid) }
          : {}),
      }
    })
  const unitRows = units.map((u) => {
    const own: SourceFacts =
      u.kind === 'committee'
        ? {
            demands: demands.filter((d) => d.committeeId === u.id),
            visits: visits.filter((v) => v.committeeId === u.id),
            talents: talents.filter((t) => t.committeeId === u.id),
            bookings: [],
          }
        : { demands: [], visits: [], talents: [], bookings }
    return { unitId: u.id, unitName: u.name, ...fiveDimensions(own, range, unitScope) }
  })
  return { period, staff: staffRows, units: unitRows }
}

/**
 * What a window clerk's dimensions need beyond the booking facts: each finished case's items and check-in,
 * the items' weights and high-frequency mark, and the certifications (three requests, paged by 1000).
 */
async function windowFactsOf(
  db: Database,
  subdistrictId: string,
  centerIds: readonly string[],
  start: Date,
  end: Date,
): Promise<WindowFacts> {
  const _ = db.command
  const store = storeOf(db)
  const [cases, items, certifications] = await Promise.all([
    store.bookings.scan(
      { subdistrictId, status: _.in(['served', 'notDone']), finishedAt: _.and(_.gte(start), _.lt(end)) },
      {
        fields: {
          clerkOpenid: true,
          itemIds: true,
          status: true,
          checkedInAt: true,
          finishedAt: true,
          rating: true,
          ratedAt: true,
        },
      },
    ),
    store.serviceItems.find(
      { centerId: _.in([...centerIds]) },
      { fields: { weight: true, frequency: true, version: true }, limit: 1000 },
    ),
    store.certifications.find({ centerId: _.in([...centerIds]) }, { limit: 1000 }),
  ])
  const at = (v: Date | string | undefined) => (v === undefined ? undefined : new Date(v))
  return {
    cases: cases
      .filter((c) => c.clerkOpenid && c.finishedAt)
      .map((c) => ({
        clerk: c.clerkOpenid as string,
        itemIds: c.itemIds,
        done: c.status === 'served',
        checkedInAt: at(c.checkedInAt),
        finishedAt: new Date(c.finishedAt as Date | string),
        rating:
          c.rating !== undefined
            ? {
                stars: c.rating,
                at: at(c.ratedAt as Date | string) ?? new Date(c.finishedAt as Date | string),
              }
            : undefined,
      })),
    weights: new Map(items.map((i) => [i._id, i.weight])),
    highFrequency: items
      .filter((i) => isHighFrequency(i.frequency, end))
      .map((i) => ({ id: i._id, version: i.version })),
    certifications,
  }
}
