/**
 * What "nothing half-written" means for bookings, checked on the stored documents after any sequence of
 * actions: every slot's count equals its holders and stays within capacity; a holder is a booking in that
 * slot that was not cancelled; every active booking holds its place and its day guards.
 */
import type { LocalDatabase } from '../../../emulator/db'
import { guardId } from '../../../cloudfunctions/bookings/rules/booking'

interface Slot {
  _id: string
  booked: number
  capacity: number
  holders: string[]
}
interface Booking {
  _id: string
  slotId?: string
  status: string
  openid?: string
  itemIds: string[]
  date: string
}

export function checkInvariants(db: LocalDatabase): void {
  const slots = db.find('slots') as unknown as Slot[]
  const bookings = new Map((db.find('bookings') as unknown as Booking[]).map((b) => [b._id, b]))
  const guards = new Map(
    (db.find('bookingGuards') as unknown as { _id: string; bookingId: string }[]).map((g) => [g._id, g]),
  )
  const problems: string[] = []
  const held = new Set<string>()
  for (const s of slots) {
    if (s.booked !== s.holders.length)
      problems.push(`${s._id}: booked ${s.booked} but ${s.holders.length} holders`)
    if (s.booked > s.capacity) problems.push(`${s._id}: ${s.booked} over capacity ${s.capacity}`)
    if (new Set(s.holders).size !== s.holders.length) problems.push(`${s._id}: a holder twice`)
    for (const h of s.holders) {
      held.add(h)
      const b = bookings.get(h)
      if (!b) problems.push(`${s._id}: holder ${h} has no booking`)
      else if (b.slotId !== s._id) problems.push(`${s._id}: holder ${h} is booked in ${b.slotId}`)
      else if (b.status === 'cancelled' || b.status === 'closed')
        problems.push(`${s._id}: holder ${h} is ${b.status}`)
    }
  }
  for (const b of bookings.values()) {
    if (!b.slotId || (b.status !== 'booked' && b.status !== 'checkedIn')) continue
    if (!held.has(b._id)) problems.push(`${b._id}: active but holds no place in ${b.slotId}`)
    if (b.status === 'booked' && b.openid)
      for (const i of b.itemIds) {
        const g = guards.get(guardId(b.openid, i, b.date))
        if (!g || g.bookingId !== b._id) problems.push(`${b._id}: no day guard for ${i}`)
      }
  }
  if (problems.length) throw new Error(`booking invariants broken:\n${problems.slice(0, 20).join('\n')}`)
}
