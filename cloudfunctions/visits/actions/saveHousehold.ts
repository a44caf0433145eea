import type { HouseholdDoc, HouseholdVersionDoc, visitsContract } from '../../../types/visits'
import { transaction } from '../../shared/data'
import { conflict, invalid, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import type { Ctx, Handler } from '../../shared/router'
import {
  audit,
  householdView,
  inScope,
  loadCadence,
  loadHouseholdForStaff,
  staffCommittee,
  toDate,
} from '../lib'
import { nextDue } from '../rules/cadence'
import { diffHousehold, restoreMaskedPhones } from '../rules/household'

const versionId = (householdId: string, version: number) => `${householdId}:v${version}`

/**
 * 保存家庭档案: creates a file or changes one at the version the editor saw. Each change writes a version
 * record (who changed what, when) in the same transaction, closes the family's open correction requests
 * (the block head has now looked at the file), and re-derives the next due date when the class changes.
 */
export const saveHousehold: Handler<typeof visitsContract.saveHousehold> = async (input, ctx) => {
  const committeeId = staffCommittee(ctx)
  let f = input.fields
  const staffName = ctx.caller.staff?.name
  const cadence = await loadCadence(ctx.db, committeeId)

  if (!input.householdId) {
    if (f.members.some((m) => m.phone?.includes('*')))
      throw maskedRefused(f.members.findIndex((m) => m.phone?.includes('*')))
    await checkBlock(ctx, f.blockId)
    const id = `hh-${derivedId(ctx.caller.openid, 'visits.saveHousehold', input.clientRequestId).slice(0, 24)}`
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
    }
    const stored = await transaction(ctx.db, async (tx) => {
      const existing = await tx.households.get(id)
      if (existing) return existing
      await tx.households.add(doc)
      await tx.householdVersions.add(
        versionDoc(id, committeeId, 1, diffHousehold({}, f), ctx, staffName, input.clientRequestId),
      )
      return doc
    })
    await audit(ctx, [id], 'changed')
    return { household: householdView(stored, cadence, ctx.now, { maskPhones: true }), changed: ['created'] }
  }

  const current = await loadHouseholdForStaff(ctx, input.householdId)
  if (f.blockId !== current.blockId) await checkBlock(ctx, f.blockId)
  const hid = current._id
  const result = await transaction(ctx.db, async (tx) => {
    const h = await tx.households.get(hid)
    if (!h) throw notFound('没有找到这户家庭的档案')
    const version = h.version ?? 1
    // The form shows phones masked and sends them back so: an unchanged one keeps the stored number.
    const restored = restoreMaskedPhones(f.members, h.members ?? [])
    if ('unknownAt' in restored) throw maskedRefused(restored.unknownAt)
    f = { ...f, members: restored.members }
    if (version !== input.expectedVersion) {
      // A retry of a save that already committed finds its own version record: answer as before.
      const mine = await tx.householdVersions.get(versionId(hid, (input.expectedVersion ?? 0) + 1))
      if (mine?.clientRequestId === input.clientRequestId)
        return { h, changed: mine.changes.map((c) => c.field) }
      throw conflict('档案已被他人修改，请刷新后再改', { currentVersion: version })
    }
    const changes = diffHousehold(h, f)
    // Transactions read documents by id only, so the family's open requests are found by a plain query;
    // closing each one is part of the transaction.
    const openCorrections = await ctx.store.householdCorrections.find(
      { householdId: hid, status: 'open' },
      { limit: 100 },
    )
    for (const c of openCorrections) {
      await tx.householdCorrections.update(c._id, {
        status: 'done',
        doneAt: ctx.now,
        doneBy: ctx.caller.openid,
      })
    }
    if (changes.length === 0) return { h, changed: [] as string[] }
    const due = nextDue({ class: f.class }, toDate(h.lastContactAt), cadence)
    await tx.households.update(hid, {
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
    })
    await tx.householdVersions.add(
      versionDoc(hid, h.committeeId, version + 1, changes, ctx, staffName, input.clientRequestId),
    )
    const after: HouseholdDoc = {
      ...h,
      ...f,
      preferredChannel: f.preferredChannel,
      nextDueAt: due ?? undefined,
      version: version + 1,
      updatedAt: ctx.now,
    }
    return { h: after, changed: changes.map((c) => c.field as string) }
  })
  await audit(ctx, [hid], 'changed')
  return {
    household: householdView(result.h, cadence, ctx.now, { maskPhones: true }),
    changed: result.changed,
  }
}

const maskedRefused = (i: number) => invalid(`fields.members.${i}.phone`, '请填写完整的电话号码')

/** A block the caller may file households in: one of their blocks, or (admin) any block of the committee. */
async function checkBlock(ctx: Ctx, blockId: string): Promise<void> {
  const block = await ctx.store.blocks.get(blockId)
  // In scope means in the caller's own committee, so a block of another committee is refused here too.
  if (!block || !inScope(ctx, { committeeId: block.committeeId, blockId })) throw notFound('没有找到这个片区')
}

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
