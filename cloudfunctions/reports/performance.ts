/**
 * The five-dimension table (五维绩效) for units and their staff over a period, from the source records of
 * that period (medians need the single cases, not counters).
 */
import type { Period, PerformanceOutput, Unit } from '../../types/reports'
import type { StaffDoc } from '../../types/community'
import { ROLE_LABEL } from '../../types/roles'
import type { Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { fiveDimensions, personScope, unitScope } from './rules/performance'
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
