/**
 * 跟踪回访: per clerk and item, 未办结 and repeat visits before and after certification, and the items to
 * re-train (rule in `rules/followUp`). Caller, the center's certifications, then the finished visits from the
 * earliest baseline on — three requests, both reads projected to what the rule uses.
 */
import type { bookingsContract } from '../../../types/bookings'
import type { Handler } from '../../shared/router'
import { clerkCenterId } from '../lib'
import { BEFORE_DAYS, followUp as followUpRows, REPEAT_DAYS } from '../rules/followUp'
import { addDays, localDate, toDate } from '../rules/time'

export const followUp: Handler<typeof bookingsContract.followUp> = async (_input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const certs = await ctx.store.certifications.find(
    { centerId },
    { fields: { openid: true, name: true, itemId: true, itemName: true, certifiedAt: true }, limit: 1000 },
  )
  if (certs.length === 0) return { repeatDays: REPEAT_DAYS, lines: [], retrain: [] }
  const earliest = Math.min(...certs.map((c) => toDate(c.certifiedAt).getTime()))
  // A day early: `date` is the booking's local day, the window edge an instant.
  const from = addDays(localDate(new Date(earliest)), -BEFORE_DAYS - 1)
  // Newest first, so if a very busy center passes the 1000 cap it is the oldest baseline that is cut.
  const visits = await ctx.store.bookings.find(
    { centerId, date: ctx._.gte(from), status: ctx._.in(['served', 'notDone']) },
    {
      fields: { clerkOpenid: true, itemIds: true, openid: true, status: true, finishedAt: true },
      orderBy: [['date', 'desc']],
      limit: 1000,
    },
  )
  const rows = followUpRows(
    certs.map((c) => ({ ...c, certifiedAt: toDate(c.certifiedAt) })),
    visits.flatMap((v) =>
      v.clerkOpenid && v.finishedAt
        ? [
            {
              clerk: v.clerkOpenid,
              itemIds: v.itemIds,
              openid: v.openid,
              done: v.status === 'served',
              finishedAt: toDate(v.finishedAt),
            },
          ]
        : [],
    ),
    ctx.now,
  )
  const retrain = new Map<string, { itemId: string; itemName: string; clerks: string[] }>()
  for (const r of rows.filter((x) => x.rising)) {
    const entry = retrain.get(r.itemId) ?? { itemId: r.itemId, itemName: r.itemName, clerks: [] }
    entry.clerks.push(r.name)
    retrain.set(r.itemId, entry)
  }
  return {
    repeatDays: REPEAT_DAYS,
    lines: rows.map(({ certifiedAt, ...r }) => ({ ...r, certifiedOn: localDate(certifiedAt) })),
    retrain: [...retrain.values()],
  }
}
