/**
 * Reads the other features' records and turns them into the facts the rules work on (rules/facts.ts). The
 * only place that knows the document shapes of `demands`, `bookings`, `visits` and `talents`; queries page
 * by `_id` so a large period never skips or repeats a document.
 */
import type { DemandDoc } from '../../types/demands'
import { CATEGORY_LABEL, OPEN_STATUSES } from '../../types/demands'
import type { BookingDoc } from '../../types/bookings'
import { DEFAULT_CADENCE, type TalentDoc, type VisitDoc } from '../../types/visits'
import type { Database } from '../shared/cloud'
import { countWhere, findMany } from '../shared/db'
import type {
  BookingFacts,
  DemandAction,
  DemandActionKind,
  DemandFacts,
  RatingLevel,
  TalentFacts,
  VisitFacts,
} from './rules/facts'

type Where = Record<string, unknown>
const PAGE = 1000

/** `where` past `last` in `_id` order; kept a plain object where it can be, so the index planner sees it. */
function after(db: Database, where: Where, last: string | undefined): Where {
  if (last === undefined) return where
  return { ...where, _id: db.command.gt(last) }
}

/** Every document matching `where`, in pages of 1000 ordered by `_id`. */
export async function scan<T extends { _id: string }>(
  db: Database,
  collection: string,
  where: Where,
  fields?: Record<string, boolean>,
  onPage?: (n: number) => void,
): Promise<T[]> {
  const out: T[] = []
  let last: string | undefined
  for (;;) {
    let q = db
      .collection(collection)
      .where(after(db, where, last))
      .orderBy('_id', 'asc')
      .limit(PAGE)
    if (fields) q = q.field({ ...fields, _id: true })
    const res = (await q.get()) as unknown as { data: T[] }
    out.push(...res.data)
    onPage?.(res.data.length)
    if (res.data.length < PAGE) return out
    last = res.data[res.data.length - 1]._id
  }
}

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

export function demandFacts(doc: DemandDoc): DemandFacts {
  const actions: DemandAction[] = []
  const ratings: { at: Date; level: RatingLevel }[] = []
  const reopens: Date[] = []
  for (const e of doc.events ?? []) {
    const at = toDate(e.at)
    const kind = EVENT_KIND[e.type]
    if (kind) {
      actions.push({
        at,
        by: e.by,
        kind,
        ...(kind === 'reject' ? { investigated: Boolean(doc.investigation) } : {}),
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
    open: isOpenStatus(doc.status),
    submittedAt: toDate(doc.submittedAt),
    responseDueAt: toDate(doc.firstResponseDueAt),
    resolutionDueAt: optDate(doc.resolutionDueAt),
    dueAt: optDate(doc.dueAt),
    assignee: doc.assigneeOpenid,
    actions,
    ratings,
    reopens,
  }
}

export function bookingFacts(b: BookingDoc & { ratedAt?: unknown }): BookingFacts {
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

export function visitFacts(v: VisitDoc, intervalDays: number): VisitFacts {
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

export function talentFacts(t: TalentDoc): TalentFacts {
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
}

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
    scan<DemandDoc>(db, 'demands', { committeeId: ids, updatedAt: _.gte(start) }, DEMAND_FIELDS),
    scan<DemandDoc>(
      db,
      'demands',
      { committeeId: ids, dueAt: _.and(_.gte(start), _.lt(end)) },
      DEMAND_FIELDS,
    ),
  ])
  const byId = new Map<string, DemandDoc>()
  for (const d of [...changed, ...due]) byId.set(d._id, d)
  return [...byId.values()].map(demandFacts)
}

/** What a masked case (mask.ts `maskedCase`, digests' overdue cases) reads of a demand. */
export const MASKED_CASE_FIELDS = {
  committeeId: true,
  blockId: true,
  category: true,
  text: true,
  status: true,
  submittedAt: true,
  firstResponseDueAt: true,
  dueAt: true,
}

/**
 * The exact count of the demands matching `where` and the first `limit` of them in `orderBy` order, as facts
 * to mask (events are not read).
 */
export async function maskedPage(
  db: Database,
  where: Where,
  orderBy: [string, 'asc' | 'desc'],
  limit: number,
): Promise<{ total: number; page: DemandFacts[] }> {
  const [total, docs] = await Promise.all([
    countWhere(db, 'demands', where),
    findMany<DemandDoc>(db, 'demands', where, { orderBy: [orderBy], limit, fields: MASKED_CASE_FIELDS }),
  ])
  return { total, page: docs.map((d) => demandFacts({ ...d, events: [] })) }
}

/** Demands submitted in [start, end). */
export async function demandsSubmitted(
  db: Database,
  committeeIds: readonly string[],
  start: Date,
  end: Date,
): Promise<DemandFacts[]> {
  const _ = db.command
  const docs = await scan<DemandDoc>(
    db,
    'demands',
    { committeeId: _.in([...committeeIds]), submittedAt: _.and(_.gte(start), _.lt(end)) },
    DEMAND_FIELDS,
  )
  return docs.map(demandFacts)
}

/** Cases still open that were submitted before `before`. */
export async function openDemandsBefore(
  db: Database,
  committeeIds: readonly string[],
  before: Date,
): Promise<DemandFacts[]> {
  const _ = db.command
  const docs = await scan<DemandDoc>(
    db,
    'demands',
    { committeeId: _.in([...committeeIds]), status: _.in([...OPEN_STATUSES]), submittedAt: _.lte(before) },
    DEMAND_FIELDS,
  )
  return docs.map(demandFacts)
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
  const docs = await scan<BookingDoc>(
    db,
    'bookings',
    _.and([
      { subdistrictId },
      _.or([{ createdAt: inP }, { finishedAt: inP }, { ratedAt: inP }]),
    ]) as unknown as Where,
    {
      committeeId: true,
      centerId: true,
      walkIn: true,
      status: true,
      createdAt: true,
      finishedAt: true,
      clerkOpenid: true,
      rating: true,
      ratedAt: true,
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
  const docs = await scan<VisitDoc>(
    db,
    'visits',
    { committeeId: _.in([...committeeIds]), visitedAt: _.and(_.gte(start), _.lt(end)) },
    { committeeId: true, householdId: true, visitorOpenid: true, visitedAt: true, mode: true, source: true },
  )
  if (!withDue) return docs.map((v) => visitFacts(v, DEFAULT_CADENCE.B))
  const households = await scan<{ _id: string; class?: 'A' | 'B' | 'C' }>(
    db,
    'households',
    { committeeId: _.in([...committeeIds]) },
    { class: true },
  )
  const classOf = new Map(households.map((h) => [h._id, h.class ?? 'B']))
  const settings = await scan<{ _id: string; cadence?: Record<'A' | 'B' | 'C', number> }>(
    db,
    'visitSettings',
    { _id: _.in([...committeeIds]) },
  )
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
  const docs = await scan<TalentDoc>(
    db,
    'talents',
    { committeeId: _.in([...committeeIds]), createdAt: _.and(_.gte(start), _.lt(end)) },
    { committeeId: true, consent: true, createdAt: true },
  )
  return docs.map(talentFacts)
}

/**
 * Demands of each committee submitted in [start, end), a page at a time in submission order: each page walks
 * the committee+submittedAt index from a cursor instead of re-filtering the whole period (which paging by
 * `_id` would do), so a 50k-row export reads each document once. Cases submitted in the same millisecond
 * across a page boundary are recognised by id and not written twice.
 */
export async function forEachSubmittedPage<T extends { _id: string; submittedAt: unknown }>(
  db: Database,
  committeeIds: readonly string[],
  start: Date,
  end: Date,
  extra: Where,
  fields: Record<string, boolean>,
  each: (page: T[]) => Promise<void> | void,
): Promise<void> {
  const _ = db.command
  for (const committeeId of committeeIds) {
    let cursor = start
    let seen = new Set<string>()
    for (;;) {
      const limit = PAGE + seen.size
      const res = (await db
        .collection('demands')
        .where({ ...extra, committeeId, submittedAt: _.and(_.gte(cursor), _.lt(end)) })
        .orderBy('submittedAt', 'asc')
        .limit(Math.min(limit, 1000))
        .field({ ...fields, _id: true, submittedAt: true })
        .get()) as unknown as { data: T[] }
      const fresh = res.data.filter((d) => !seen.has(d._id))
      if (fresh.length) await each(fresh)
      if (res.data.length < Math.min(limit, 1000)) break
      const last = toDate(res.data[res.data.length - 1].submittedAt)
      const sameTime = res.data
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
