import { z } from 'zod'
import type {
  HouseholdDoc,
  HouseholdOutbox,
  HouseholdVersionDoc,
  visitsContract,
} from '../../../types/visits'
import { VisitSettingsDoc } from '../../../types/visits'
import { lookupRows, lookupWhere, parseDocOf } from '../../shared/data'
import { conflict, isDuplicateKey, invalid, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { outboxMovedOn } from '../../shared/outbox'
import type { Ctx, Handler } from '../../shared/router'
import { audit, householdView, inScope, staffCommittee, toDate } from '../lib'
import { effectiveCadence, nextDue } from '../rules/cadence'
import { diffHousehold, restoreMaskedPhones } from '../rules/household'

const versionId = (householdId: string, version: number) => `${householdId}:v${version}`

const Row = z
  .object({
    _settings: z.array(z.unknown()).default([]),
    _block: lookupRows('blocks'),
    _file: lookupRows('households'),
    _open: lookupRows('householdCorrections'),
    _mine: lookupRows('householdVersions'),
  })
  .partial()
  .loose()

/**
 * 保存家庭档案: creates a file or changes one at the version the editor saw, with a version record (who changed
 * what, when); closes the family's open correction requests (the block head has now looked at the file) and
 * re-derives the next due date when the class changes.
 *
 * Without a transaction: the file's own write is the commit point — the insert of a new file, or one update
 * conditional on the version read — and it carries the version record and the requests it closes
 * (HouseholdOutbox). Those are written right after it, each safe to repeat (the record by its id, the
 * requests only while open); if the process dies before, the outbox function's hourly repair writes them from
 * what the file carries, and a retry answers from the record or what the file carries. What the editor sees
 * next — the file itself — is right at once.
 * Caller, one read (the file, cadence, the block, open requests, this request's record), the file, the
 * record, the requests, the audit line: six requests at most.
 */
export const saveHousehold: Handler<typeof visitsContract.saveHousehold> = async (input, ctx) => {
  const committeeId = staffCommittee(ctx)
  let f = input.fields
  const staffName = ctx.caller.staff?.name
  const settings = { from: ctx.store.visitSettings.name, localField: 'committeeId', foreignField: '_id' }

  if (!input.householdId) {
    if (f.members.some((m) => m.phone?.includes('*')))
      throw maskedRefused(f.members.findIndex((m) => m.phone?.includes('*')))
    const id = `hh-${derivedId(ctx.caller.openid, 'visits.saveHousehold', input.clientRequestId).slice(0, 24)}`
    // The block, with the committee's cadence and this request's file if a first call wrote it.
    const [row] = await ctx.store.blocks.aggregate(
      (p) =>
        p
          .match({ _id: f.blockId })
          .lookup({ ...settings, as: '_settings' })
          .lookup(lookupWhere(ctx.db, 'households', { _id: id }, '_file')),
      Row,
    )
    const { _settings, _file: [existing] = [], ...block } = row ?? {}
    const b = row ? parseDocOf('blocks', block) : null
    if (!b || !inScope(ctx, { committeeId: b.committeeId, blockId: b._id }))
      throw notFound('没有找到这个片区')
    const cadence = cadenceOf(_settings)
    const version = versionDoc(
      id,
      committeeId,
      1,
      diffHousehold({}, f),
      ctx,
      staffName,
      input.clientRequestId,
    )
    const doc: HouseholdDoc = {
      _id: id,
      committeeId,
      blockId: f.blockId,
      building: f.building,
      room: f.room,
      class: f.class,
      preferredChannel: f.preferredChannel,
      members: f.members,
      notes: f.notes,
      residentOpenids: [],
      version: 1,
      updatedAt: ctx.now,
      createdAt: ctx.now,
      createdBy: ctx.caller.openid,
      outbox: { messages: [], versions: [version] },
      outboxAt: ctx.now,
    }
    let stored = existing ?? doc
    if (!existing)
      await ctx.store.households.add(doc).catch(async (err: unknown) => {
        // The same request running beside this one inserted it first.
        if (!isDuplicateKey(err)) throw err
        stored = (await ctx.store.households.get(id)) ?? doc
      })
    await written(ctx, stored.outbox)
    await audit(ctx, [id], 'changed')
    return { household: householdView(stored, cadence, ctx.now, { maskPhones: true }), changed: ['created'] }
  }

  const hid = input.householdId
  const expected = input.expectedVersion ?? 0
  const [row] = await ctx.store.households.aggregate(
    (p) =>
      p
        .match({ _id: hid })
        .lookup({ ...settings, as: '_settings' })
        .lookup(lookupWhere(ctx.db, 'blocks', { _id: f.blockId }, '_block'))
        .lookup(
          lookupWhere(ctx.db, 'householdCorrections', { householdId: hid, status: 'open' }, '_open', {
            limit: 100,
          }),
        )
        .lookup(lookupWhere(ctx.db, 'householdVersions', { _id: versionId(hid, expected + 1) }, '_mine')),
    Row,
  )
  const { _settings, _block = [], _open = [], _mine = [], _file: _unused, ...file } = row ?? {}
  void _unused
  const h = row ? parseDocOf('households', file) : null
  if (!h || !inScope(ctx, h)) {
    await audit(ctx, [hid], 'denied')
    throw notFound('没有找到这户家庭的档案')
  }
  const cadence = cadenceOf(_settings)
  if (f.blockId !== h.blockId) {
    const b = _block[0]
    // In scope means in the caller's own committee, so a block of another committee is refused here too.
    if (!b || !inScope(ctx, { committeeId: b.committeeId, blockId: b._id }))
      throw notFound('没有找到这个片区')
  }
  const version = h.version ?? 1
  // The form shows phones masked and sends them back so: an unchanged one keeps the stored number.
  const restored = restoreMaskedPhones(f.members, h.members ?? [])
  if ('unknownAt' in restored) throw maskedRefused(restored.unknownAt)
  f = { ...f, members: restored.members }
  if (version !== input.expectedVersion) {
    // A retry of a save that already went through finds its own version record (written, or still carried).
    const mine = _mine[0] ?? h.outbox?.versions?.find((v) => v._id === versionId(hid, expected + 1)) ?? null
    if (mine?.clientRequestId !== input.clientRequestId)
      throw conflict('档案已被他人修改，请刷新后再改', { currentVersion: version })
    await written(ctx, h.outbox)
    await audit(ctx, [hid], 'changed')
    return {
      household: householdView(h, cadence, ctx.now, { maskPhones: true }),
      changed: mine.changes.map((c) => c.field),
    }
  }
  const changes = diffHousehold(h, f)
  const closes = _open.map((c) => c._id)
  if (changes.length === 0) {
    await closeRequests(ctx, closes, ctx.now, ctx.caller.openid)
    await audit(ctx, [hid], 'changed')
    return { household: householdView(h, cadence, ctx.now, { maskPhones: true }), changed: [] }
  }
  const due = nextDue({ class: f.class }, toDate(h.lastContactAt), cadence)
  const record = versionDoc(hid, h.committeeId, version + 1, changes, ctx, staffName, input.clientRequestId)
  // Added to what the file may still carry from a change the repair has not seen yet.
  const outbox: HouseholdOutbox = {
    messages: [],
    versions: [...(h.outbox?.versions ?? []), record],
    corrections: [...new Set([...(h.outbox?.corrections ?? []), ...closes])],
  }
  const outboxAt = outboxMovedOn(h.outboxAt, ctx.now)
  const saved = await ctx.store.households.updateWhere(
    { _id: hid, version, outboxAt: h.outboxAt ?? ctx._.exists(false) },
    {
      blockId: f.blockId,
      building: f.building,
      room: f.room,
      class: f.class,
      preferredChannel: f.preferredChannel ?? ctx._.remove(),
      members: f.members,
      notes: f.notes,
      nextDueAt: due ?? ctx._.remove(),
      version: version + 1,
      updatedAt: ctx.now,
      outbox: ctx._.set(outbox),
      outboxAt,
    },
  )
  // Someone saved in between (or the repair released the file's outbox at that moment): read and try again.
  if (saved !== 1) throw conflict('档案已被他人修改，请刷新后再改', { currentVersion: version })
  await written(ctx, { messages: [], versions: [record], corrections: closes })
  await audit(ctx, [hid], 'changed')
  const after: HouseholdDoc = {
    ...h,
    ...f,
    preferredChannel: f.preferredChannel,
    nextDueAt: due ?? undefined,
    version: version + 1,
    updatedAt: ctx.now,
    outbox,
    outboxAt,
  }
  return {
    household: householdView(after, cadence, ctx.now, { maskPhones: true }),
    changed: changes.map((c) => c.field as string),
  }
}

const cadenceOf = (rows: readonly unknown[] | undefined) => {
  const r = rows?.length ? VisitSettingsDoc.safeParse(rows[0]) : null
  // Settings that no longer fit must not stop a save: the defaults apply, as loadCadence does.
  return effectiveCadence(r?.success ? r.data.cadence : undefined)
}

/**
 * What a file's change carries, written: its version records (by their ids, so once) and the requests it
 * closes (only while open). The action's own writes after the file's, and the hourly repair's (landHousehold).
 */
async function written(ctx: Pick<Ctx, 'store' | 'now' | '_'>, o: HouseholdOutbox | undefined): Promise<void> {
  const [latest] = (o?.versions ?? []).slice(-1)
  if (latest)
    await ctx.store.householdVersions.add(latest).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err
    })
  if (latest && o?.corrections?.length)
    await closeRequests(ctx, o.corrections, toDate(latest.at) ?? ctx.now, latest.byOpenid)
}

function closeRequests(
  ctx: Pick<Ctx, 'store' | '_'>,
  ids: readonly string[],
  at: Date,
  by: string,
): Promise<unknown> {
  if (ids.length === 0) return Promise.resolve()
  return ctx.store.householdCorrections.updateWhere(
    { _id: ctx._.in([...ids]), status: 'open' },
    { status: 'done', doneAt: at, doneBy: by },
  )
}

const maskedRefused = (i: number) => invalid(`fields.members.${i}.phone`, '请填写完整的电话号码')

function versionDoc(
  householdId: string,
  committeeId: string,
  version: number,
  changes: ReturnType<typeof diffHousehold>,
  ctx: Ctx,
  byName: string | undefined,
  clientRequestId: string,
): HouseholdVersionDoc {
  return {
    _id: versionId(householdId, version),
    householdId,
    committeeId,
    version,
    at: ctx.now,
    byOpenid: ctx.caller.openid,
    byName,
    changes: changes.map((c) => ({ field: c.field, before: c.before ?? null, after: c.after ?? null })),
    clientRequestId,
  }
}
