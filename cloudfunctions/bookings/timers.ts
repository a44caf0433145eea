/**
 * Daily at 18:00 Asia/Shanghai: a reminder for each of tomorrow's bookings, through the outbox. The
 * dedupe key per booking means a timer that fires twice (or is retried) writes each reminder once.
 */
import { BookingDoc } from '../../types/bookings'
import { findMany } from '../shared/db'
import { enqueue } from '../shared/outbox'
import type { TimerCtx } from '../shared/router'
import { C } from './lib'
import { addDays, localDate } from './rules/time'

export async function reminders(ctx: TimerCtx): Promise<{ date: string; bookings: number; written: number }> {
  const date = addDays(localDate(ctx.now), 1)
  let written = 0
  let seen = 0
  // Pages of 1000 (the platform's cap) until a short page: a busy day has a few hundred bookings.
  for (let skip = 0; ; skip += 1000) {
    const page = (
      await findMany<unknown>(
        ctx.db,
        C.bookings,
        { date, status: 'booked' },
        { orderBy: [['_id', 'asc']], skip, limit: 1000 },
      )
    ).map((r) => BookingDoc.parse(r))
    seen += page.length
    const msgs = page
      .filter((b) => b.openid)
      .map((b) => ({
        dedupeKey: `booking:${b._id}:reminder`,
        touser: b.openid as string,
        templateKey: 'bookingReminder' as const,
        page: `bookings/pages/ticket/index?id=${b._id}`,
        data: {
          thing1: b.itemNames.join('、').slice(0, 20),
          time2: `${b.date} ${b.startTime ?? ''}`.trim(),
          thing3: `预约号${b.number}，请带齐材料`,
        },
      }))
    written += await enqueue(ctx.db, msgs, ctx.now)
    if (page.length < 1000) break
  }
  return { date, bookings: seen, written }
}
