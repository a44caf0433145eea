import { BookingDoc, type bookingsContract, type ServiceCenterDoc } from '../../../types/bookings'
import type { OutputOf, ParsedInputOf } from '../../../types/contract'
import type { Ctx } from '../../shared/router'
import { findMany } from '../../shared/db'
import { C, isActive, loadCenter, ticketOf } from '../lib'
import { toDate } from '../rules/time'

type Spec = typeof bookingsContract.mine

/** Upcoming (active, soonest first) and past bookings (newest first, the last 50). */
export async function mine(_input: ParsedInputOf<Spec>, ctx: Ctx): Promise<OutputOf<Spec>> {
  const raw = await findMany<unknown>(
    ctx.db,
    C.bookings,
    { openid: ctx.caller.openid },
    { orderBy: [['createdAt', 'desc']], limit: 100 },
  )
  const docs = raw.map((r) => BookingDoc.parse(r))
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
