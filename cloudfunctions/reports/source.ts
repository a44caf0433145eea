/**
 * Reads the other features' records and turns them into the facts the rules work on (rules/facts.ts). The
 * only place that knows the document shapes of `demands`, `bookings`, `visits` and `talents`; queries page
 * by `_id` so a large period never skips or repeats a document.
 */
import { z } from 'zod'
import { DemandDoc, CATEGORY_LABEL, OPEN_STATUSES, TransferDestination, channelOf } from '../../types/demands'
import type { BookingDoc } from '../../types/bookings'
import { DEFAULT_CADENCE, type TalentDoc, type VisitDoc } from '../../types/visits'
import type { Database } from '../shared/cloud'
import { MAX_PAGE, storeOf, type Where, type WhereFields } from '../shared/data'
import type {
  BookingFacts,
  DemandAction,
  DemandActionKind,
  DemandFacts,
  RatingLevel,
  TalentFacts,
  VisitFacts,
} from './rules/facts'
import { batchRead, type Anchor, type Read } from './batch'

export const toDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)))
const optDate = (v: unknown): Date | undefined => (v === undefined || v === null ? undefined : toDate(v))

export const categoryLabel = (code: string): string =>
  (CATEGORY_LABEL as Record<string, string>)[code] ?? code
export const isOpenStatus = (status: string): boolean => (OPEN_STATUSES as readonly string[]).includes(status)

const EVENT_KIND: Partial<Record<string, DemandActionKind>> = {
  replied: 'reply',
  meeting: 'meeting',
  escalated: 'escalate',
  transferred: 'transfer',
  resolved: 'resolve',
  rejected: 'reject',
  microMatter: 'microMatter',
  duplicate: 'duplicate',
}

/** The level of a rating event: from its data when given, else from the note the demands feature writes. */
function ratingLevel(e: { note?: string; data?: Record<string, unknown> }): RatingLevel | undefined {
  const given = e.data?.level
  if (given === 'satisfied' || given === 'basic' || given === 'dissatisfied') return given
  const note = e.note ?? ''
  if (note.startsWith('基本满意')) return 'basic'
  if (note.startsWith('不满意')) return 'dissatisfied'
  if (note.startsWith('满意')) return 'satisfied'
  return undefined
}

/** What the facts are made of; a masked page reads no events and none of the fields only the rules need. */
export type DemandRow = Pick<
  DemandDoc,
  | '_id'
  | 'committeeId'
  | 'blockId'
  | 'category'
  | 'text'
  | 'status'
  | 'submittedAt'
  | 'firstResponseDueAt'
  | 'dueAt'
  | 'events'
> &
  Partial<
    Pick<
      DemandDoc,
      | 'residentOpenid'
      | 'assigneeOpenid'
      | 'assigneeName'
      | 'department'
      | 'resolutionDueAt'
      | 'investigation'
      | 'channel'
    >
  > & {
    readonly source?: unknown
  }

export function demandFacts(doc: DemandRow): DemandFacts {
  const actions: DemandAction[] = []
  const ratings: { at: Date; level: RatingLevel }[] = []
  const reopens: Date[] = []
  for (const e of doc.events ?? []) {
    const at = toDate(e.at)
    const kind = EVENT_KIND[e.type]
    if (kind) {
      const to = kind === 'transfer' ? TransferDestination.safeParse(e.data?.to) : undefined
      actions.push({
        at,
        by: e.by,
        kind,
        ...(kind === 'reject' ? { investigated: Boolean(doc.investigation) } : {}),
        ...(to?.success ? { to: to.data } : {}),
      })
    } else if (e.type === 'rated') {
      const level = ratingLevel(e)
      if (level) ratings.push({ at, level })
    } else if (e.type === 'reopened') {
      // A 不满意 rating reopens the case in the same step: one event, counted as both.
      if (e.by === doc.residentOpenid && ratingLevel(e) === 'dissatisfied')
        ratings.push({ at, level: 'dissatisfied' })
      reopens.push(at)
    }
  }
  actions.sort((a, b) => a.at.getTime() - b.at.getTime())
  return {
    id: doc._id,
    committeeId: doc.committeeId,
    blockId: doc.blockId,
    category: doc.category,
    text: doc.text ?? '',
    status: doc.status,
    channel: channelOf(doc),
    open: isOpenStatus(doc.status),
    submittedAt: toDate(doc.submittedAt),
    responseDueAt: toDate(doc.firstResponseDueAt),
    resolutionDueAt: optDate(doc.resolutionDueAt),
    dueAt: optDate(doc.dueAt),
    assignee: doc.assigneeOpenid,
    ...(doc.assigneeName
      ? { holder: doc.department ? `${doc.assigneeName}（交办${doc.department.name}）` : doc.assigneeName }
      : {}),
    actions,
    ratings,
    reopens,
  }
}

/** `ratedAt` is stored by the bookings feature beside the rating. */
export type BookingRow = Pick<
  BookingDoc,
  | '_id'
  | 'committeeId'
  | 'centerId'
  | 'walkIn'
  | 'status'
  | 'createdAt'
  | 'finishedAt'
  | 'clerkOpenid'
  | 'rating'
> & { readonly ratedAt?: unknown }

export function bookingFacts(b: BookingRow): BookingFacts {
  const finished = optDate(b.finishedAt)
  return {
    id: b._id,
    unitId: b.committeeId ?? b.centerId,
    walkIn: Boolean(b.walkIn),
    createdAt: toDate(b.createdAt),
    ...(b.status === 'served' && finished ? { served: { at: finished, by: b.clerkOpenid ?? '' } } : {}),
    ...(b.status === 'notDone' && finished ? { notDoneAt: finished } : {}),
    ...(b.status === 'noShow' && finished ? { noShowAt: finished } : {}),
    ...(typeof b.rating === 'number'
      ? { rating: { at: optDate(b.ratedAt) ?? finished ?? toDate(b.createdAt), stars: b.rating } }
      : {}),
  }
}

export type VisitRow = Pick<
  VisitDoc,
  '_id' | 'committeeId' | 'householdId' | 'visitorOpenid' | 'visitedAt' | 'mode' | 'source'
>

export function visitFacts(v: VisitRow, intervalDays: number): VisitFacts {
  return {
    id: v._id,
    committeeId: v.committeeId,
    householdId: v.householdId,
    by: v.visitorOpenid,
    at: toDate(v.visitedAt),
    mode: v.mode,
    byResident: v.source === 'resident',
    intervalDays,
  }
}

export type TalentRow = Pick<TalentDoc, '_id' | 'committeeId' | 'consent' | 'createdAt'>

export function talentFacts(t: TalentRow): TalentFacts {
  return { id: t._id, committeeId: t.committeeId, by: t.consent?.recordedBy ?? '', at: toDate(t.createdAt) }
}

// ---- loaders -------------------------------------------------------------------------------------

const DEMAND_FIELDS = {
  committeeId: true,
  blockId: true,
  category: true,
  text: true,
  status: true,
  residentOpenid: true,
  assigneeOpenid: true,
  submittedAt: true,
  firstResponseDueAt: true,
  resolutionDueAt: true,
  dueAt: true,
  investigation: true,
  events: true,
  channel: true,
  source: true,
  _id: true,
} as const

const scanDemands = (db: Database, where: Where<'demands'>) =>
  storeOf(db).demands.scan(where, { fields: DEMAND_FIELDS })

/**
 * Demands with anything (an event or a deadline) in [start, end) of the given committees: every change sets
 * `updatedAt` (the SLA scan's overdue alert too), and a case still open past a deadline carries that
 * deadline as `dueAt`. Two indexed range queries (committee + updatedAt, committee + dueAt), merged.
 */
export async function demandsTouching(
  db: Database,
  committeeIds: readonly string[],
  start: Date,
  end: Date,
): Promise<DemandFacts[]> {
  const _ = db.command
  const ids = _.in([...committeeIds])
  const [changed, due] = await Promise.all([
    scanDemands(db, { committeeId: ids, updatedAt: _.gte(start) }),
    scanDemands(db, { committeeId: ids, dueAt: _.and(_.gte(start), _.lt(end)) }),
  ])
  const byId = new Map<string, DemandRow>()
  for (const d of [...changed, ...due]) byId.set(d._id, d)
  return [...byId.values()].map(demandFacts)
}

/** `demandsTouching` of the demands matching `base`, in one query (an `$or` of the two ranges). */
export async function demandsTouchingWhere(
  db: Database,
  base: WhereFields<'demands'>,
  start: Date,
  end: Date,
): Promise<DemandFacts[]> {
  const _ = db.command
  const docs = await scanDemands(
    db,
    _.and([base, _.or([{ updatedAt: _.gte(start) }, { dueAt: _.and(_.gte(start), _.lt(end)) }])]),
  )
  return docs.map(demandFacts)
}

/** What a masked case (mask.ts `maskedCase`, digests' overdue cases) reads of a demand. */
export const MASKED_CASE_FIELDS = {
  committeeId: true,
  assigneeName: true,
  department: true,
  blockId: true,
  category: true,
  text: true,
  status: true,
  submittedAt: true,
  firstResponseDueAt: true,
  dueAt: true,
} as const

/** A masked page's rows: the fields `MASKED_CASE_FIELDS` names. */
const MaskedRow = DemandDoc.pick({ ...MASKED_CASE_FIELDS, _id: true })
const Count = z.object({ n: z.number() })

/**
 * The reads (batch.ts) of the exact count of the demands matching `where` and the first `limit` of them in
 * `orderBy` order; `maskedPageFrom` turns their answers into facts to mask (events are not read).
 */
export const maskedPageReads = (
  where: Where<'demands'>,
  orderBy: readonly [keyof DemandDoc & string, 'asc' | 'desc'],
  limit: number,
) =>
  ({
    page: {
      from: 'demands',
      where,
      orderBy: [orderBy],
      limit,
      fields: Object.keys(MASKED_CASE_FIELDS),
      // Parsed by maskedPageFrom, which also takes the answers of several pages read under other names.
      row: z.unknown(),
    },
    total: { from: 'demands', where, count: true, row: z.unknown() },
  }) satisfies Record<string, Read>

export function maskedPageFrom(a: {
  readonly page?: readonly unknown[]
  readonly total?: readonly unknown[]
}): {
  total: number
  page: DemandFacts[]
} {
  const page = (a.page ?? []).flatMap((d) => {
    const p = MaskedRow.safeParse(d)
    return p.success ? [demandFacts({ ...p.data, events: [] })] : []
  })
  return { total: Count.safeParse(a.total?.[0]).data?.n ?? 0, page }
}

/**
 * The exact count of the demands matching `where` and the first `limit` of them in `orderBy` order, as facts
 * to mask (events are not read), in one request hung on `anchor`.
 */
export async function maskedPage(
  db: Database,
  anchor: Anchor,
  where: Where<'demands'>,
  orderBy: readonly [keyof DemandDoc & string, 'asc' | 'desc'],
  limit: number,
): Promise<{ total: number; page: DemandFacts[] }> {
  const a = await batchRead(db, anchor, maskedPageReads(where, orderBy, limit))
  return a ? maskedPageFrom(a) : { total: 0, page: [] }
}

/**
 * The demands of the committees submitted in [start, end), and those still open that were submitted by
 * `before`, in one query: the two sets overlap, and each is told apart by its own condition afterwards.
 */
export async function submittedAndOpenBefore(
  db: Database,
  committeeIds: readonly string[],
  start: Date,
  end: Date,
  before: Date,
): Promise<{ submitted: DemandFacts[]; open: DemandFacts[] }> {
  const _ = db.command
  const ids = _.in([...committeeIds])
  const docs = await scanDemands(
    db,
    _.or([
      { committeeId: ids, submittedAt: _.and(_.gte(start), _.lt(end)) },
      { committeeId: ids, status: _.in([...OPEN_STATUSES]), submittedAt: _.lte(before) },
    ]),
  )
  const facts = docs.map(demandFacts)
  const t = (d: DemandFacts) => d.submittedAt.getTime()
  return {
    submitted: facts.filter((d) => t(d) >= start.getTime() && t(d) < end.getTime()),
    open: facts.filter((d) => d.open && t(d) <= before.getTime()),
  }
}

/** Bookings of a sub-district created, finished or rated in [start, end). */
export async function bookingsTouching(
  db: Database,
  subdistrictId: string,
  start: Date,
  end: Date,
): Promise<BookingFacts[]> {
  const _ = db.command
  const inP = _.and(_.gte(start), _.lt(end))
  const bookings = storeOf(db).bookings
  const docs = await bookings.scan(
    _.and([{ subdistrictId }, _.or([{ createdAt: inP }, { finishedAt: inP }, { ratedAt: inP }])]),
    {
      fields: {
        committeeId: true,
        centerId: true,
        walkIn: true,
        status: true,
        createdAt: true,
        finishedAt: true,
        clerkOpenid: true,
        rating: true,
        ratedAt: true,
        _id: true,
      },
    },
  )
  return docs.map(bookingFacts)
}

/**
 * Visits of the committees made in [start, end). With `withDue`, the next due date needs each household's
 * class and the committee's cadence, read alongside.
 */
export async function visitsIn(
  db: Database,
  committeeIds: readonly string[],
  start: Date,
  end: Date,
  withDue = false,
): Promise<VisitFacts[]> {
  const _ = db.command
  const store = storeOf(db)
  const docs = await store.visits.scan(
    { committeeId: _.in([...committeeIds]), visitedAt: _.and(_.gte(start), _.lt(end)) },
    {
      fields: {
        committeeId: true,
        householdId: true,
        visitorOpenid: true,
        visitedAt: true,
        mode: true,
        source: true,
      },
    },
  )
  if (!withDue) return docs.map((v) => visitFacts(v, DEFAULT_CADENCE.B))
  const households = await store.households.scan(
    { committeeId: _.in([...committeeIds]) },
    { fields: { class: true } },
  )
  const classOf = new Map(households.map((h) => [h._id, h.class ?? 'B']))
  const settings = await store.visitSettings.scan({ _id: _.in([...committeeIds]) })
  const cadenceOf = new Map(settings.map((s) => [s._id, { ...DEFAULT_CADENCE, ...(s.cadence ?? {}) }]))
  return docs.map((v) => {
    const cadence = cadenceOf.get(v.committeeId) ?? DEFAULT_CADENCE
    return visitFacts(v, cadence[classOf.get(v.householdId) ?? 'B'])
  })
}

export async function talentsIn(
  db: Database,
  committeeIds: readonly string[],
  start: Date,
  end: Date,
): Promise<TalentFacts[]> {
  const _ = db.command
  const talents = storeOf(db).talents
  const docs = await talents.scan(
    { committeeId: _.in([...committeeIds]), createdAt: _.and(_.gte(start), _.lt(end)) },
    { fields: { committeeId: true, consent: true, createdAt: true } },
  )
  return docs.map(talentFacts)
}

/** What an export row reads of a demand (`lastRating`: the demands feature keeps a 不满意 rating there). */
export const EXPORT_FIELDS = {
  committeeId: true,
  blockId: true,
  category: true,
  text: true,
  status: true,
  submittedAt: true,
  firstRespondedAt: true,
  resolvedAt: true,
  overdue: true,
  rating: true,
  lastRating: true,
  residentName: true,
  _id: true,
} as const

export type ExportRow = Pick<DemandDoc, keyof typeof EXPORT_FIELDS>
const { lastRating: _lastRating, ...DECLARED_EXPORT_FIELDS } = EXPORT_FIELDS
export const ExportRow = DemandDoc.pick(DECLARED_EXPORT_FIELDS).extend({ lastRating: z.unknown().optional() })

/**
 * Demands of each committee submitted in [start, end), a page at a time in submission order: each page walks
 * the committee+submittedAt index from a cursor instead of re-filtering the whole period (which paging by
 * `_id` would do), so a 50k-row export reads each document once. Cases submitted in the same millisecond
 * across a page boundary are recognised by id and not written twice.
 */
export async function forEachSubmittedPage(
  db: Database,
  committeeIds: readonly string[],
  start: Date,
  end: Date,
  extra: WhereFields<'demands'>,
  each: (page: ExportRow[]) => Promise<void> | void,
): Promise<void> {
  const _ = db.command
  const demands = storeOf(db).demands
  for (const committeeId of committeeIds) {
    let cursor = start
    let seen = new Set<string>()
    for (;;) {
      const limit = MAX_PAGE + seen.size
      const rows: ExportRow[] = await demands.find(
        { ...extra, committeeId, submittedAt: _.and(_.gte(cursor), _.lt(end)) },
        { orderBy: [['submittedAt', 'asc']], limit: Math.min(limit, 1000), fields: EXPORT_FIELDS },
      )
      const fresh = rows.filter((d) => !seen.has(d._id))
      if (fresh.length) await each(fresh)
      if (rows.length < Math.min(limit, 1000)) break
      const last = toDate(rows[rows.length - 1].submittedAt)
      const sameTime = rows
        .filter((d) => toDate(d.submittedAt).getTime() === last.getTime())
        .map((d) => d._id)
      // A whole page in one millisecond cannot move the cursor: step past it (never seen in practice).
      if (sameTime.length >= 1000) {
        cursor = new Date(last.getTime() + 1)
        seen = new Set()
      } else {
        cursor = last
        seen = new Set(sameTime)
      }
    }
  }
}
