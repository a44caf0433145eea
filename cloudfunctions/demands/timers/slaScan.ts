/**
 * slaScan (时限巡检), hourly: due-soon alerts to the assignee, overdue alerts to the assignee and the committee
 * admin, escalation to the sub-district past 24 hours overdue, and closing unrated cases a week after their
 * answer. Safe to run twice: each alert leaves a mark on the demand in the same transaction as its messages,
 * and message ids come from `demand:<id>:c<cycle>:<stage>:<kind>:<openid>`.
 */
import type { StaffDoc } from '../../../types/community'
import { OPEN_STATUSES, type DemandEvent } from '../../../types/demands'
import { transaction, type Where } from '../../shared/data'
import type { TimerCtx } from '../../shared/router'
import { derivedId } from '../../shared/ids'
import { logLine } from '../../shared/log'
import { messageDoc, type OutgoingMessage } from '../../shared/outbox'
import { bumpStats } from '../../shared/stats'
import { counters } from '../rules/lifecycle'
import { deskAlert, slaAlert } from '../rules/messages'
import { dutyOfficers } from '../rules/routing'
import { alertPlan } from '../rules/sla'
import { SYSTEM } from '../store'

const BATCH = 500

export async function slaScan(
  ctx: TimerCtx,
): Promise<{ alerted: number; escalated: number; closed: number }> {
  const { db, store, _, now } = ctx
  const staffCache = new Map<string, Promise<StaffDoc[]>>()
  const staffWhere = (key: string, where: Where<'staff'>) => {
    let p = staffCache.get(key)
    if (!p) {
      p = store.staff.find({ ...where, active: true }, { limit: 100 })
      staffCache.set(key, p)
    }
    return p
  }
  const admins = (committeeId: string) =>
    staffWhere(`c:${committeeId}`, { committeeId, role: 'committeeAdmin' })
  const officers = (subdistrictId: string) =>
    staffWhere(`s:${subdistrictId}`, { subdistrictId, role: 'officer' })

  let alerted = 0
  let escalated = 0
  const due = await store.demands.find(
    { status: _.in([...OPEN_STATUSES]), nextAlertAt: _.lte(now) },
    {
      orderBy: [['nextAlertAt', 'asc']],
      limit: BATCH,
      fields: { _id: true },
    },
  )
  for (const { _id } of due) {
    try {
      const r = await scanOne(_id)
      alerted += r.alerted
      escalated += r.escalated
    } catch (err) {
      // One bad case must not stop the others; it is picked up again next hour.
      logLine('error', {
        fn: 'demands',
        trigger: 'slaScan',
        demand: _id,
        error: String((err as Error)?.message ?? err).slice(0, 300),
      })
    }
  }

  async function scanOne(id: string): Promise<{ alerted: number; escalated: number }> {
    // Recipients are looked up before the transaction: reads of other collections need not be in it.
    const peek = await store.demands.get(id)
    if (!peek) return { alerted: 0, escalated: 0 }
    const [adminList, officerList] = await Promise.all([
      admins(peek.committeeId),
      officers(peek.subdistrictId),
    ])
    const result = await transaction(db, async (tx) => {
      const doc = await tx.demands.get(id)
      if (!doc) return null
      const plan = alertPlan(doc, now)
      if (!plan) return null
      if (plan.alerts.length === 0) {
        await tx.demands.update(id, { nextAlertAt: plan.nextAlertAt })
        return null
      }
      const msgs: OutgoingMessage[] = []
      const events: DemandEvent[] = []
      const set: Record<string, unknown> = { nextAlertAt: plan.nextAlertAt, updatedAt: now }
      const stats: Record<string, number> = {}
      let didEscalate = false
      const to = (openids: string[]) => [...new Set(openids)]
      for (const a of plan.alerts) {
        if (a.kind === 'dueSoon') msgs.push(slaAlert(doc, 'dueSoon', plan.stage, doc.assigneeOpenid))
        if (a.kind === 'overdue') {
          for (const u of to([doc.assigneeOpenid, ...adminList.map((s) => s.openid)]))
            msgs.push(slaAlert(doc, 'overdue', plan.stage, u))
          events.push(
            systemEvent(
              doc._id,
              now,
              a.mark,
              'overdue',
              plan.stage === 'response'
                ? '超过24小时未响应，已提醒块长和居委会'
                : '超过办结时限，已提醒块长和居委会',
            ),
          )
          set.overdue = true
          Object.assign(
            stats,
            counters(doc, {
              overdue: 1,
              [plan.stage === 'response' ? 'responseOverdue' : 'resolutionOverdue']: 1,
            }),
          )
        }
        if (a.kind === 'escalate') {
          // The desk's duty officers hear of it (`deskAlert`), once per case, cycle and stage.
          for (const u of dutyOfficers(officerList, doc.subdistrictId))
            msgs.push(
              deskAlert(
                doc,
                a.mark,
                u,
                doc.status === 'escalated' ? '上报件超时未办结' : '超时超过24小时，自动上报',
              ),
            )
          if (doc.status !== 'escalated') {
            didEscalate = true
            set.status = 'escalated'
            set.escalation = _.set({ note: '超时超过24小时，自动上报街道督办', at: now, auto: true })
            events.push(systemEvent(doc._id, now, a.mark, 'escalated', '超时超过24小时，自动上报街道督办'))
            Object.assign(stats, counters(doc, { escalated: 1, autoEscalated: 1 }))
          }
        }
      }
      await tx.demands.update(id, {
        ...set,
        alerts: _.push(plan.alerts.map((a) => a.mark)),
        ...(events.length ? { events: _.push(events) } : {}),
        version: _.inc(1),
      })
      for (const m of msgs) await tx.messages.add(messageDoc(m, now))
      return { doc, stats, alerted: msgs.length, escalated: didEscalate ? 1 : 0 }
    })
    if (!result) return { alerted: 0, escalated: 0 }
    const r = result
    await bumpStats(
      db,
      { committeeId: r.doc.committeeId, subdistrictId: r.doc.subdistrictId, at: now },
      r.stats,
    )
    return r
  }

  const closed = await autoClose(ctx)
  return { alerted, escalated, closed }
}

function systemEvent(
  demandId: string,
  now: Date,
  mark: string,
  type: DemandEvent['type'],
  note: string,
): DemandEvent {
  return {
    id: derivedId('system', demandId, mark),
    type,
    at: now,
    by: SYSTEM.openid,
    byName: SYSTEM.name,
    byRole: SYSTEM.roleLabel,
    note,
  }
}

/** Resolved or rejected, unrated a week later: closed. One conditional write per case, so a rerun is a no-op. */
async function autoClose(ctx: TimerCtx): Promise<number> {
  const { store, _, now } = ctx
  const rows = await store.demands.find(
    { status: _.in(['resolved', 'rejected']), autoCloseAt: _.lte(now) },
    { limit: BATCH, fields: { _id: true, status: true, cycle: true } },
  )
  let closed = 0
  for (const r of rows) {
    const event = systemEvent(r._id, now, `${r.cycle}:autoClose`, 'closed', '7天内未评价，自动结案')
    closed += await store.demands.updateWhere(
      { _id: r._id, status: r.status, autoCloseAt: _.lte(now) },
      {
        status: 'closed',
        closedAt: now,
        autoCloseAt: null,
        updatedAt: now,
        events: _.push([event]),
        version: _.inc(1),
      },
    )
  }
  return closed
}
