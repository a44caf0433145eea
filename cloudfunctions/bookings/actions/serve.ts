/**
 * Finishing at the window (办结). Done, or not done with the missing material, which becomes a lesson on
 * the item's tip so the next resident brings it. Either way the resident is asked to rate the service
 * through the outbox. The booking's conditional status change decides which attempt counts, so a retry
 * neither counts nor notifies twice; the follow-ups use dedupe keys and are repeated safely.
 */
import type { bookingsContract } from '../../../types/bookings'
import { conflict } from '../../shared/errors'
import { enqueue } from '../../shared/outbox'
import type { Handler } from '../../shared/router'
import { bumpBookingStats, loadCenterBooking, sheetRow } from '../lib'
import { lessonText } from '../rules/items'
import { releaseBooking } from './cancel'

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
    },
  )
  if (updated !== 1) throw conflict('预约状态已变化，请刷新日程表')
  const done = {
    ...b,
    status,
    missingMaterial: missing ?? b.missingMaterial,
    clerkOpenid: ctx.caller.openid,
  } as const

  // The day guard is released so a resident sent home for a material can book again the same day.
  await releaseBooking(ctx.db, { ...b, slotId: undefined })
  if (missing) {
    await ctx.store.serviceItems.update(b.itemIds[0], {
      lessons: ctx._.push([{ text: lessonText(missing), at: ctx.now }]),
    })
  }
  const counters: Record<string, number> = {
    [status === 'served' ? 'bookings.served' : 'bookings.notDone']: 1,
  }
  await bumpBookingStats(ctx.db, b, ctx.now, counters)
  if (b.openid) {
    await enqueue(
      ctx.db,
      [
        {
          dedupeKey: `booking:${b._id}:rate`,
          touser: b.openid,
          templateKey: 'bookingReminder',
          page: `bookings/pages/ticket/index?id=${b._id}`,
          data: {
            thing1: b.itemNames.join('、').slice(0, 20),
            // The template's fields are item, time and note: the outcome goes into the note.
            time2: `${b.date} ${b.startTime ?? ''}`.trim(),
            thing3: (status === 'served'
              ? '已办结，请为本次服务打分'
              : missing
                ? `未办结：缺少${missing}`
                : '未办结，可再预约'
            ).slice(0, 20),
          },
        },
      ],
      ctx.now,
    )
  }
  return sheetRow(done, ctx.now)
}
