/**
 * What every visits action shares: the privacy rule (a family file is visible to the block head of its
 * block and the committee admin only), the audit trail of staff reads, the committee's cadence, and the
 * views that turn stored documents into wire shapes.
 */
import type { PendingOutbox } from '../../types/messages'
import type {
  Cadence,
  CorrectionDoc,
  HouseholdDoc,
  HouseholdView,
  OnlineVisitDoc,
  VisitDoc,
  VisitMode,
  VisitSettingsDoc,
  VisitView,
} from '../../types/visits'
import { TaskKey } from '../../types/visits'
import type { Database } from '../shared/cloud'
import { DocumentShapeError, storeOf, type CollectionName } from '../shared/data'
import type { StatsKey } from '../shared/stats'
import { invalid, notFound } from '../shared/errors'
import { newId } from '../shared/ids'
import type { Ctx } from '../shared/router'
import { dueStatus, effectiveCadence, nextDue } from './rules/cadence'
import { address, maskPhone, suggestClass } from './rules/household'

export const toDate = (v: unknown): Date | null => {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v)
    return Number.isNaN(d.getTime()) ? null : d
  }
  return null
}
export const iso = (v: unknown): string | undefined => toDate(v)?.toISOString()
export const isoOr = (v: unknown, fallback: Date): string =>
  toDate(v)?.toISOString() ?? fallback.toISOString()

/** The staff member's committee; a staff record without one can reach no family file. */
export function staffCommittee(ctx: Ctx): string {
  const id = ctx.caller.staff?.committeeId
  if (!id) throw notFound()
  return id
}

/** True when the caller may see this family file. */
export function inScope(ctx: Ctx, h: { committeeId: string; blockId: string }): boolean {
  const staff = ctx.caller.staff
  if (!staff?.committeeId || staff.committeeId !== h.committeeId) return false
  if (ctx.scope === 'committee') return true
  if (ctx.scope === 'blocks') return staff.blockIds.includes(h.blockId)
  return false
}

/**
 * A condition on the committee and blocks, which households, visits, corrections and talents all carry (a
 * type alias, not an interface, so that it fits each repository's `Where`).
 */
export type ScopeWhere = {
  readonly committeeId: string
  /** One block, or a query command over the caller's blocks. */
  readonly blockId?: unknown
}

/**
 * The `where` that limits a staff query to the caller's files; `blockId` narrows it further. A block
 * outside the caller's blocks answers NOT_FOUND, like a file outside them.
 */
export function scopeWhere(ctx: Ctx, blockId?: string): ScopeWhere {
  const committeeId = staffCommittee(ctx)
  if (ctx.scope === 'committee') return blockId ? { committeeId, blockId } : { committeeId }
  const blocks = ctx.caller.staff?.blockIds ?? []
  if (blockId) {
    if (!blocks.includes(blockId)) throw notFound('没有找到这个片区')
    return { committeeId, blockId }
  }
  return { committeeId, blockId: ctx._.in(blocks) }
}

/** The blocks the caller covers, for display; the admin's are all blocks of the committee. */
export function scopeBlocks(ctx: Ctx): string[] {
  return ctx.scope === 'blocks' ? [...(ctx.caller.staff?.blockIds ?? [])] : []
}

/**
 * Every staff read of a family file is written to `audit` before the data leaves, so nothing is shown
 * that the trail does not record. Denied attempts are recorded too.
 */
export async function audit(
  ctx: Ctx,
  subjectIds: readonly string[],
  outcome: 'read' | 'denied' | 'changed' | 'revealed',
  /** The one field a reveal showed (`members.2.phone`): the trail says whose number was seen, never the number. */
  field?: string,
): Promise<void> {
  await ctx.store.audit.add({
    _id: newId(),
    at: ctx.now,
    fn: 'visits',
    action: ctx.action,
    actorOpenid: ctx.caller.openid,
    actorRole: ctx.role,
    subjectKind: 'household',
    // A single file is indexed by its id; a list by the marker, with its ids beside.
    subjectId: subjectIds.length === 1 ? subjectIds[0] : `list:${ctx.action}`,
    subjectIds: subjectIds.slice(0, 1000),
    count: subjectIds.length,
    outcome,
    ...(field ? { field } : {}),
    requestId: ctx.requestId,
    // A read, or a change whose versions are in householdVersions: the entry holds no copy of the file.
    before: null,
    after: null,
  })
}

/** What a staff member hears for a file they may not see, exactly as for one that does not exist. */
export const FILE_NOT_FOUND = '没有找到这户家庭的档案'

/** Loads a family file the caller may see, or answers NOT_FOUND (after auditing the attempt). */
export async function loadHouseholdForStaff(ctx: Ctx, householdId: string): Promise<HouseholdDoc> {
  const doc = await ctx.store.households.get(householdId)
  if (!doc || !inScope(ctx, doc)) {
    await audit(ctx, [householdId], 'denied')
    throw notFound(FILE_NOT_FOUND)
  }
  return doc
}

export async function loadCadence(db: Database, committeeId: string): Promise<Cadence> {
  const settings = await storeOf(db)
    .visitSettings.get(committeeId)
    .catch((err: unknown) => {
      // Settings that no longer fit must not stop the visits of a whole committee: the defaults apply.
      if (err instanceof DocumentShapeError) return null
      throw err
    })
  return effectiveCadence(settings?.cadence)
}

/**
 * The `$lookup` of a committee's visit settings beside a row that carries its `committeeId` (a household,
 * a staff member), into `settings`: the cadence read in the same request as the row.
 */
export function settingsLookup(): Record<string, unknown> {
  const from: CollectionName = 'visitSettings'
  return { from, localField: 'committeeId', foreignField: '_id', as: 'settings' }
}

/** The cadence from looked-up settings (`lookupRows('visitSettings')`): none, or none that fits, is the default. */
export function settingsCadence(settings: readonly VisitSettingsDoc[]): Cadence {
  return effectiveCadence(settings[0]?.cadence)
}

/** Next due date as the committee's current cadence gives it (a changed cadence applies at once). */
export function dueOf(h: Pick<HouseholdDoc, 'class' | 'lastContactAt'>, cadence: Cadence): Date | null {
  return nextDue(h, toDate(h.lastContactAt), cadence)
}

export function householdView(
  h: HouseholdDoc,
  cadence: Cadence,
  now: Date,
  opts: { maskPhones?: boolean } = {},
): HouseholdView {
  const due = dueOf(h, cadence)
  return {
    id: h._id,
    committeeId: h.committeeId,
    blockId: h.blockId,
    building: h.building,
    room: h.room,
    class: h.class,
    preferredChannel: h.preferredChannel,
    members: (h.members ?? []).map((m) => ({
      name: m.name,
      relation: m.relation,
      birthYear: m.birthYear,
      phone: opts.maskPhones ? maskPhone(m.phone) : m.phone,
      tags: m.tags ?? [],
    })),
    notes: h.notes ?? '',
    residentCount: (h.residentOpenids ?? []).length,
    lastContactAt: iso(h.lastContactAt),
    nextDueAt: due?.toISOString(),
    status: dueStatus(due, now),
    version: h.version ?? 1,
    updatedAt: isoOr(h.updatedAt, now),
    suggestedClass: suggestClass(h.class, h.members ?? []),
    pendingOnlineVisitId: h.pendingOnlineVisitId || undefined,
  }
}

const TASK_KEYS = TaskKey.options

export function visitView(v: VisitDoc): VisitView {
  const t = v.tasks
  return {
    id: v._id,
    householdId: v.householdId,
    mode: v.mode,
    source: v.source,
    at: isoOr(v.visitedAt, new Date(0)),
    byName: v.visitorName,
    notes: v.notes ?? '',
    tasksDone: t ? TASK_KEYS.filter((k) => t[k]?.done) : [],
    service: t?.deliverService.service,
    topic: t?.publicize.topic,
    changes: t?.learnSituation.changes,
    demandIds: v.demandIds ?? [],
    talentIds: v.talentIds ?? [],
    answer: v.answer,
  }
}

export function correctionView(
  c: CorrectionDoc,
  h: { building: string; room: string } | undefined,
  now: Date,
) {
  return {
    id: c._id,
    householdId: c.householdId,
    // Without the household at hand, the address the request itself may carry.
    address: h ? address(h) : typeof c.address === 'string' ? c.address : '',
    text: c.text,
    status: c.status,
    createdAt: isoOr(c.createdAt, now),
  }
}

export function onlineVisitView(o: OnlineVisitDoc, now: Date) {
  return {
    id: o._id,
    householdId: o.householdId,
    message: o.message,
    questions: o.questions ?? [],
    sentByName: o.sentByName,
    sentAt: isoOr(o.sentAt, now),
    status: o.status,
    answer: o.answer,
    answeredAt: iso(o.answeredAt),
  }
}

/** When an offline draft says the visit happened: not in the future, not older than 30 days. */
export function visitedAtOf(input: string | undefined, now: Date): Date {
  if (!input) return now
  const at = new Date(input)
  if (at.getTime() > now.getTime() + 5 * 60_000) throw invalid('visitedAt', '走访时间不能晚于现在')
  if (at.getTime() < now.getTime() - 30 * 86_400_000) throw invalid('visitedAt', '只能补录30天内的走访')
  return at
}

/**
 * A contact made with the household (a visit recorded, an online visit answered) at `at`: the last contact
 * moves to it but never back (a draft submitted late may be older than the last contact), and the next due
 * date follows from the cadence.
 */
export function contactPatch(
  h: Pick<HouseholdDoc, 'class' | 'lastContactAt'>,
  at: Date,
  cadence: Cadence,
): { lastContactAt: Date; nextDueAt: Date | undefined } {
  const prev = toDate(h.lastContactAt)
  const last = prev && prev.getTime() > at.getTime() ? prev : at
  return { lastContactAt: last, nextDueAt: nextDue(h, last, cadence) ?? undefined }
}

/**
 * The counters a contact adds, for the visit to carry (VisitOutbox): `visits.done`, `visits.byMode.<mode>` and
 * any `extra` `visits.*` counters on the day it is recorded, and `visits.due` (应访) on the day the next visit
 * falls due, as the reports recount defines it (a visit on day t makes the next one due on t + cadence). The
 * demands it raises carry their own counters.
 */
export function contactCounters(
  key: StatsKey,
  h: Pick<HouseholdDoc, 'class' | 'lastContactAt'>,
  at: Date,
  cadence: Cadence,
  contact: { mode: VisitMode; extra?: Readonly<Record<string, number>> },
): Pick<PendingOutbox, 'stats' | 'moreStats'> {
  const counters: Record<string, number> = {
    'visits.done': 1,
    [`visits.byMode.${contact.mode}`]: 1,
    ...contact.extra,
  }
  const due = contactPatch(h, at, cadence).nextDueAt
  const pairs = (c: Record<string, number>) => Object.entries(c).map(([name, n]) => ({ name, n }))
  return {
    stats: { ...key, counters: pairs(counters) },
    ...(due ? { moreStats: [{ ...key, at: due, counters: pairs({ 'visits.due': 1 }) }] } : {}),
  }
}
