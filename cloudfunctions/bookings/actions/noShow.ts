import type { bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { loadCenterBooking, sheetRow } from '../lib'
import { noShowRefusal } from '../rules/booking'
import { settling } from '../settle'

/**
 * Not come (未到), from 15 minutes after the slot starts; the place stays used (the time has passed). The
 * conditional status change decides which attempt counts and carries the day's counter for the bookings
 * timer (settle.ts); the day guard is left, to be taken over by the resident's next booking of the item.
 */
export const noShow: Handler<typeof bookingsContract.noShow> = async (input, ctx) => {
  const b = await loadCenterBooking(ctx, input.bookingId)
  if (b.status === 'noShow') return sheetRow(b, ctx.now)
  const refusal = noShowRefusal(b, ctx.now)
  if (refusal) throw conflict(refusal)
  const updated = await ctx.store.bookings.updateWhere(
    { _id: b._id, status: 'booked' },
    {
      status: 'noShow',
      finishedAt: ctx.now,
      clerkOpenid: ctx.caller.openid,
      ...settling(ctx.db, [{ kind: 'noShow', at: ctx.now }], ctx.now, b.settleAt),
    },
  )
  if (updated !== 1) throw conflict('预约状态已变化，请刷新日程表')
  return sheetRow({ ...b, status: 'noShow' }, ctx.now)
}
