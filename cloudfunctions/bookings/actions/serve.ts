/**
 * Finishing at the window (办结). Done, or not done with the missing material, which becomes a lesson on
 * the item's tip so the next resident brings it. Either way the resident is asked to rate the service.
 *
 * One conditional write of the booking (its status still `checkedIn`) decides which attempt counts and carries
 * what follows — the day's counter, the lesson, the rating message — as a `settle` entry that the bookings
 * timer passes on (settle.ts): a retry finds the status already changed and writes, counts and sends nothing
 * again, and a process killed after the write has lost nothing, since the entry is in the booking. The day
 * guard is left as it is: a guard whose booking is no longer active is taken over by the next booking.
 */
import type { bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { loadCenterBooking, sheetRow } from '../lib'
import { settling } from '../settle'

export const serve: Handler<typeof bookingsContract.serve> = async (input, ctx) => {
  const b = await loadCenterBooking(ctx, input.bookingId)
  const status = input.outcome === 'done' ? 'served' : 'notDone'
  if (b.status === status) return sheetRow(b, ctx.now)
  if (b.status !== 'checkedIn')
    throw conflict(b.status === 'booked' ? '请先为居民签到' : '这个预约已处理过了')
  const missing = input.outcome === 'notDone' ? input.missingMaterial : undefined
  const updated = await ctx.store.bookings.updateWhere(
    { _id: b._id, status: 'checkedIn' },
    {
      status,
      finishedAt: ctx.now,
      clerkOpenid: ctx.caller.openid,
      ...(missing ? { missingMaterial: missing } : {}),
      ...settling(
        ctx.db,
        [{ kind: status, at: ctx.now, ...(missing ? { missing } : {}) }],
        ctx.now,
        b.settleAt,
      ),
    },
  )
  if (updated !== 1) throw conflict('预约状态已变化，请刷新日程表')
  return sheetRow(
    { ...b, status, missingMaterial: missing ?? b.missingMaterial, clerkOpenid: ctx.caller.openid },
    ctx.now,
  )
}
