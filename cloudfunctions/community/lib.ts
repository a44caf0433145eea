/**
 * What the community actions share: the resident created on first sight, views that turn documents into
 * wire shapes (ISO dates), reads by id lists, and audit records of role changes.
 */
import type {
  AuditDoc,
  BindingView,
  BlockDoc,
  CommitteeDoc,
  HouseholdBinding,
  NoticeDoc,
  NoticeView,
  ResidentDoc,
  StaffMember,
  StaffView,
} from '../../types/community'
import type { Command, Database } from '../shared/cloud'
import { storeOf, type CollectionName, type DocOf, type Repo } from '../shared/data'
import { isDuplicateKey } from '../shared/errors'
import { newId } from '../shared/ids'
import type { Ctx } from '../shared/router'

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
    await ctx.store.residents.add(doc)
    return { doc, created: true }
  } catch (err) {
    // Two first calls at once: the other one created it.
    if (!isDuplicateKey(err)) throw err
    const existing = await ctx.store.residents.get(ctx.caller.openid)
    // Gone again by now: nothing sound to answer with, so the call fails as it did before.
    if (!existing) throw err
    return { doc: existing, created: false }
  }
}

/** The documents with these ids, in one request (at most 1000). */
export async function byIds<N extends CollectionName>(
  repo: Repo<N>,
  ids: readonly string[],
  _: Command,
): Promise<DocOf<N>[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  return repo.find({ _id: _.in(unique) }, { limit: 1000 })
}

export const committeesById = async (db: Database, ids: readonly string[]) =>
  new Map((await byIds(storeOf(db).committees, ids, db.command)).map((c) => [c._id, c]))
export const blocksById = async (db: Database, ids: readonly string[]) =>
  new Map((await byIds(storeOf(db).blocks, ids, db.command)).map((b) => [b._id, b]))

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
export const staffSnapshot = (s: StaffMember | null) =>
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
  s: StaffMember,
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

export async function loadStaffView(db: Database, s: StaffMember): Promise<StaffView> {
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
