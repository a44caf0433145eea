/**
 * The run that writes what a checked file holds (Excel 导入). A run takes a lease on the job, works through the
 * units in batches of IMPORT_BATCH and records how far it got after each batch; a run that dies is taken over
 * once its lease has run out. Every write is keyed by the household's address (committee + block + building +
 * room), so a batch done twice writes each household once: what the first run wrote reads back as unchanged.
 * Kept apart from the .xlsx reading (importer.ts) so that the outbox sweep, which resumes a stalled import,
 * bundles no spreadsheet library.
 *
 * Database requests: the claim of the job (its reader passes it in, with the committee's blocks beside it);
 * per batch of 50 households one read of the batch's addresses, then per household that changes two writes
 * (its version record, then the household), and one write of the job's progress, which the last batch leaves
 * to the final state — 1 or 2 for a batch that changes nothing, at most 102. The end of a run adds one write
 * per block whose buildings or rooms grew (a read of the blocks when the reader did not bring them), one
 * audit entry and the job's final state. A run keeps to
 * BACKGROUND_REQUESTS_PER_SECOND (rules/rate.ts) by pausing between batches: a 2,000-household file (about
 * 4,000 requests) takes about four and a half minutes instead of taking the whole environment's 30 a second.
 */
import type {
  BlockDoc,
  ImportCounts,
  ImportJobDoc,
  ImportJobView,
  ImportStaffResult,
  ImportUnit,
  InviteDoc,
} from '../../types/community'
import type { HouseholdDoc, HouseholdVersionDoc, MemberTag } from '../../types/visits'
import type { cloud, Command } from '../shared/cloud'
import { isDuplicateKey } from '../shared/errors'
import { derivedId, newId } from '../shared/ids'
import type { Store } from '../shared/data'
import { activeNames, mergeUnits, unitsOf } from './rules/org'
import { mergeMembers, unitsToImport } from './rules/importSheet'
import { codeFromHex } from './rules/invite'
import { paceDelayMs } from './rules/rate'
export const IMPORT_BATCH = 50
/** A run starts no batch after this long (the function's timeout is 20 s). */
export const IMPORT_SLICE_MS = 8_000
/** A run's hold on its job; a run that died is taken over after this. */
export const IMPORT_LEASE_MS = 30_000
/**
 * How long a hand-on waits for the next slice's answer. The call is made to start the next slice, not to wait
 * for it: past this the caller answers and the slice runs on (the SDK's timeout does not abort the request,
 * docs/cloudbase-wire.md §1.6). A small file's whole import fits, so its start answers already done.
 */
export const KICK_WAIT_MS = 1_500
/** A stopped import is picked up by the outbox sweep once its lease has been out this long. */
export const STALLED_AFTER_MS = 60_000

/** How long an imported staff member's invitation lasts (the longest an invite form allows). */
export const STAFF_INVITE_DAYS = 30

export const householdId = (committeeId: string, u: Pick<ImportUnit, 'blockId' | 'building' | 'room'>) =>
  `hh-${derivedId('import', committeeId, u.blockId ?? '', u.building ?? '', u.room ?? '').slice(0, 24)}`

export interface RunDeps {
  readonly store: Store
  readonly _: Command
  readonly now: Date
  /** No batch starts after this long (default IMPORT_SLICE_MS): a run that shares its invocation gets less. */
  readonly sliceMs?: number
  /** Test hook: the run dies after this many household writes, as a killed instance would. */
  readonly dieAfterWrites?: number
  /** The committee's blocks, when the job's reader brought them (else the end of the run reads them). */
  readonly blocks?: readonly BlockDoc[]
}

/**
 * Runs the job, as its caller read it, for one slice if nobody else is (or whoever was has died); answers the
 * job as it then stands — still `importing` when the slice ran out before the file did (the caller hands on),
 * `done` when finished. The claim holds only while the job is as read (same `done`), so the run works from
 * what its caller read without reading it again.
 */
export async function runImport(deps: RunDeps, job: ImportJobDoc): Promise<ImportJobDoc | null> {
  const { store, _, now } = deps
  const claimed = await store.imports.updateWhere(
    { _id: job._id, state: 'importing', leaseUntil: _.lt(now), done: job.done },
    { leaseUntil: new Date(now.getTime() + IMPORT_LEASE_MS), updatedAt: now },
  )
  if (claimed === 0) return store.imports.get(job._id)
  const units = unitsToImport(job.units, job.goodRowsOnly)
  const started = Date.now()
  const sliceMs = Math.min(deps.sliceMs ?? IMPORT_SLICE_MS, job.sliceMs ?? IMPORT_SLICE_MS)
  let done = job.done
  const counts: ImportCounts = { ...job.counts }
  const staffResults = [...(job.staffResults ?? [])]
  const writes = { n: 0 }
  let made = 0
  if (job.kind === 'households' || job.kind === 'staff') {
    while (done < units.length && Date.now() - started < sliceMs) {
      const batch = units.slice(done, done + IMPORT_BATCH)
      const c =
        job.kind === 'staff'
          ? await writeStaff(deps, job, batch, staffResults)
          : await writeHouseholds(deps, job, batch, writes)
      counts.created += c.created
      counts.updated += c.updated
      counts.unchanged += c.unchanged
      done += batch.length
      // The last batch's progress is the final state's to write.
      if (done < units.length)
        await store.imports.update(job._id, {
          done,
          counts,
          ...(job.kind === 'staff' ? { staffResults } : {}),
          leaseUntil: new Date(now.getTime() + (Date.now() - started) + IMPORT_LEASE_MS),
          updatedAt: now,
        })
      // The batch's read, its writes (two a household, one a person) and the progress write, then a pause
      // that keeps the run to its share of the environment's requests a second before the next batch.
      made += 2 + (c.created + c.updated) * (job.kind === 'staff' ? 1 : 2)
      const wait = paceDelayMs(made, Date.now() - started)
      if (done < units.length && wait > 0) await new Promise((r) => setTimeout(r, wait))
    }
    if (done < units.length) {
      // Out of time, not dead: whoever runs next (the chain, or a sweep) carries on at once.
      await store.imports.update(job._id, { leaseUntil: new Date(0), updatedAt: now })
      return { ...job, done, counts, staffResults, leaseUntil: new Date(0) }
    }
  }
  // The buildings and rooms the file names join the blocks' registers (households and buildings).
  const grown =
    job.kind !== 'staff' && job.committeeId
      ? await mergeIntoBlocks(deps, job.committeeId, units)
      : { blocks: 0, created: 0, updated: 0 }
  if (job.kind === 'buildings') {
    counts.created += grown.created
    counts.updated += grown.updated
    counts.unchanged += Math.max(0, units.length - grown.created - grown.updated)
    done = units.length
  }
  await store.audit
    .add({
      _id: `import-${job._id}`,
      at: now,
      actorOpenid: job.openid,
      action: 'community.import',
      subjectId: job._id,
      subjectKind: 'import',
      before: null,
      after: {
        kind: job.kind,
        committeeId: job.committeeId,
        fileName: job.fileName,
        goodRowsOnly: job.goodRowsOnly,
        ...counts,
        blocksChanged: grown.blocks,
        // Who was invited with which code: the invitations themselves carry no audit line of their own.
        ...(job.kind === 'staff'
          ? { invites: staffResults.map((r) => ({ code: r.code, role: r.role, status: r.status })) }
          : {}),
      },
    })
    .catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err
    })
  const finished = {
    done,
    counts,
    ...(job.kind === 'staff' ? { staffResults } : {}),
    state: 'done' as const,
    leaseUntil: _.remove(),
    updatedAt: now,
  }
  await store.imports.update(job._id, finished)
  return { ...job, done, counts, staffResults, state: 'done', leaseUntil: undefined }
}

type Member = HouseholdDoc['members'][number]

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

async function writeHouseholds(
  deps: RunDeps,
  job: ImportJobDoc,
  units: readonly ImportUnit[],
  writes: { n: number },
): Promise<Omit<ImportCounts, 'skippedRows'>> {
  const { store, _, now } = deps
  const committeeId = job.committeeId
  if (!committeeId) throw new Error('a household import names its committee')
  // Household units always carry their place (rules/importSheet.ts).
  const batch = units.map((u) => ({ ...u, blockId: u.blockId ?? '', building: u.building ?? '' }))
  const counts = { created: 0, updated: 0, unchanged: 0 }
  const existing = await store.households.find(
    {
      committeeId,
      blockId: _.in([...new Set(batch.map((u) => u.blockId))]),
      building: _.in([...new Set(batch.map((u) => u.building))]),
      room: _.in([...new Set(batch.map((u) => u.room ?? ''))]),
    },
    { limit: 1000 },
  )
  const wrote = () => {
    writes.n++
    if (deps.dieAfterWrites !== undefined && writes.n >= deps.dieAfterWrites)
      throw new Error('import run killed (test)')
  }
  for (const u of batch) {
    const members = (u.members ?? []).map((m) => ({ ...m, tags: m.tags as MemberTag[] })) as Member[]
    const h = existing.find((e) => e.blockId === u.blockId && e.building === u.building && e.room === u.room)
    const version = (
      v: number,
      changes: HouseholdVersionDoc['changes'],
      id: string,
    ): HouseholdVersionDoc => ({
      _id: `${id}:v${v}`,
      householdId: id,
      committeeId,
      version: v,
      at: now,
      byOpenid: job.openid,
      byName: `Excel 导入（${job.fileName}）`.slice(0, 40),
      changes,
      clientRequestId: job._id,
    })
    // The version record goes first: a run killed between the two writes redoes the household and finds its
    // record already there.
    const addVersion = async (doc: HouseholdVersionDoc) => {
      try {
        await store.householdVersions.add(doc)
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
    }
    if (!h) {
      const id = householdId(committeeId, u)
      const doc: HouseholdDoc = {
        _id: id,
        committeeId,
        blockId: u.blockId,
        building: u.building,
        room: u.room ?? '',
        class: u.class ?? 'B',
        members,
        notes: '',
        residentOpenids: [],
        version: 1,
        updatedAt: now,
        createdAt: now,
        createdBy: job.openid,
        ...(u.address ? { address: u.address } : {}),
      }
      await addVersion(
        version(
          1,
          [
            { field: 'class', before: null, after: doc.class },
            { field: 'members', before: null, after: members },
          ],
          id,
        ),
      )
      wrote()
      try {
        await store.households.add(doc)
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
      }
      wrote()
      counts.created++
      continue
    }
    const merged = mergeMembers(members, h.members) as Member[]
    const changes: HouseholdVersionDoc['changes'] = []
    if (h.class !== u.class && u.class) changes.push({ field: 'class', before: h.class, after: u.class })
    if (!same(h.members, merged)) changes.push({ field: 'members', before: h.members, after: merged })
    const oldAddress = (h as { address?: string }).address
    if (u.address && u.address !== oldAddress)
      changes.push({ field: 'address', before: oldAddress ?? null, after: u.address })
    if (changes.length === 0) {
      counts.unchanged++
      continue
    }
    const v = (h.version ?? 1) + 1
    await addVersion(version(v, changes, h._id))
    wrote()
    await store.households.update(h._id, {
      class: u.class ?? h.class,
      members: merged,
      ...(u.address ? { address: u.address } : {}),
      version: v,
      updatedAt: now,
    })
    wrote()
    counts.updated++
  }
  return counts
}

const samePost = (
  a: Pick<InviteDoc, 'role' | 'committeeId' | 'centerId' | 'blockIds'>,
  b: Pick<InviteDoc, 'role' | 'committeeId' | 'centerId' | 'blockIds'>,
) =>
  a.role === b.role &&
  (a.committeeId ?? '') === (b.committeeId ?? '') &&
  (a.centerId ?? '') === (b.centerId ?? '') &&
  same([...a.blockIds].sort(), [...b.blockIds].sort())

/**
 * One invitation per person, keyed by their phone within the sub-district: a person without one gets a new
 * code; an open invitation is brought in line with the file (post, name, and a fresh expiry when it ran out);
 * a used one is reported as joined — the person is staff, and their post is changed in the roster. One read
 * per batch, one write per person who changes. The new code is derived from the job and the phone, so a
 * batch redone after a kill meets its own invitation instead of making a second one.
 */
async function writeStaff(
  deps: RunDeps,
  job: ImportJobDoc,
  units: readonly ImportUnit[],
  results: ImportStaffResult[],
): Promise<Omit<ImportCounts, 'skippedRows'>> {
  const { store, _, now } = deps
  const counts = { created: 0, updated: 0, unchanged: 0 }
  const people = units.flatMap((u) => (u.staff ? [{ row: u.rows[0] ?? 0, ...u.staff }] : []))
  const existing = await store.invites.find(
    { subdistrictId: job.subdistrictId, phone: _.in(people.map((p) => p.phone)) },
    { orderBy: [['createdAt', 'desc']], limit: 1000 },
  )
  const expiresAt = new Date(now.getTime() + STAFF_INVITE_DAYS * 86_400_000)
  const report = (r: ImportStaffResult) => {
    const at = results.findIndex((x) => x.row === r.row)
    if (at >= 0) results[at] = r
    else results.push(r)
  }
  for (const p of people) {
    const post = {
      role: p.role,
      committeeId: p.committeeId,
      centerId: p.centerId,
      blockIds: p.role === 'blockHead' ? [...new Set(p.blockIds)] : [],
    }
    const mine = existing.filter((i) => i.phone === p.phone)
    const open = mine.find((i) => i.status === 'open')
    const used = mine.find((i) => i.status === 'used')
    const base = { row: p.row, name: p.name, role: p.role }
    if (!open && used) {
      report({
        ...base,
        code: used.code,
        status: 'joined',
        ...(samePost(used, post) ? {} : { differs: true }),
      })
      counts.unchanged++
      continue
    }
    if (open) {
      const fresh = new Date(open.expiresAt).getTime() > now.getTime()
      if (fresh && samePost(open, post) && open.note === p.name) {
        report({ ...base, code: open.code, status: 'unchanged' })
        counts.unchanged++
        continue
      }
      await store.invites.update(open._id, {
        role: post.role,
        committeeId: post.committeeId ?? _.remove(),
        centerId: post.centerId ?? _.remove(),
        blockIds: post.blockIds,
        note: p.name,
        ...(fresh ? {} : { expiresAt }),
        updatedAt: now,
      })
      report({ ...base, code: open.code, status: 'updated' })
      counts.updated++
      continue
    }
    let code = codeFromHex(derivedId(job._id, 'staff', p.phone))
    for (let attempt = 0; ; attempt++) {
      const doc: InviteDoc = {
        _id: code,
        code,
        role: post.role,
        subdistrictId: job.subdistrictId,
        ...(post.committeeId ? { committeeId: post.committeeId } : {}),
        ...(post.centerId ? { centerId: post.centerId } : {}),
        blockIds: post.blockIds,
        note: p.name,
        phone: p.phone,
        importId: job._id,
        createdBy: job.openid,
        createdAt: now,
        expiresAt,
        status: 'open',
      }
      try {
        await store.invites.add(doc)
        break
      } catch (err) {
        if (!isDuplicateKey(err)) throw err
        // This job's own code for this phone (a redone batch): already made. Anything else is a chance
        // collision with another code: draw again.
        const there = await store.invites.get(code)
        if (there?.phone === p.phone && there.importId === job._id) break
        if (attempt >= 3) throw err
        code = codeFromHex(newId())
      }
    }
    report({ ...base, code, status: 'created' })
    counts.created++
  }
  return counts
}

/**
 * Adds the file's buildings and rooms to the committee's blocks; one write per block that grew. Each write
 * holds only while the block is as read (its `rev`), so an edit made meanwhile in 组织架构 is never
 * overwritten: such a block is read again and merged once more.
 */
async function mergeIntoBlocks(
  deps: RunDeps,
  committeeId: string,
  units: readonly ImportUnit[],
): Promise<{ blocks: number; created: number; updated: number }> {
  const { store, _, now } = deps
  let blocks = deps.blocks ?? (await store.blocks.find({ committeeId }, { limit: 1000 }))
  let changedBlocks = 0
  let created = 0
  let updated = 0
  for (let attempt = 0; blocks.length > 0; attempt++) {
    const stale: string[] = []
    for (const block of blocks) {
      const mine = units.filter((u) => u.blockId === block._id && u.building)
      if (mine.length === 0) continue
      const found = new Map<string, string[]>()
      for (const u of mine) {
        const b = u.building ?? ''
        found.set(b, [...(found.get(b) ?? []), ...(u.rooms ?? (u.room ? [u.room] : []))])
      }
      const before = unitsOf(block)
      const merged = mergeUnits(
        before,
        [...found].map(([building, rooms]) => ({ building, rooms })),
        (name) => derivedId('unit', block._id, name).slice(0, 8),
      )
      if (!merged.changed) continue
      const wrote = await store.blocks.updateWhere(
        { _id: block._id, rev: block.rev ?? _.exists(false) },
        blockPatch(block, merged.units, now),
      )
      if (wrote === 0) {
        stale.push(block._id)
        continue
      }
      for (const u of merged.units) {
        const old = before.find((b) => b.id === u.id)
        if (!old) created++
        else if (old.rooms.length !== u.rooms.length) updated++
      }
      changedBlocks++
    }
    if (stale.length === 0 || attempt >= 3) break
    blocks = await store.blocks.find({ _id: _.in(stale) }, { limit: stale.length })
  }
  return { blocks: changedBlocks, created, updated }
}

const blockPatch = (block: BlockDoc, units: BlockDoc['units'] & object, now: Date) => ({
  units,
  buildings: activeNames(units),
  rev: (block.rev ?? 0) + 1,
  updatedAt: now,
})

/**
 * Starts the next slice of an import: `community.continueImport` with the caller's identity (the job's owner,
 * as whose call this runs). Answers the job's view when that slice answered within KICK_WAIT_MS; null when
 * it is still running, or the call failed (then the owner's next progress read, or the outbox sweep, starts
 * it again).
 */
export async function kickImport(sdk: typeof cloud, jobId: string): Promise<ImportJobView | null> {
  try {
    const res = await sdk.callFunction({
      name: 'community',
      data: { action: 'continueImport', jobId },
      timeout: KICK_WAIT_MS,
    } as Parameters<typeof sdk.callFunction>[0])
    const out = (res as { result?: { ok?: boolean; data?: ImportJobView } } | undefined)?.result
    return out?.ok && out.data ? out.data : null
  } catch {
    return null
  }
}

/**
 * The safety net for an import nobody carries on (its instance was killed and its owner closed the page): one
 * read for such a job, and when there is one, its owner's record (a chain stops by itself when its owner is
 * deactivated, as the router refuses their calls; the sweep stops the job) and a slice of it within
 * `sliceMs`. Run by a timer that already exists (the outbox sweep), so an idle day pays one read per sweep
 * and no invocation.
 */
export async function resumeStalledImport(
  deps: Pick<RunDeps, 'store' | '_' | 'now'>,
  sliceMs: number,
): Promise<{ jobId: string; state: string; done: number } | null> {
  const { store, _, now } = deps
  const [job] = await store.imports.find(
    { state: 'importing', leaseUntil: _.lt(new Date(now.getTime() - STALLED_AFTER_MS)) },
    { limit: 1 },
  )
  if (!job || sliceMs <= 0) return null
  // The run writes with its owner's authority: an owner deactivated since (停用) ends it, keeping what it wrote.
  const owner = await store.staff.get(job.openid)
  if (!owner?.active) {
    const error = `发起导入的工作人员已停用，导入已停止（已导入${job.done}条，保留不变）`
    await store.imports.updateWhere(
      { _id: job._id, state: 'importing' },
      { state: 'failed', error, leaseUntil: _.remove(), updatedAt: now },
    )
    return { jobId: job._id, state: 'failed', done: job.done }
  }
  const after = await runImport({ ...deps, sliceMs }, job)
  return after ? { jobId: after._id, state: after.state, done: after.done } : null
}
