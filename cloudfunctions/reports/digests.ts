/**
 * Digests (摘要): built from the day counters and the open overdue cases, stored once per (sub-district,
 * kind, period) under a derived `_id`, and pushed through the outbox with one dedupe key per recipient — so
 * a timer that fires twice, or a run that died half-way, stores one digest and sends one message each.
 */
import type {
  Digest,
  DigestDoc,
  DigestKind,
  DigestUnit,
  Period,
  PerformanceOutput,
  Totals,
  Unit,
} from '../../types/reports'
import type { DemandFacts } from './rules/facts'
import type { Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { isDuplicateKey } from '../shared/errors'
import { enqueue, type OutgoingMessage } from '../shared/outbox'
import { caseNames, maskedCase, type CaseNames } from './mask'
import { ratesOf, emptyTotals, addInto, sumTotals } from './rules/totals'
import { demandFlow } from '../../types/reports'
import { batchRead, type Read } from './batch'
import { blockRead, committeeIdsOf } from './scope'
import { maskedPageFrom, maskedPageReads, toDate } from './source'
import { dayOf, daysRead } from './stats'

/** Overdue cases listed per unit in a digest; the count beside them is exact. */
export const OVERDUE_LISTED = 10
export const DIGEST_PAGE = 'pkg-office/reports/digest/index'

export const digestId = (subdistrictId: string, kind: DigestKind, p: Pick<Period, 'from'>): string =>
  `digest:${subdistrictId}:${kind}:${p.from}`

const TITLE: Record<DigestKind, string> = {
  daily: '每日摘要',
  weekly: '每周摘要',
  performance: '月度五维绩效',
}

export function digestTitle(kind: DigestKind, p: Period): string {
  return kind === 'daily' ? `${TITLE.daily} ${p.from}` : `${TITLE[kind]} ${p.from} 至 ${p.to}`
}

/** A stored digest as the wire shows it. */
export function digestView(doc: DigestDoc): Digest {
  const { _id, periodStart: _p, generatedAt, ...rest } = doc
  return { ...rest, id: _id, generatedAt: toDate(generatedAt).toISOString() }
}

export type OverdueList = { count: number; cases: DigestUnit['overdue'] }

/** A digest from the period's totals per unit and the overdue cases per committee (pure; the seed uses it too). */
export function composeDigest(args: {
  subdistrictId: string
  kind: DigestKind
  period: Period
  now: Date
  units: readonly Unit[]
  totals: ReadonlyMap<string, Totals>
  overdue: ReadonlyMap<string, OverdueList>
  performance?: PerformanceOutput
}): DigestDoc {
  const { subdistrictId, kind, period, now, units, performance } = args
  const lines: DigestUnit[] = units.map((u) => {
    const t = args.totals.get(u.id) ?? emptyTotals()
    const o = args.overdue.get(u.id) ?? { count: 0, cases: [] }
    return {
      ...u,
      newDemands: t.demands.submitted,
      rates: ratesOf(t),
      overdueCount: o.count,
      overdue: o.cases,
      bookingsServed: t.bookings.served,
      noShows: t.bookings.noShow,
      visitsDone: t.visits.done,
      visitsDue: t.visits.due,
      flow: demandFlow(t),
    }
  })
  const all = sumTotals(units.map((u) => args.totals.get(u.id) ?? emptyTotals()))
  return {
    _id: digestId(subdistrictId, kind, period),
    kind,
    subdistrictId,
    periodStart: period.from,
    period,
    generatedAt: now,
    title: digestTitle(kind, period),
    units: lines,
    total: {
      newDemands: all.demands.submitted,
      rates: ratesOf(all),
      overdueCount: lines.reduce((n, l) => n + l.overdueCount, 0),
      overdue: [],
      bookingsServed: all.bookings.served,
      noShows: all.bookings.noShow,
      visitsDone: all.visits.done,
      visitsDue: all.visits.due,
      flow: demandFlow(all),
    },
    ...(performance ? { performance } : {}),
  }
}

/** An overdue case as a digest lists it. */
export function overdueCase(f: DemandFacts, now: Date, names: CaseNames): DigestUnit['overdue'][number] {
  const due = f.dueAt ?? f.responseDueAt
  return {
    ...maskedCase(f, now, names),
    dueAt: due.toISOString(),
    overdueHours: Math.max(0, Math.floor((now.getTime() - due.getTime()) / 3_600_000)),
  }
}

/** The digest of the sub-district's units (`unitsOf`) for the period; it is not stored here. */
export async function buildDigest(
  db: Database,
  subdistrictId: string,
  kind: DigestKind,
  period: Period,
  now: Date,
  units: readonly Unit[],
  performance?: PerformanceOutput,
): Promise<DigestDoc> {
  const _ = db.command
  const committeeIds = committeeIdsOf(units)
  // The days, the block names and each committee's overdue cases (open cases past the deadline they work
  // against now; closed cases have no dueAt): one request.
  const overdueReads: Record<string, Read> = Object.fromEntries(
    committeeIds.flatMap((id, i) =>
      Object.entries(
        maskedPageReads({ committeeId: id, dueAt: _.lt(now) }, ['dueAt', 'asc'], OVERDUE_LISTED),
      ).map(([k, r]) => [`${k}${i}`, r]),
    ),
  )
  const a = await batchRead(
    db,
    { collection: 'subdistricts', id: subdistrictId },
    {
      days: daysRead(
        db,
        units.map((u) => u.id),
        period,
      ),
      blocks: blockRead(_, committeeIds),
    },
    overdueReads,
  )
  const days = (a?.days ?? []).map(dayOf)
  const blocks = new Map((a?.blocks ?? []).map((b) => [b._id, b.name]))
  const totals = new Map(units.map((u) => [u.id, emptyTotals()]))
  for (const d of days) addInto(totals.get(d.unitId)!, d.totals)
  const names = caseNames(units, blocks)
  const overdue = new Map<string, OverdueList>()
  committeeIds.forEach((id, i) => {
    const { total, page } = maskedPageFrom({ page: a?.more[`page${i}`], total: a?.more[`total${i}`] })
    overdue.set(id, { count: total, cases: page.map((f) => overdueCase(f, now, names)) })
  })
  return composeDigest({ subdistrictId, kind, period, now, units, totals, overdue, performance })
}

const pct = (r: number | null): string => (r === null ? '—' : `${Math.round(r * 100)}%`)

/**
 * Stores the digest once and pushes it once to each recipient. `alreadyStored`: `doc` is the stored digest,
 * just read by the caller; otherwise it is a freshly built one, stored unless another run stored its own
 * first (then that one is pushed).
 */
export async function publishDigest(
  db: Database,
  doc: DigestDoc,
  recipients: readonly string[],
  now: Date,
  alreadyStored: boolean,
): Promise<{ stored: boolean; queued: number }> {
  const digests = storeOf(db).digests
  let stored = false
  let kept = doc
  if (!alreadyStored) {
    try {
      await digests.add(doc)
      stored = true
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // Another run stored the period's digest meanwhile: push that one.
      kept = (await digests.get(doc._id)) ?? doc
    }
  }
  // Even when the digest was already stored (a second firing, or a run that died after storing), the
  // messages are written by dedupe key: missing ones are added, existing ones are left alone.
  const t = kept.total
  const line =
    kept.kind === 'performance'
      ? `${kept.period.from} 至 ${kept.period.to} 五维绩效已生成`
      : // Zero overdue is the target: the count leads, before the day's volume.
        `超期${t.overdueCount}件，新诉求${t.newDemands}件，24小时响应率${pct(t.rates.responseRate)}`
  const msgs: OutgoingMessage[] = recipients.map((openid) => ({
    dedupeKey: `${kept._id}:${openid}`,
    touser: openid,
    templateKey: 'digest',
    page: `${DIGEST_PAGE}?id=${encodeURIComponent(kept._id)}`,
    data: {
      thing1: kept.title,
      time2: kept.period.from === kept.period.to ? kept.period.from : `${kept.period.from}~${kept.period.to}`,
      thing3: line,
    },
  }))
  const queued = await enqueue(db, msgs, now)
  return { stored, queued }
}

/** Who receives a digest: the sub-district's officers, and for the performance list the committee admins too. */
export async function recipients(db: Database, subdistrictId: string, kind: DigestKind): Promise<string[]> {
  const _ = db.command
  const roles = kind === 'performance' ? ['officer', 'committeeAdmin'] : ['officer']
  const staff = await storeOf(db).staff.find(
    { subdistrictId, role: _.in(roles), active: true },
    { orderBy: [['_id', 'asc']], limit: 1000, fields: { openid: true } },
  )
  return staff.map((s) => s.openid)
}

export async function subdistrictIds(db: Database): Promise<string[]> {
  const list = await storeOf(db).subdistricts.find(
    {},
    { orderBy: [['_id', 'asc']], limit: 1000, fields: { _id: true } },
  )
  return list.map((s) => s._id)
}
