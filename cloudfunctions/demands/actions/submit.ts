/**
 * submit (提交诉求): check the text, route to the block head, and write the demand with the assignee's alert
 * and its counters inside it — one single-document insert, so all three commit together; the alert is
 * carried already claimed by this invocation (`claimCarried`), which sends it right after the insert
 * (`sendCarried`), so the block head hears within seconds. The `outbox` function relays the counters into
 * `stats` at its next sweep (every 10 minutes) and finds the alert already in `messages`. The `_id` is
 * derived from the client request id, so a retry collides instead of duplicating.
 *
 * Database requests (budget 6): caller (1, router) · where the demand belongs with the committee's staff (1:
 * a staff query, or one aggregate that looks the staff up from the named block or the household) · one use
 * of the day's allowance, a conditional increment on the resident's own record (1, the day's first too:
 * allowance.ts) · the insert (1) · the alert's outcome (1; +1 when WeChat answers 43101 and Linli's grant is
 * set to 0; a long-term template, so no grant to spend) — 5, at most 6. A retry that collides gives the use
 * back and reads the stored demand (+2) and sends nothing.
 */
import type { z } from 'zod'
import { HouseholdBinding, type StaffDoc } from '../../../types/community'
import {
  MAX_SUBMISSIONS_PER_DAY,
  type DemandDoc,
  type MapPoint,
  type PlaceKind,
  type demandsContract,
  type SubmitDemandInput,
  type SubmitDemandOutput,
} from '../../../types/demands'
import type { Ctx, Handler } from '../../shared/router'
import { conflict, invalid, isDuplicateKey, rateLimited } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { carried } from '../../shared/outbox'
import { claimCarried, sendCarried } from '../../outbox/public'
import { businessDay } from '../../shared/stats'
import { newDemand } from '../rules/lifecycle'
import { submittedCounters } from '../rules/intake'
import { staffAlert } from '../rules/messages'
import { route } from '../rules/routing'
import { blockWithStaff, committeeStaff, householdWithStaff } from '../routingStaff'
import { actorOf } from '../store'
import { giveBackDemand, takeDemand } from '../allowance'
import { checkText } from '../textCheck'
import { checkPhotos } from '../photos'
import { residentCommittees } from '../rules/public'

type Output = z.output<typeof SubmitDemandOutput>

const output = (d: DemandDoc): Output => ({
  id: d._id,
  status: d.status,
  assigneeName: d.assigneeName,
  firstResponseDueAt: new Date(d.firstResponseDueAt).toISOString(),
  resolutionDueAt: new Date(d.resolutionDueAt).toISOString(),
})

interface Place {
  committeeId: string
  blockId?: string
  building?: string
  householdId?: string
  blockHeadOpenid?: string
  placeKind: PlaceKind
  placeLabel?: string
  spot?: string
  point?: MapPoint
}

/** How lists name the place: 春晖一区 2号楼 · 小区东门 · 地图上选的点. */
function labelOf(p: { blockName?: string; building?: string; spot?: string; point?: MapPoint }): string {
  const where = [p.blockName, p.building].filter(Boolean).join(' ')
  const named = p.spot ?? p.point?.name ?? p.point?.address ?? (p.point ? '地图上选的位置' : undefined)
  return [where, named].filter(Boolean).join(' · ')
}

/** Where the demand belongs, and the staff who could take it; one database request in every case. */
async function placeOf(
  location: z.output<typeof SubmitDemandInput>['location'],
  ctx: Ctx,
): Promise<{ place: Place; staff: StaffDoc[] }> {
  const resident = ctx.caller.resident
  const binding = resident?.households
    .map((h) => HouseholdBinding.safeParse(h))
    .find((h) => h.success && h.data.status === 'confirmed')?.data
  const extra = {
    ...(location?.spot ? { spot: location.spot } : {}),
    ...(location?.point ? { point: location.point } : {}),
  }
  const kind: PlaceKind = location?.point ? 'point' : location?.spot ? 'spot' : 'building'
  if (location?.blockId) {
    const found = await blockWithStaff(ctx.db, location.blockId)
    const block = found?.rec
    if (!found || !block) throw invalid('location.blockId', '没有找到这个小区，请重新选择')
    const building = location.building
    if (building && !block.buildings.includes(building))
      throw invalid('location.building', '这个小区没有这栋楼，请重新选择')
    const place = {
      committeeId: block.committeeId,
      blockId: block._id,
      building,
      householdId: binding?.committeeId === block.committeeId ? binding.householdId : undefined,
      blockHeadOpenid: block.blockHeadOpenid,
      placeKind: kind,
      placeLabel: labelOf({ blockName: block.name, building, ...extra }),
      ...extra,
    }
    return { place, staff: found.staff }
  }
  if (location) {
    // A public spot or a map point with no block: the committee at large, which its admin covers.
    const mine = residentCommittees(resident)
    const committeeId =
      location.committeeId ?? binding?.committeeId ?? (mine.length === 1 ? mine[0] : undefined)
    if (!committeeId) throw invalid('location.committeeId', '请选择这个地方属于哪个居委会')
    if (!mine.includes(committeeId))
      throw invalid('location.committeeId', '只能向您关注的居委会反映问题，请先关注这个居委会')
    const place = {
      committeeId,
      ...(binding?.committeeId === committeeId ? { householdId: binding.householdId } : {}),
      placeKind: kind,
      placeLabel: labelOf(extra) || undefined,
      ...extra,
    }
    return { place, staff: await committeeStaff(ctx.db, committeeId) }
  }
  if (binding?.blockId) {
    const place = {
      committeeId: binding.committeeId,
      blockId: binding.blockId,
      building: binding.building,
      householdId: binding.householdId,
      placeKind: 'home' as const,
      ...(binding.building ? { placeLabel: binding.building } : {}),
    }
    // The block for its head (stored on the block only), with the committee's staff.
    const found = await blockWithStaff(ctx.db, binding.blockId)
    return {
      place: { ...place, blockHeadOpenid: found?.blockHeadOpenid },
      staff: found?.staff ?? (await committeeStaff(ctx.db, binding.committeeId)),
    }
  }
  if (binding) {
    // A binding made before the block was copied onto it: the household knows.
    const found = await householdWithStaff(ctx.db, binding.householdId)
    const hh = found?.rec
    const place = {
      committeeId: binding.committeeId,
      householdId: binding.householdId,
      placeKind: 'home' as const,
      ...(hh ? { blockId: hh.blockId, building: hh.building, placeLabel: hh.building } : {}),
      blockHeadOpenid: found?.blockHeadOpenid,
    }
    return { place, staff: found?.staff ?? (await committeeStaff(ctx.db, binding.committeeId)) }
  }
  if (resident && resident.committeeIds.length === 1) {
    const committeeId = resident.committeeIds[0]
    return { place: { committeeId, placeKind: 'home' }, staff: await committeeStaff(ctx.db, committeeId) }
  }
  throw invalid(
    'location',
    resident?.committeeIds.length ? '请选择诉求发生的小区' : '请先关注您所在的居委会，或选择诉求发生的小区',
  )
}

export const submit: Handler<typeof demandsContract.submit> = async (input, ctx) => {
  const { caller, now } = ctx
  const id = derivedId(caller.openid, 'demands.submit', input.clientRequestId)
  const day = businessDay(now)

  checkPhotos(input.photos, caller.openid)
  const [placed, checked, took] = await Promise.allSettled([
    placeOf(input.location, ctx),
    checkText(ctx.cloud, input.text, caller.openid),
    takeDemand(ctx, day),
  ])
  const tookOne = took.status === 'fulfilled' && took.value
  // A use taken for a demand that is not written is given back, so a refusal costs the resident nothing.
  const refuse = async (err: unknown): Promise<never> => {
    if (tookOne) await giveBackDemand(ctx, day)
    throw err
  }
  if (placed.status === 'rejected') return refuse(placed.reason)
  if (checked.status === 'rejected') return refuse(checked.reason)
  if (took.status === 'rejected') throw took.reason
  const { place, staff } = placed.value
  const verdict = checked.value
  if (!tookOne) {
    // A retry of a demand that made the limit is still answered with that demand.
    const existing = await ctx.store.demands.get(id)
    if (existing) return output(existing)
    throw rateLimited(
      `每人每天最多提交${MAX_SUBMISSIONS_PER_DAY}件诉求，请明天再来，紧急情况请直接打电话给居委会`,
    )
  }
  const r = route(staff, place.committeeId, place.blockHeadOpenid)
  if (!r) return refuse(conflict('这个居委会还没有开通网上诉求，请直接联系居委会'))

  const actor = actorOf(ctx)
  const event = {
    id: derivedId(id, 'submitted'),
    type: 'submitted' as const,
    at: now,
    by: actor.openid,
    byName: actor.name,
    byRole: actor.roleLabel,
    note: `已派给${r.assignee.name}（${r.assignee.role === 'blockHead' ? '块长' : '居委会'}）`,
  }
  const open = newDemand(
    {
      _id: id,
      residentOpenid: caller.openid,
      ...(caller.resident?.name ? { residentName: caller.resident.name } : {}),
      ...(place.householdId ? { householdId: place.householdId } : {}),
      committeeId: place.committeeId,
      subdistrictId: r.assignee.subdistrictId,
      ...(place.blockId ? { blockId: place.blockId } : {}),
      ...(place.building ? { building: place.building } : {}),
      placeKind: place.placeKind,
      ...(place.placeLabel ? { placeLabel: place.placeLabel } : {}),
      ...(place.spot ? { spot: place.spot } : {}),
      ...(place.point ? { point: place.point } : {}),
      category: input.category,
      text: input.text,
      photos: input.photos,
      visibility: input.visibility,
      channel: 'miniProgram',
      assigneeOpenid: r.assignee.openid,
      assigneeName: r.assignee.name,
      clientRequestId: input.clientRequestId,
    },
    event,
    now,
  )
  const doc: DemandDoc = {
    ...open,
    // Staff look again at text the check was unsure about, or could not check.
    ...(verdict === 'pass' ? {} : { contentFlag: verdict }),
    ...claimCarried(
      ctx,
      carried(
        [staffAlert(open, event, r.assignee.openid, '新诉求待响应', open.text)],
        {
          key: { committeeId: open.committeeId, subdistrictId: open.subdistrictId, at: now },
          counters: submittedCounters(open),
        },
        now,
      ),
    ),
  }

  try {
    await ctx.store.demands.add(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) return refuse(err)
    // A retry: the first call already counted this demand.
    await giveBackDemand(ctx, day)
    const existing = await ctx.store.demands.get(id)
    if (existing) return output(existing)
    throw err
  }
  // The block head hears of it within seconds; the outbox's sweep is the fallback.
  await sendCarried(ctx, doc.outbox?.messages ?? [])
  return output(doc)
}
