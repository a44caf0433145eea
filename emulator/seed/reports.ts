/**
 * Demo data for reports: the day counters (统计) and digests of the last 130 days (two bimonthly periods), so the dashboard, the
 * sentiment page and the performance table show two meaningful months. Counters of the days the other
 * features' demo records cover are built from those records with the same recount rules the nightly job
 * uses; earlier days, which no demo record reaches, get a plausible generated history (with 噪声扰民 rising
 * in the last month, so the sentiment page has something to say).
 */
import { DEMAND_TAXONOMY } from '../../types/demands'
import { DEFAULT_CADENCE } from '../../types/visits'
import type { DigestDoc, StatsDoc, Totals, Unit } from '../../types/reports'
import {
  addDays,
  addInto,
  bookingFacts,
  composeDigest,
  countEvents,
  dayStart,
  daysOf,
  demandFacts,
  emptyCategory,
  emptyTotals,
  fiveDimensions,
  lastMonth,
  lastWeek,
  overdueCase,
  period,
  periodEnd,
  personScope,
  talentFacts,
  unitScope,
  visitFacts,
  type OverdueList,
} from '../../cloudfunctions/reports/public'
import { businessDay, statsId } from '../../cloudfunctions/shared/stats'
import { ROLE_LABEL } from '../../types/roles'
import type { SeedContext } from './context'
import { SUBDISTRICT } from './identities'
import type { Rng } from './random'

export const REPORT_DAYS = 130

type Doc = Record<string, unknown>

export async function seedReports(ctx: SeedContext): Promise<void> {
  const { now, rng } = ctx
  const today = businessDay(now)
  const span = period(addDays(today, 1 - REPORT_DAYS), today)
  const units: Unit[] = [
    ...ctx.inserted('committees').map((c) => ({ id: c._id, name: c.name, kind: 'committee' as const })),
    ...ctx.inserted('serviceCenters').map((c) => ({ id: c._id, name: c.name, kind: 'center' as const })),
  ]
  const committeeIds = units.filter((u) => u.kind === 'committee').map((u) => u.id)
  const classOf = new Map(ctx.inserted('households').map((h) => [h._id, h.class]))

  const src = {
    demands: ctx.inserted('demands').map(demandFacts),
    visits: ctx
      .inserted('visits')
      .map((v) => visitFacts(v, DEFAULT_CADENCE[classOf.get(v.householdId) ?? 'B'])),
    bookings: ctx.inserted('bookings').map(bookingFacts),
    talents: ctx.inserted('talents').map(talentFacts),
  }
  const counted = countEvents(src, span, now)

  // Days before the first demo record of a kind get a generated history of that kind.
  const firstDay = (dates: Date[]) =>
    dates.length ? businessDay(new Date(Math.min(...dates.map((d) => d.getTime())))) : addDays(today, 1)
  const demandsFrom = firstDay(src.demands.map((d) => d.submittedAt))
  const bookingsFrom = firstDay(src.bookings.map((b) => b.createdAt))
  const visitsFrom = firstDay(src.visits.map((v) => v.at))

  const stats: StatsDoc[] = []
  const totalsOn = new Map<string, Map<string, Totals>>()
  for (const u of units) {
    const days = new Map<string, Totals>()
    for (const day of daysOf(span)) {
      const t = counted.get(u.id)?.get(day) ?? emptyTotals()
      if (u.kind === 'committee' && day < demandsFrom) generateDemands(rng, t, day, today)
      if (u.kind === 'committee' && day < visitsFrom) generateVisits(rng, t, day)
      if (u.kind === 'center' && day < bookingsFrom) generateBookings(rng, t, day)
      days.set(day, t)
      stats.push({
        _id: statsId(u.id, day),
        committeeId: u.id,
        subdistrictId: SUBDISTRICT.id,
        date: day,
        ...stored(t),
      })
    }
    totalsOn.set(u.id, days)
  }
  await ctx.insert('stats', stats)

  // Digests: the last 7 daily ones, the last 8 weekly ones and last month's performance list.
  const blocks = new Map(ctx.inserted('blocks').map((b) => [b._id, b.name]))
  const unitName = new Map(units.map((u) => [u.id, u.name]))
  const names = {
    unit: (id: string) => unitName.get(id) ?? id,
    block: (id: string | undefined) => (id ? (blocks.get(id) ?? '') : ''),
  }
  const sum = (unitId: string, p: { from: string; to: string }) =>
    daysOf(p).reduce((acc, d) => addInto(acc, totalsOn.get(unitId)?.get(d) ?? emptyTotals()), emptyTotals())
  const overdueAt = (at: Date) => {
    const m = new Map<string, OverdueList>()
    for (const id of committeeIds) {
      const open = src.demands
        .filter((d) => d.committeeId === id && d.open && d.dueAt && d.dueAt.getTime() < at.getTime())
        .sort((a, b) => a.dueAt!.getTime() - b.dueAt!.getTime())
      m.set(id, { count: open.length, cases: open.slice(0, 10).map((d) => overdueCase(d, at, names)) })
    }
    return m
  }
  const digests: DigestDoc[] = []
  const push = (
    kind: 'daily' | 'weekly' | 'performance',
    p: { from: string; to: string; days: number },
    at: Date,
    perf?: ReturnType<typeof performanceOf>,
  ) =>
    digests.push(
      composeDigest({
        subdistrictId: SUBDISTRICT.id,
        kind,
        period: p,
        now: at,
        units,
        totals: new Map(units.map((u) => [u.id, sum(u.id, p)])),
        overdue: overdueAt(at),
        ...(perf ? { performance: perf } : {}),
      }),
    )
  for (let i = 1; i <= 7; i++) {
    const day = addDays(today, -i)
    push('daily', period(day, day), new Date(dayStart(addDays(day, 1)).getTime() + 8 * 3_600_000))
  }
  for (let w = 0; w < 8; w++) {
    const at = new Date(now.getTime() - w * 7 * 86_400_000)
    push('weekly', lastWeek(at), at)
  }
  const month = lastMonth(today)
  const performanceOf = () => {
    const range = { start: dayStart(month.from), end: periodEnd(month) }
    const staff = ctx.inserted('staff')
    return {
      period: month,
      staff: staff
        .filter((s) => s.role !== 'officer')
        .map((s) => {
          const u = units.find((x) => x.id === (s.role === 'windowClerk' ? s.centerId : s.committeeId))
          return u
            ? {
                openid: s._id,
                name: s.name,
                role: ROLE_LABEL[s.role],
                unitId: u.id,
                unitName: u.name,
                ...fiveDimensions(src, range, personScope(s._id)),
              }
            : undefined
        })
        .filter((x): x is NonNullable<typeof x> => x !== undefined),
      units: units.map((u) => ({
        unitId: u.id,
        unitName: u.name,
        ...fiveDimensions(
          u.kind === 'committee'
            ? {
                demands: src.demands.filter((d) => d.committeeId === u.id),
                visits: src.visits.filter((v) => v.committeeId === u.id),
                talents: src.talents.filter((x) => x.committeeId === u.id),
                bookings: [],
              }
            : { demands: [], visits: [], talents: [], bookings: src.bookings },
          range,
          unitScope,
        ),
      })),
    }
  }
  push(
    'performance',
    month,
    new Date(dayStart(addDays(month.to, 1)).getTime() + 7 * 3_600_000),
    performanceOf(),
  )
  await ctx.insert('digests', digests)
}

/** Totals as a day document stores them: dotted counter names nested (the benchmark loads history with it too). */
export function stored(t: Totals): Doc {
  const nest = (flat: Record<string, number>): Doc => {
    const out: Doc = {}
    for (const [path, n] of Object.entries(flat)) {
      if (!n) continue
      const parts = path.split('.')
      let node = out
      for (const p of parts.slice(0, -1)) node = (node[p] ??= {}) as Doc
      node[parts[parts.length - 1]] = n
    }
    return out
  }
  const demands = nest(t.demands as unknown as Record<string, number>)
  const byCategory = Object.fromEntries(
    Object.entries(t.byCategory).map(([c, v]) => [c, nest(v as unknown as Record<string, number>)]),
  )
  if (Object.keys(byCategory).length) demands.byCategory = byCategory
  return {
    demands,
    bookings: nest(t.bookings as unknown as Record<string, number>),
    visits: nest(t.visits as unknown as Record<string, number>),
  }
}

const WEIGHTS: Record<string, number> = {
  sanitation: 5,
  property: 4,
  noise: 3,
  facilities: 3,
  neighbors: 2,
  policy: 2,
  elderly: 2,
  safety: 1,
  other: 1,
}

function pick(rng: Rng, weights: Record<string, number>): string {
  const total = Object.values(weights).reduce((a, b) => a + b, 0)
  let r = rng.next() * total
  for (const [k, w] of Object.entries(weights)) if ((r -= w) < 0) return k
  return Object.keys(weights)[0]
}

const isWeekend = (day: string) => [0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())

function generateDemands(rng: Rng, t: Totals, day: string, today: string): void {
  const recent = day > addDays(today, -30)
  const n = rng.int(isWeekend(day) ? 1 : 2, isWeekend(day) ? 4 : 7)
  const weights = recent ? { ...WEIGHTS, noise: 7 } : WEIGHTS
  for (let i = 0; i < n; i++) {
    const cat = pick(rng, weights)
    if (!DEMAND_TAXONOMY.some((c) => c.code === cat)) continue
    const c = (t.byCategory[cat] ??= emptyCategory())
    const bump = (...names: (keyof Totals['demands'])[]) => {
      for (const name of names) {
        t.demands[name]++
        c[name]++
      }
    }
    bump('submitted')
    bump('responded')
    if (rng.chance(0.92)) bump('respondedIn24h')
    else bump('responseOverdue', 'overdue')
    if (rng.chance(0.25)) bump('answeredAtOnce')
    if (rng.chance(0.85)) {
      bump('resolved')
      if (rng.chance(0.65)) {
        bump('rated')
        const r = rng.next()
        if (r < 0.72) bump('satisfaction.satisfied')
        else if (r < 0.92) bump('satisfaction.basic')
        else bump('satisfaction.dissatisfied', 'reopened')
      }
    } else if (rng.chance(0.2)) bump('rejected')
    if (rng.chance(0.05)) bump('resolutionOverdue', 'overdue')
    if (rng.chance(0.04)) bump('escalated')
    if (rng.chance(0.03)) bump('microMatter')
  }
}

function generateVisits(rng: Rng, t: Totals, day: string): void {
  if (isWeekend(day)) return
  const done = rng.int(2, 6)
  t.visits.done += done
  t.visits['byMode.home'] += done - 1
  t.visits['byMode.online'] += 1
  t.visits.due += rng.int(3, 6)
  if (rng.chance(0.1)) t.visits.talentsFound++
}

function generateBookings(rng: Rng, t: Totals, day: string): void {
  if (isWeekend(day)) return
  t.bookings.booked = rng.int(20, 35)
  t.bookings.walkIn = rng.int(5, 15)
  t.bookings.noShow = rng.int(0, 3)
  t.bookings.notDone = rng.int(0, 2)
  t.bookings.served = t.bookings.booked + t.bookings.walkIn - t.bookings.noShow - t.bookings.notDone
  t.bookings.ratings = Math.floor(t.bookings.served * 0.4)
  t.bookings.ratedGood = Math.round(t.bookings.ratings * 0.9)
  t.bookings.ratingSum = t.bookings.ratedGood * 5 + (t.bookings.ratings - t.bookings.ratedGood) * 3
}
