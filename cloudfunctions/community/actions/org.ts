import type { ServiceCenterDoc } from '../../../types/bookings'
import type { BlockDoc, CommitteeDoc, communityContract } from '../../../types/community'
import { searchInitials } from '../../bookings/public'
import { conflict, invalid, isDuplicateKey, notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import {
  blockView,
  centerView,
  committeeView,
  loadCommittee,
  officerSubdistrict,
  orgAudit,
  shortId,
  unitId,
} from '../org'
import { activeNames, saveUnit, unitsOf } from '../rules/org'

/** 组织架构: the sub-district's committees and service centers, retired ones too (marked). Three requests. */
export const org: Handler<typeof communityContract.org> = async (_input, ctx) => {
  const subdistrictId = officerSubdistrict(ctx)
  const [committees, centers] = await Promise.all([
    ctx.store.committees.find({ subdistrictId }, { orderBy: [['name', 'asc']], limit: 1000 }),
    ctx.store.serviceCenters.find({ subdistrictId }, { limit: 1000 }),
  ])
  return {
    subdistrictId,
    committees: committees.map(committeeView).sort((a, b) => Number(a.retired) - Number(b.retired)),
    centers: centers.map(centerView).sort((a, b) => Number(a.retired) - Number(b.retired)),
  }
}

/** One committee's blocks, buildings and rooms (块 → 楼 → 室). Three requests. */
export const committeeOrg: Handler<typeof communityContract.committeeOrg> = async (input, ctx) => {
  const [committee, blocks] = await Promise.all([
    loadCommittee(ctx, input.committeeId),
    ctx.store.blocks.find({ committeeId: input.committeeId }, { orderBy: [['name', 'asc']], limit: 1000 }),
  ])
  return {
    committee: committeeView(committee),
    blocks: blocks.map(blockView).sort((a, b) => Number(a.retired) - Number(b.retired)),
  }
}

const committeeFacts = (c: CommitteeDoc | null) =>
  c ? { name: c.name, address: c.address, phone: c.phone ?? null, retired: c.retired === true } : null

/**
 * 新建、修改或撤销居委会. Retiring keeps the committee and everything pointing to it (households, demands,
 * staff); it leaves residents' lists and the pickers. A retried create (same clientRequestId) is one committee.
 */
export const saveCommittee: Handler<typeof communityContract.saveCommittee> = async (input, ctx) => {
  const subdistrictId = officerSubdistrict(ctx)
  const fields = {
    name: input.name,
    address: input.address,
    phone: input.phone || undefined,
    pinyin: searchInitials(input.name, []),
    ...(input.location ? { location: input.location } : {}),
  }
  if (!input.id) {
    const doc: CommitteeDoc = {
      _id: shortId(ctx, 'community.saveCommittee', input.clientRequestId),
      subdistrictId,
      ...fields,
      retired: input.retired === true,
      updatedAt: ctx.now,
    }
    try {
      await ctx.store.committees.add(doc)
    } catch (err) {
      if (!isDuplicateKey(err) || !input.clientRequestId) throw err
      return { committee: committeeView(await loadCommittee(ctx, doc._id)) }
    }
    await ctx.store.audit.add(orgAudit(ctx, 'saveCommittee', 'committee', doc._id, null, committeeFacts(doc)))
    return { committee: committeeView(doc) }
  }
  const before = await loadCommittee(ctx, input.id)
  const after: CommitteeDoc = { ...before, ...fields, retired: input.retired ?? before.retired === true }
  if (!input.phone) delete after.phone
  await ctx.store.committees.update(before._id, {
    ...fields,
    phone: input.phone ? input.phone : ctx._.remove(),
    retired: after.retired === true,
    updatedAt: ctx.now,
  })
  await ctx.store.audit.add(
    orgAudit(ctx, 'saveCommittee', 'committee', before._id, committeeFacts(before), committeeFacts(after)),
  )
  return { committee: committeeView(after) }
}

async function loadBlock(ctx: Ctx, blockId: string, committeeId?: string): Promise<BlockDoc> {
  const block = await ctx.store.blocks.get(blockId)
  if (!block || (committeeId !== undefined && block.committeeId !== committeeId))
    throw notFound('没有找到这个片区')
  return block
}

/** 新建、修改或撤销片区（块）. A name is unique among the committee's blocks in use. */
export const saveBlock: Handler<typeof communityContract.saveBlock> = async (input, ctx) => {
  const [, siblings] = await Promise.all([
    loadCommittee(ctx, input.committeeId),
    ctx.store.blocks.find({ committeeId: input.committeeId }, { limit: 1000 }),
  ])
  const current = input.id ? siblings.find((b) => b._id === input.id) : undefined
  if (input.id && !current) throw notFound('没有找到这个片区')
  const retired = input.retired ?? current?.retired === true
  if (!retired && siblings.some((b) => b.name === input.name && b._id !== current?._id && !b.retired))
    throw invalid('name', `这个居委会已经有“${input.name}”了`)
  if (!current) {
    const doc: BlockDoc = {
      _id: shortId(ctx, 'community.saveBlock', input.clientRequestId),
      committeeId: input.committeeId,
      name: input.name,
      buildings: [],
      units: [],
      retired,
      rev: 1,
      updatedAt: ctx.now,
    }
    try {
      await ctx.store.blocks.add(doc)
    } catch (err) {
      if (!isDuplicateKey(err) || !input.clientRequestId) throw err
      return { block: blockView(await loadBlock(ctx, doc._id, input.committeeId)) }
    }
    await ctx.store.audit.add(orgAudit(ctx, 'saveBlock', 'block', doc._id, null, { name: doc.name, retired }))
    return { block: blockView(doc) }
  }
  await ctx.store.blocks.update(current._id, { name: input.name, retired, updatedAt: ctx.now })
  await ctx.store.audit.add(
    orgAudit(
      ctx,
      'saveBlock',
      'block',
      current._id,
      { name: current.name, retired: current.retired === true },
      { name: input.name, retired },
    ),
  )
  return { block: blockView({ ...current, name: input.name, retired }) }
}

/**
 * 新建、修改或撤销楼栋和它的房间. The block's revision guards the write, so two officers editing buildings of
 * one block at once never lose each other's change (the second is told to refresh).
 */
export const saveBuilding: Handler<typeof communityContract.saveBuilding> = async (input, ctx) => {
  const block = await loadBlock(ctx, input.blockId)
  await loadCommittee(ctx, block.committeeId)
  const newId = input.clientRequestId
    ? shortId(ctx, 'community.saveBuilding', input.clientRequestId).slice(0, 8)
    : unitId()
  const units = unitsOf(block)
  // A retried create finds its building already there.
  if (!input.id && units.some((u) => u.id === newId)) return { block: blockView(block) }
  const change = saveUnit(units, input, newId)
  if (!change.ok) {
    if (change.kind === 'notFound') throw notFound(change.message)
    throw invalid(change.path, change.message)
  }
  const rev = (block.rev ?? 0) + 1
  const updated = await ctx.store.blocks.updateWhere(
    { _id: block._id, rev: block.rev === undefined ? ctx._.exists(false) : block.rev },
    { units: change.units, buildings: activeNames(change.units), rev, updatedAt: ctx.now },
  )
  if (updated === 0) throw conflict('这个片区的楼栋刚被别人改过，请刷新后再改')
  const before = units.find((u) => u.id === change.unit.id) ?? null
  await ctx.store.audit.add(
    orgAudit(
      ctx,
      'saveBuilding',
      'block',
      block._id,
      before && { building: before.name, rooms: before.rooms.length, retired: before.retired === true },
      { building: change.unit.name, rooms: change.unit.rooms.length, retired: change.unit.retired === true },
    ),
  )
  return {
    block: blockView({ ...block, units: change.units, buildings: activeNames(change.units), rev }),
  }
}

/** A new center opens on weekdays 9–17 with three windows until its staff set the working plan. */
const DEFAULT_PLAN: ServiceCenterDoc['plan'] = {
  weekdays: [1, 2, 3, 4, 5],
  open: '09:00',
  close: '17:00',
  lunch: { start: '12:00', end: '13:00' },
  slotMinutes: 30,
  windows: 3,
  minNoticeMinutes: 30,
}

const centerFacts = (c: ServiceCenterDoc | null) =>
  c ? { name: c.name, address: c.address, phone: c.phone ?? null, retired: c.retired === true } : null

/** 新建、修改或撤销社区事务受理服务中心. Retiring keeps its bookings and staff. */
export const saveCenter: Handler<typeof communityContract.saveCenter> = async (input, ctx) => {
  const subdistrictId = officerSubdistrict(ctx)
  const fields = {
    name: input.name,
    address: input.address,
    location: input.location,
    ...(input.phone ? { phone: input.phone } : {}),
  }
  if (!input.id) {
    const doc: ServiceCenterDoc = {
      _id: shortId(ctx, 'community.saveCenter', input.clientRequestId),
      subdistrictId,
      ...fields,
      plan: DEFAULT_PLAN,
      closures: [],
      extraWorkdays: [],
      seats: [],
      retired: input.retired === true,
    }
    try {
      await ctx.store.serviceCenters.add(doc)
    } catch (err) {
      if (!isDuplicateKey(err) || !input.clientRequestId) throw err
      const existing = await ctx.store.serviceCenters.get(doc._id)
      if (!existing || existing.subdistrictId !== subdistrictId) throw err
      return { center: centerView(existing) }
    }
    await ctx.store.audit.add(orgAudit(ctx, 'saveCenter', 'center', doc._id, null, centerFacts(doc)))
    return { center: centerView(doc) }
  }
  const before = await ctx.store.serviceCenters.get(input.id)
  if (!before || before.subdistrictId !== subdistrictId) throw notFound('没有找到这个服务中心')
  const retired = input.retired ?? before.retired === true
  await ctx.store.serviceCenters.update(before._id, {
    ...fields,
    phone: input.phone ? input.phone : ctx._.remove(),
    retired,
  })
  const after: ServiceCenterDoc = { ...before, ...fields, retired }
  if (!input.phone) delete after.phone
  await ctx.store.audit.add(
    orgAudit(ctx, 'saveCenter', 'center', before._id, centerFacts(before), centerFacts(after)),
  )
  return { center: centerView(after) }
}
