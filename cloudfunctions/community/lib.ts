/**
 * What the community actions share: the resident created on first sight, views that turn documents into
 * wire shapes (ISO dates), transaction reads, and audit records of role changes.
 */
import {
  AuditDoc,
  BlockDoc,
  CommitteeDoc,
  NoticeDoc,
  ResidentDoc,
  StaffDoc,
  type BindingView,
  type HouseholdBinding,
  type NoticeView,
  type StaffView,
} from '../../types/community'
import type { Ctx } from '../shared/router'
import type { Database } from '../shared/cloud'
import { isDuplicateKey } from '../shared/errors'
import { findMany, getById } from '../shared/db'
import { newId } from '../shared/ids'

export const iso = (d: Date | string): string => new Date(d).toISOString()

/** The caller's resident record, created from the OPENID the first time it is needed (no form to fill). */
export async function ensureResident(ctx: Ctx): Promise<{ doc: ResidentDoc; created: boolean }> {
  if (ctx.caller.resident) return { doc: ctx.caller.resident, created: false }
  const doc: ResidentDoc = {
    _id: ctx.caller.openid,
    openid: ctx.caller.openid,
    committeeIds: [],
    households: [],
    createdAt: ctx.now,
  }
  try {
    await ctx.db.collection('residents').add({ data: doc })
    return { doc, created: true }
  } catch (err) {
    // Two first calls at once: the other one created it.
    if (!isDuplicateKey(err)) throw err
    const raw = await getById<unknown>(ctx.db, 'residents', ctx.caller.openid)
    return { doc: ResidentDoc.parse(raw), created: false }
  }
}

export async function byIds<T>(
  db: Database,
  collection: string,
  ids: readonly string[],
  parse: { parse(v: unknown): T },
): Promise<T[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const rows = await findMany<unknown>(db, collection, { _id: db.command.in(unique) }, { limit: 1000 })
  return rows.map((d) => parse.parse(d))
}

export const committeesById = async (db: Database, ids: readonly string[]) =>
  new Map((await byIds(db, 'committees', ids, CommitteeDoc)).map((c) => [c._id, c]))
export const blocksById = async (db: Database, ids: readonly string[]) =>
  new Map((await byIds(db, 'blocks', ids, BlockDoc)).map((b) => [b._id, b]))

/** A transaction (`runTransaction` callback argument): only doc-level reads and writes are transactional. */
export interface Tx {
  collection(name: string): {
    doc(id: string): {
      get(): Promise<unknown>
      update(opts: { data: unknown }): Promise<unknown>
      set(opts: { data: unknown }): Promise<unknown>
    }
    add(opts: { data: unknown }): Promise<unknown>
  }
  rollback(reason: unknown): Promise<unknown>
}

export async function txGet<T>(
  tx: Tx,
  collection: string,
  id: string,
  parse: { parse(v: unknown): T },
): Promise<T | null> {
  try {
    const res = (await tx.collection(collection).doc(id).get()) as { data?: unknown }
    const data = Array.isArray(res.data) ? res.data[0] : res.data
    return data ? parse.parse(data) : null
  } catch (err) {
    if (/does not exist/.test(String((err as Error)?.message ?? err))) return null
    throw err
  }
}

/** Runs `work` in a transaction; an AppError thrown inside comes out as itself. */
export async function transact<T>(db: Database, work: (tx: Tx) => Promise<T>): Promise<T> {
  return (await db.runTransaction(async (tx: Tx) => work(tx))) as T
}

export function auditDoc(
  ctx: Ctx,
  action: string,
  subjectId: string,
  before: unknown,
  after: unknown,
): AuditDoc {
  return {
    _id: newId(),
    at: ctx.now,
    actorOpenid: ctx.caller.openid,
    action: `community.${action}`,
    subjectId,
    subjectKind: 'staff',
    before: before ?? null,
    after: after ?? null,
  }
}

/** The parts of a staff record an audit entry compares. */
export const staffSnapshot = (s: StaffDoc | null) =>
  s
    ? {
        role: s.role,
        committeeId: s.committeeId ?? null,
        centerId: s.centerId ?? null,
        blockIds: s.blockIds,
        active: s.active,
      }
    : null

export function bindingView(
  b: HouseholdBinding,
  committees: ReadonlyMap<string, CommitteeDoc>,
  blocks: ReadonlyMap<string, BlockDoc>,
): BindingView {
  const blockId = b.blockId ?? ''
  return {
    committeeId: b.committeeId,
    committeeName: committees.get(b.committeeId)?.name ?? '',
    householdId: b.householdId,
    blockId,
    blockName: blocks.get(blockId)?.name ?? '',
    building: b.building ?? '',
    room: b.room ?? '',
    status: b.status,
    requestedAt: iso(b.requestedAt),
  }
}

export function staffView(
  s: StaffDoc,
  committees: ReadonlyMap<string, CommitteeDoc>,
  blocks: ReadonlyMap<string, BlockDoc>,
): StaffView {
  return {
    role: s.role,
    name: s.name,
    subdistrictId: s.subdistrictId,
    committeeId: s.committeeId,
    committeeName: s.committeeId ? committees.get(s.committeeId)?.name : undefined,
    centerId: s.centerId,
    blocks: s.blockIds.map((id) => ({ id, name: blocks.get(id)?.name ?? id })),
  }
}

export async function loadStaffView(db: Database, s: StaffDoc): Promise<StaffView> {
  const [committees, blocks] = await Promise.all([
    committeesById(db, s.committeeId ? [s.committeeId] : []),
    blocksById(db, s.blockIds),
  ])
  return staffView(s, committees, blocks)
}

export function noticeView(n: NoticeDoc, committeeName: string): NoticeView {
  return {
    id: n._id,
    committeeId: n.committeeId,
    committeeName,
    title: n.title,
    body: n.body,
    images: n.images,
    pinned: n.pinned,
    expiresAt: n.expiresAt ? iso(n.expiresAt) : null,
    publishedAt: iso(n.publishedAt),
    authorName: n.authorName,
  }
}
