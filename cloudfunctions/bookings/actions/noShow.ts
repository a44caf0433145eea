import type { bookingsContract } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import { updateWhere } from '../../shared/db'
import { conflict } from '../../shared/errors'
import type { Ctx } from '../../shared/router'
import { C, bumpBookingStats, loadCenterBooking, sheetRow } from '../lib'
import { noShowRefusal } from '../rules/booking'
import { releaseBooking } from './cancel'

type Spec = typeof bookingsContract.noShow

/** Not come (未到), from 15 minutes after the slot starts; the place stays used (the time has passed). */
export async function noShow(input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
  const b = await loadCenterBooking(ctx, input.bookingId)
  if (b.status === 'noShow') return sheetRow(b, ctx.now)
  const refusal = noShowRefusal(b, ctx.now)
  if (refusal) throw conflict(refusal)
  const updated = await updateWhere(
    ctx.db,
    C.bookings,
    { _id: b._id, status: 'booked' },
    { status: 'noShow', finishedAt: ctx.now, clerkOpenid: ctx.caller.openid },
  )
  if (updated !== 1) throw conflict('预约状态已变化，请刷新日程表')
  await releaseBooking(ctx.db, { ...b, slotId: undefined })
  await bumpBookingStats(ctx.db, b, ctx.now, { 'bookings.noShow': 1 })
  return sheetRow({ ...b, status: 'noShow' }, ctx.now)
}
