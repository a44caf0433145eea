/**
 * The five-dimension table (五维绩效) for units and their staff over a period, from the source records of
 * that period (medians need the single cases, not counters).
 */
import type { Period, PerformanceOutput, Unit } from '../../types/reports'
import { BookingDoc, CertificationDoc, ServiceItemDoc } from '../../types/bookings'
import { StaffDoc } from '../../types/community'
import { ROLE_LABEL } from '../../types/roles'
import { DEFAULT_CADENCE, TalentDoc, VisitDoc } from '../../types/visits'
import { isHighFrequency } from '../bookings/public'
import type { Command, Database } from '../shared/cloud'
import { forbidden } from '../shared/errors'
import type { Ctx } from '../shared/router'
import { batchRead, type Answers, type Read } from './batch'
import {
  fiveDimensions,
  personScope,
  unitScope,
  windowDimensions,
  type WindowFacts,
} from './rules/performance'
import { dayStart, periodEnd } from './rules/period'
import type { DemandFacts, SourceFacts } from './rules/facts'
import { knownCommittees, reachWith } from './scope'
import { bookingFacts, demandsTouchingWhere, talentFacts, visitFacts } from './source'

/** Whose records a performance read is limited to before the units are known (scope.ts `knownCommittees`). */
interface Within {
  readonly subdistrictId: string
  /** The committees, or null for every committee the batch's `committees` read finds. */
  readonly committeeIds: readonly string[] | null
  /** The service centers, or null for every center the batch's `centers` read finds. */
  readonly centerIds: readonly string[] | null
}

const BOOKING_FIELDS = [
  'committeeId',
  'centerId',
  'walkIn',
  'status',
  'createdAt',
  'finishedAt',
  'clerkOpenid',
  'rating',
  'ratedAt',
  'itemIds',
  'checkedInAt',
] as const

const Staff = StaffDoc
const VisitRow = VisitDoc.pick({
  _id: true,
  committeeId: true,
  householdId: true,
  visitorOpenid: true,
  visitedAt: true,
  mode: true,
  source: true,
})
const TalentRow = TalentDoc.pick({ _id: true, committeeId: true, consent: true, createdAt: true })
const BookingRow = BookingDoc.pick({
  _id: true,
  committeeId: true,
  centerId: true,
  walkIn: true,
  status: true,
  createdAt: true,
  finishedAt: true,
  clerkOpenid: true,
  rating: true,
  ratedAt: true,
  itemIds: true,
  checkedInAt: true,
})
const ItemRow = ServiceItemDoc.pick({ _id: true, weight: true, frequency: true, version: true })

/**
 * What the five dimensions of a period need besides the demands, as reads of one batch (batch.ts): the
 * staff, the visits, the talents found, the bookings (created, finished or rated in the period: the window
 * clerks' finished cases are among them), the centers' items and the certifications. A committee or center
 * not known yet is the batch's own `committees` / `centers` read (scope.ts `unitReads`).
 */
function performanceReads(_: Command, w: Within, start: Date, end: Date) {
  const inP = _.and(_.gte(start), _.lt(end))
  const ofCommittees = (field: string) =>
    w.committeeIds
      ? { where: { committeeId: _.in([...w.committeeIds]), [field]: inP } }
      : { where: { [field]: inP }, inIdsOf: { read: 'committees', field: 'committeeId' } }
  const ofCenters = w.centerIds
    ? { where: { centerId: _.in([...w.centerIds]) } }
    : { where: {}, inIdsOf: { read: 'centers', field: 'centerId' } }
  return {
    staff: {
      from: 'staff',
      where: {
        subdistrictId: w.subdistrictId,
        active: true,
        role: _.in(['blockHead', 'committeeAdmin', 'windowClerk']),
      },
      orderBy: [['_id', 'asc']],
      limit: 1000,
      row: Staff,
    },
    visits: {
      from: 'visits',
      ...ofCommittees('visitedAt'),
      orderBy: [['_id', 'asc']],
      fields: ['committeeId', 'householdId', 'visitorOpenid', 'visitedAt', 'mode', 'source'],
      row: VisitRow,
    },
    talents: {
      from: 'talents',
      ...ofCommittees('createdAt'),
      orderBy: [['_id', 'asc']],
      fields: ['committeeId', 'consent', 'createdAt'],
      row: TalentRow,
    },
    bookings: {
      from: 'bookings',
      where: _.and([
        { subdistrictId: w.subdistrictId },
        _.or([{ createdAt: inP }, { finishedAt: inP }, { ratedAt: inP }]),
      ]),
      orderBy: [['_id', 'asc']],
      fields: BOOKING_FIELDS,
      row: BookingRow,
    },
    items: {
      from: 'serviceItems',
      ...ofCenters,
      limit: 1000,
      fields: ['weight', 'frequency', 'version'],
      row: ItemRow,
    },
    certifications: { from: 'certifications', ...ofCenters, limit: 1000, row: CertificationDoc },
  } satisfies Record<string, Read>
}

type PerformanceAnswers = Answers<ReturnType<typeof performanceReads>>

/** The demands with anything in the period (source.ts `demandsTouching`), in one query. */
function touchedDemands(db: Database, w: Within, start: Date, end: Date) {
  const _ = db.command
  return demandsTouchingWhere(
    db,
    w.committeeIds ? { committeeId: _.in([...w.committeeIds]) } : { subdistrictId: w.subdistrictId },
    start,
    end,
  )
}

/** The five-dimension table of `units` (of one sub-district) over `period`: two requests. */
export async function performanceReport(
  db: Database,
  subdistrictId: string,
  units: readonly Unit[],
  period: Period,
): Promise<PerformanceOutput> {
  const start = dayStart(period.from)
  const end = periodEnd(period)
  const w: Within = {
    subdistrictId,
    committeeIds: units.filter((u) => u.kind === 'committee').map((u) => u.id),
    centerIds: units.filter((u) => u.kind === 'center').map((u) => u.id),
  }
  const [a, demands] = await Promise.all([
    batchRead(
      db,
      { collection: 'subdistricts', id: subdistrictId },
      performanceReads(db.command, w, start, end),
    ),
    w.committeeIds!.length ? touchedDemands(db, w, start, end) : Promise.resolve([]),
  ])
  return performanceFrom(a ?? emptyAnswers(), demands, units, period)
}

/**
 * 五维绩效 of what the caller reaches: the units and everything but the demands in one request, the
 * demands in another, at the same time.
 */
export async function callerPerformance(
  ctx: Ctx,
  committeeId: string | undefined,
  period: Period,
): Promise<PerformanceOutput> {
  const start = dayStart(period.from)
  const end = periodEnd(period)
  const staff = ctx.caller.staff
  if (!staff) throw forbidden()
  const known = knownCommittees(ctx, committeeId)
  // A committee admin or one committee: no center among the units.
  const w: Within = { subdistrictId: staff.subdistrictId, committeeIds: known, centerIds: known ? [] : null }
  const [r, demands] = await Promise.all([
    reachWith(ctx, committeeId, performanceReads(ctx._, w, start, end)),
    known?.length === 0 ? Promise.resolve([]) : touchedDemands(ctx.db, w, start, end),
  ])
  const mine = new Set(r.committeeIds)
  return performanceFrom(
    r.also,
    demands.filter((d) => mine.has(d.committeeId)),
    r.units,
    period,
  )
}

const emptyAnswers = (): PerformanceAnswers => ({
  staff: [],
  visits: [],
  talents: [],
  bookings: [],
  items: [],
  certifications: [],
})

function performanceFrom(
  a: PerformanceAnswers,
  demands: readonly DemandFacts[],
  units: readonly Unit[],
  period: Period,
): PerformanceOutput {
  const start = dayStart(period.from)
  const end = periodEnd(period)
  const committeeIds = new Set(units.filter((u) => u.kind === 'committee').map((u) => u.id))
  const centerIds = units.filter((u) => u.kind === 'center').map((u) => u.id)
  const ofUnits = <T extends { committeeId: string }>(rows: readonly T[]) =>
    rows.filter((r) => committeeIds.has(r.committeeId))
  const visits = ofUnits(a.visits).map((v) => visitFacts(v, DEFAULT_CADENCE.B))
  const talents = ofUnits(a.talents).map(talentFacts)
  const bookings = centerIds.length ? a.bookings.map(bookingFacts) : []
  const windowFacts = centerIds.length ? windowFactsOf(a, start, end) : null
  const staff = a.staff
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
 * What a window clerk's dimensions need beyond the booking facts: each case finished in the period (among
 * the bookings read) with its items and check-in, the items' weights and high-frequency mark, and the
 * certifications.
 */
function windowFactsOf(a: PerformanceAnswers, start: Date, end: Date): WindowFacts {
  const at = (v: Date | string | undefined) => (v === undefined ? undefined : new Date(v))
  const inP = (v: Date | string | undefined) => {
    const t = at(v)?.getTime()
    return t !== undefined && t >= start.getTime() && t < end.getTime()
  }
  const cases = a.bookings.filter(
    (c) =>
      (c.status === 'served' || c.status === 'notDone') && inP(c.finishedAt as Date | string | undefined),
  )
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
    weights: new Map(a.items.map((i) => [i._id, i.weight])),
    highFrequency: a.items
      .filter((i) => isHighFrequency(i.frequency, end))
      .map((i) => ({ id: i._id, version: i.version })),
    certifications: a.certifications,
  }
}
