import type { bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { bumpBookingStats, loadCenterBooking, sheetRow } from '../lib'
import { noShowRefusal } from '../rules/booking'
import { releaseBooking } from './cancel'

/** Not come (未到), from 15 minutes after the slot starts; the place stays used (the time has passed). */
export const noShow: Handler<typeof bookingsContract.noShow> = async (input, ctx) => {
  const b = await loadCenterBooking(ctx, input.bookingId)
  if (b.status === 'noShow') return sheetRow(b, ctx.now)
  const refusal = noShowRefusal(b, ctx.now)
  if (refusal) throw conflict(refusal)
  const updated = await ctx.store.bookings.updateWhere(
    { _id: b._id, status: 'booked' },
    { status: 'noShow', finishedAt: ctx.now, clerkOpenid: ctx.caller.openid },
  )
  if (updated !== 1) throw conflict('预约状态已变化，请刷新日程表')
  await releaseBooking(ctx.db, { ...b, slotId: undefined })
  await bumpBookingStats(ctx.db, b, ctx.now, { 'bookings.noShow': 1 })
  return sheetRow({ ...b, status: 'noShow' }, ctx.now)
}
