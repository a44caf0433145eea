/**
 * intake (代为登记): staff record a demand taken by phone, at the door, at the window or from a 12345 work
 * order, for a household on file or a caller by name and phone. Routed like a resident's own (the block's
 * head, else the committee admin), with the alert and counters in the demand's own insert; a retry with the
 * same request id returns the same demand.
 *
 * Database requests (budget 6): caller (1, router) · the household or block with the committee's staff (1) ·
 * the insert, which also claims the alert it carries (1) · the alert's outcome (1; +1 when WeChat answers
 * 43101). A retry that collides reads the stored one (+1).
 */
import type { z } from 'zod'
import type { DemandDoc, IntakeOutput, demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { conflict, invalid, isDuplicateKey, notFound } from '../../shared/errors'
import { derivedId } from '../../shared/ids'
import { carried } from '../../shared/outbox'
import { claimCarried, sendCarried } from '../../outbox/public'
import { staffAlert } from '../rules/messages'
import { route } from '../rules/routing'
import { intakeDemand, submittedCounters } from '../rules/intake'
import { blockWithStaff, householdWithStaff } from '../routingStaff'
import { actorOf } from '../store'
import { channelOf } from '../../../types/demands'

const output = (d: DemandDoc): z.output<typeof IntakeOutput> => ({
  id: d._id,
  status: d.status,
  assigneeName: d.assigneeName,
  firstResponseDueAt: new Date(d.firstResponseDueAt).toISOString(),
  resolutionDueAt: new Date(d.resolutionDueAt).toISOString(),
  channel: channelOf(d),
})

export const intake: Handler<typeof demandsContract.intake> = async (input, ctx) => {
  const staff = ctx.caller.staff
  if (!staff?.committeeId) throw notFound()
  const id = derivedId(ctx.caller.openid, 'demands.intake', input.clientRequestId)

  let place: Parameters<typeof intakeDemand>[0]['place']
  let resident: Parameters<typeof intakeDemand>[0]['resident']
  let blockHead: string | undefined
  let staffList
  if (input.householdId) {
    const found = await householdWithStaff(ctx.db, input.householdId)
    const hh = found?.rec
    // Another committee's household is not the caller's to file for.
    if (!found || !hh || hh.committeeId !== staff.committeeId)
      throw invalid('householdId', '没有找到这户家庭，请重新选择')
    const name = hh.members?.[0]?.name
    place = {
      committeeId: hh.committeeId,
      subdistrictId: staff.subdistrictId,
      blockId: hh.blockId,
      building: hh.building,
      householdId: hh._id,
    }
    resident = { openid: hh.residentOpenids?.[0] ?? '', ...(name ? { name } : {}) }
    blockHead = found.blockHeadOpenid
    staffList = found.staff
  } else {
    // Staff name the block: a call about a public spot is filed under the block it is in.
    const blockId = input.location?.blockId
    if (!blockId) throw invalid('location.blockId', '请选择诉求发生的小区')
    const found = await blockWithStaff(ctx.db, blockId)
    const block = found?.rec
    if (!found || !block || block.committeeId !== staff.committeeId)
      throw invalid('location.blockId', '没有找到这个小区，请重新选择')
    const building = input.location!.building
    if (building && !block.buildings.includes(building))
      throw invalid('location.building', '这个小区没有这栋楼，请重新选择')
    place = {
      committeeId: block.committeeId,
      subdistrictId: staff.subdistrictId,
      blockId: block._id,
      ...(building ? { building } : {}),
    }
    resident = { openid: '', name: input.caller!.name, phone: input.caller!.phone }
    blockHead = block.blockHeadOpenid
    staffList = found.staff
  }
  const r = route(staffList, place.committeeId, blockHead)
  if (!r) throw conflict('这个居委会还没有块长或管理员，不能派单')

  const by = actorOf(ctx)
  const open = intakeDemand(
    {
      id,
      eventId: derivedId(id, 'submitted'),
      channel: input.channel,
      category: input.category,
      text: input.text,
      place,
      resident,
      assignee: r.assignee,
      ...(input.hotline
        ? {
            hotline: {
              orderNo: input.hotline.orderNo,
              ...(input.hotline.dueAt ? { dueAt: new Date(input.hotline.dueAt) } : {}),
            },
          }
        : {}),
      clientRequestId: input.clientRequestId,
    },
    by,
    ctx.now,
  )
  // Whoever takes a case for their own block needs no alert about it.
  const alerts =
    r.assignee.openid === by.openid
      ? []
      : [staffAlert(open, open.events[0], r.assignee.openid, '新诉求待响应', open.text)]
  const doc: DemandDoc = {
    ...open,
    ...claimCarried(
      ctx,
      carried(
        alerts,
        {
          key: { committeeId: open.committeeId, subdistrictId: open.subdistrictId, at: ctx.now },
          counters: submittedCounters(open),
        },
        ctx.now,
      ),
    ),
  }
  try {
    await ctx.store.demands.add(doc)
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const existing = await ctx.store.demands.get(id)
    if (existing) return output(existing)
    throw err
  }
  await sendCarried(ctx, doc.outbox?.messages ?? [])
  return output(doc)
}
