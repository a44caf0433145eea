/**
 * Opening the booking window (开放预约): the slots of the next days from the working plan. Ids are derived
 * from center, date and time, and only missing ones are written, so running it twice (or two clerks at
 * once) changes nothing the second time and never resets a slot's bookings.
 */
import type { bookingsContract, SlotDoc } from '../../../types/bookings'
import type { Database } from '../../shared/cloud'
import { storeOf } from '../../shared/data'
import { isDuplicateKey } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { clerkCenterId, loadCenter } from '../lib'
import { planSlots, windowDates } from '../rules/plan'

export const openSlots: Handler<typeof bookingsContract.openSlots> = async (input, ctx) => {
  const center = await loadCenter(ctx.db, clerkCenterId(ctx))
  const dates = windowDates(ctx.now, input.days)
  const r = await ensureSlots(ctx.db, planSlots(center, ctx.now, input.days), center._id, dates)
  return { ...r, from: dates[0], to: dates[dates.length - 1] }
}

async function ensureSlots(
  db: Database,
  wanted: readonly SlotDoc[],
  centerId: string,
  dates: readonly string[],
) {
  const _ = db.command
  const slots = storeOf(db).slots
  const existing = await slots.find(
    { centerId, date: _.gte(dates[0]).and(_.lte(dates[dates.length - 1])) },
    { limit: 1000, fields: { _id: true } },
  )
  const have = new Set(existing.map((s) => s._id))
  const created = await addSlots(
    db,
    wanted.filter((s) => !have.has(s._id)),
  )
  return { created, existing: wanted.length - created }
}

/** Writes new slots 50 at a time; one someone else wrote at the same moment is left as it is. */
export async function addSlots(db: Database, missing: readonly SlotDoc[]): Promise<number> {
  const slots = storeOf(db).slots
  let created = 0
  for (let i = 0; i < missing.length; i += 50) {
    const batch = missing.slice(i, i + 50)
    try {
      await slots.addMany(batch)
      created += batch.length
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // Someone opened some of them at the same moment: write the rest one by one.
      for (const s of batch) {
        try {
          await slots.add(s)
          created++
        } catch (e) {
          if (!isDuplicateKey(e)) throw e
        }
      }
    }
  }
  return created
}
