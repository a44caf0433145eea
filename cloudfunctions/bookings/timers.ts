/**
 * The bookings timer (one trigger, every half hour, `tick`): each run adjusts the slots and bookings of
 * centers whose working plan changed (replan.ts; one read when none did) and passes on what changed bookings
 * carry — counters, frequency, lessons, messages (settle.ts; one read when none carries anything); the 18:00 run (Asia/Shanghai) also
 * writes a reminder for each of tomorrow's bookings, through the outbox, and repairs places left by
 * interrupted bookings. Each job answers its own name too (`reminders`, `adjustPlans`), as a test event from
 * the console would fire it. The dedupe key per booking means a timer that fires twice (or is retried) writes
 * each reminder once.
 */
import { enqueue } from '../shared/outbox'
import type { TimerCtx } from '../shared/router'
import { releasePlace } from './actions/book'
import { adjustPlans, type Adjusted } from './replan'
import { settle } from './settle'
import { addDays, localDate, localTime, toDate } from './rules/time'

/** A place held this long without its booking document was left by an interrupted `book`. */
const ORPHAN_AFTER_MS = 10 * 60_000

/**
 * Gives back places that an interrupted `book` or `reschedule` took but never switched a booking to (the
 * process was killed between the steps and the client did not retry): a hold whose booking is missing, is in
 * another slot, or was cancelled or closed. A hold younger than ten minutes may still be in flight and is
 * left alone.
 */
async function repairHolds(ctx: Pick<TimerCtx, 'db' | 'store' | 'now'>): Promise<number> {
  const _ = ctx.db.command
  const today = localDate(ctx.now)
  const slots = await ctx.store.slots.find(
    { date: _.gte(today).and(_.lte(addDays(today, 14))), booked: _.gt(0) },
    { limit: 1000, fields: { holders: true, heldAt: true } },
  )
  let released = 0
  for (const slot of slots) {
    const old = slot.holders.filter((h) => {
      const at = slot.heldAt?.[h]
      return at !== undefined && ctx.now.getTime() - toDate(at).getTime() > ORPHAN_AFTER_MS
    })
    if (old.length === 0) continue
    const found = await ctx.store.bookings.find(
      { _id: _.in(old) },
      { limit: old.length, fields: { slotId: true, status: true } },
    )
    const here = new Set(
      found
        .filter((b) => b.slotId === slot._id && b.status !== 'cancelled' && b.status !== 'closed')
        .map((b) => b._id),
    )
    for (const id of old.filter((h) => !here.has(h))) {
      await releasePlace(ctx.db, slot._id, id)
      released++
    }
  }
  return released
}

export async function reminders(
  ctx: TimerCtx,
): Promise<{ date: string; bookings: number; written: number; released: number }> {
  const date = addDays(localDate(ctx.now), 1)
  let written = 0
  let seen = 0
  // Pages of 1000 (the platform's cap) until a short page: a busy day has a few hundred bookings.
  for await (const page of ctx.store.bookings.pages(
    { date, status: 'booked' },
    { orderBy: ['_id', 'asc'] },
  )) {
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
  }
  // The same daily run repairs places left by interrupted bookings.
  const released = await repairHolds(ctx)
  return { date, bookings: seen, written, released }
}

/** The reminders run at 18:00–18:04, the first tick of the 18 o'clock hour; a missed run is a missed day, as before. */
export const remindersDue = (now: Date): boolean => /^18:0[0-4]$/.test(localTime(now))

export async function tick(ctx: TimerCtx): Promise<{
  adjusted: Adjusted[]
  settled: number
  reminders?: Awaited<ReturnType<typeof reminders>>
}> {
  const adjusted = await adjustPlans(ctx)
  const settled = await settle(ctx)
  return remindersDue(ctx.now)
    ? { adjusted, settled, reminders: await reminders(ctx) }
    : { adjusted, settled }
}

export { adjustPlans, settle }
