/**
 * Handing a departing block head's open cases to a colleague (块长交接), for `community.handover`: one
 * conditional update of every case the rule moves — new assignee, the timeline entry, a version bump — so it
 * costs one database request however many cases there are. Each case changes atomically (assignee and
 * entry together); a retry matches only what is left, so no case moves or gets its entry twice.
 */
import { OPEN_STATUSES } from '../../types/demands'
import type { Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { handoverEvent, type CaseHandover } from './rules/handover'

export type { CaseHandover } from './rules/handover'

/** Moves the cases; answers how many moved. */
export async function handOverOpenCases(db: Database, h: CaseHandover): Promise<number> {
  const _ = db.command
  return storeOf(db).demands.updateWhere(
    {
      committeeId: h.committeeId,
      assigneeOpenid: h.from.openid,
      status: _.in([...OPEN_STATUSES]),
    },
    {
      assigneeOpenid: h.to.openid,
      assigneeName: h.to.name,
      events: _.push([handoverEvent(h)]),
      version: _.inc(1),
      updatedAt: h.now,
    },
  )
}
