/**
 * Daily visit reminders (走访提醒): at 08:00 each block head gets one summary — households overdue and due
 * this week — through the outbox. The message id derives from (block head, business day), so a timer that
 * fires twice, or a retry after a crash, writes one message.
 */
import { withBlocks } from '../shared/caller'
import type { TimerCtx } from '../shared/router'
import { enqueue } from '../shared/outbox'
import { businessDay } from '../shared/stats'
import { shanghaiTime } from '../shared/stats'
import { dueOf, loadCadence } from './lib'
import { dueStatus, weekWindow } from './rules/cadence'

export async function dailyReminder(ctx: TimerCtx): Promise<{ blockHeads: number; sent: number }> {
  const heads = await ctx.store.staff.readAll({ role: 'blockHead', active: true })
  // A block's head is stored on the block only.
  const headed = await ctx.store.blocks.readAll(
    { blockHeadOpenid: ctx._.exists(true) },
    { fields: { _id: true, blockHeadOpenid: true } },
  )
  const day = businessDay(ctx.now)
  const cadences = new Map<string, Awaited<ReturnType<typeof loadCadence>>>()
  const weekEnd = weekWindow(ctx.now).end
  let sent = 0
  for (const head of heads) {
    const s = withBlocks(head, headed)
    if (!s.committeeId || s.blockIds.length === 0) continue
    let cadence = cadences.get(s.committeeId)
    if (!cadence) {
      cadence = await loadCadence(ctx.db, s.committeeId)
      cadences.set(s.committeeId, cadence)
    }
    const hs = await ctx.store.households.readAll(
      { committeeId: s.committeeId, blockId: ctx._.in(s.blockIds) },
      { fields: { _id: true, class: true, lastContactAt: true } },
    )
    let overdue = 0
    let dueThisWeek = 0
    for (const h of hs) {
      const st = dueStatus(dueOf(h, cadence), ctx.now, weekEnd)
      if (st === 'overdue' || st === 'never') overdue++
      else if (st === 'dueThisWeek') dueThisWeek++
    }
    if (overdue + dueThisWeek === 0) continue
    const written = await enqueue(
      ctx.db,
      [
        {
          dedupeKey: `visitDue:${s._id}:${day}`,
          touser: s._id,
          templateKey: 'visitDue',
          page: 'pkg-staff/visits/catalogue/index',
          data: {
            thing1: `逾期${overdue}户，本周到期${dueThisWeek}户`,
            thing2: overdue > 0 ? '请优先走访逾期家庭' : '请按计划走访',
            time3: shanghaiTime(ctx.now),
          },
        },
      ],
      ctx.now,
    )
    sent += written
  }
  return { blockHeads: heads.length, sent }
}
