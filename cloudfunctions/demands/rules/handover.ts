/**
 * 块长交接 as a demand sees it: every open case of the departing block head goes to the colleague, with one
 * `transferred` entry on its timeline saying so. The same change for every case, so it is written by one
 * conditional update (the committee's open cases still assigned to the departing head), which a retry finds
 * nothing left to match.
 */
import { OPEN_STATUSES, type DemandDoc, type DemandEvent } from '../../../types/demands'
import type { Actor } from './lifecycle'

export interface CaseHandover {
  readonly committeeId: string
  readonly from: { readonly openid: string; readonly name: string }
  readonly to: { readonly openid: string; readonly name: string }
  readonly actor: Actor
  readonly eventId: string
  readonly now: Date
}

/** The timeline entry each handed-over case gets. */
export function handoverEvent(h: CaseHandover): DemandEvent {
  return {
    id: h.eventId,
    type: 'transferred',
    at: h.now,
    by: h.actor.openid,
    byName: h.actor.name,
    byRole: h.actor.roleLabel,
    note: `块长交接：${h.from.name}的工作交给${h.to.name}`,
    data: { handover: true, fromOpenid: h.from.openid, toOpenid: h.to.openid },
  }
}

/** Which cases move: open, of this committee, still with the departing head. */
export function movesInHandover(
  d: Pick<DemandDoc, 'committeeId' | 'assigneeOpenid' | 'status'>,
  h: CaseHandover,
) {
  return (
    d.committeeId === h.committeeId &&
    d.assigneeOpenid === h.from.openid &&
    (OPEN_STATUSES as readonly string[]).includes(d.status)
  )
}
