import type { BookingDoc, bookingsContract } from '../../../types/bookings'
import { conflict, invalid, notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { clerkCenterId, loadCenterBooking, sheetRow } from '../lib'
import { parseCheckInCode } from '../rules/booking'
import { localDate } from '../rules/time'

/** Check-in (签到) by the scanned QR payload or the typed 8-digit number; today's bookings only. */
export const checkIn: Handler<typeof bookingsContract.checkIn> = async (input, ctx) => {
  const parsed = parseCheckInCode(input.code)
  if (!parsed) throw invalid('code', '请输入8位预约号，或扫描预约二维码')
  const centerId = clerkCenterId(ctx)
  const today = localDate(ctx.now)
  let b: BookingDoc
  if ('bookingId' in parsed) b = await loadCenterBooking(ctx, parsed.bookingId)
  else {
    const found = await ctx.store.bookings.find(
      { centerId, date: today, number: parsed.number },
      { limit: 2 },
    )
    if (found.length === 0) throw notFound('今天没有这个预约号')
    b = found[0]
  }
  if (b.date !== today) throw conflict(`这是${b.date}的预约，不是今天的`)
  if (b.status === 'checkedIn') return sheetRow(b, ctx.now)
  if (b.status !== 'booked')
    throw conflict(`这个预约${b.status === 'cancelled' ? '已取消' : '已处理'}，不能签到`)
  const updated = await ctx.store.bookings.updateWhere(
    { _id: b._id, status: 'booked' },
    { status: 'checkedIn', checkedInAt: ctx.now, clerkOpenid: ctx.caller.openid },
  )
  if (updated !== 1) throw conflict('预约状态已变化，请刷新日程表')
  return sheetRow({ ...b, status: 'checkedIn', checkedInAt: ctx.now }, ctx.now)
}
