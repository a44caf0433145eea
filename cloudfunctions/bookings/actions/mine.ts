import type { BookingDoc, bookingsContract, ServiceCenterDoc } from '../../../types/bookings'
import type { Handler } from '../../shared/router'
import { isActive, loadCenter, ticketOf } from '../lib'
import { toDate } from '../rules/time'

/** Upcoming (active, soonest first) and past bookings (newest first, the last 50). */
export const mine: Handler<typeof bookingsContract.mine> = async (_input, ctx) => {
  const docs = await ctx.store.bookings.find(
    { openid: ctx.caller.openid },
    { orderBy: [['createdAt', 'desc']], limit: 100 },
  )
  const centers = new Map<string, ServiceCenterDoc>()
  for (const id of new Set(docs.map((d) => d.centerId))) centers.set(id, await loadCenter(ctx.db, id))
  const at = (b: BookingDoc) => (b.startsAt ? toDate(b.startsAt).getTime() : toDate(b.createdAt).getTime())
  const upcoming = docs.filter(isActive).sort((a, b) => at(a) - at(b))
  const past = docs
    .filter((b) => !isActive(b))
    .sort((a, b) => at(b) - at(a))
    .slice(0, 50)
  const t = (b: BookingDoc) => ticketOf(b, centers.get(b.centerId) as ServiceCenterDoc, ctx.now)
  return { upcoming: upcoming.map(t), past: past.map(t) }
}
