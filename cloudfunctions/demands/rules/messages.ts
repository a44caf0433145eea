/**
 * The subscribe messages demands cause (订阅消息): progress updates to the resident (`demandUpdate`) and
 * alerts to staff (`demandAlert`). Dedupe keys name the cause, so a message is written once per cause and
 * recipient; values are cut to WeChat's field limits by the outbox.
 */
import { CATEGORY_LABEL, type DemandDoc, type DemandEvent } from '../../../types/demands'
import type { OutgoingMessage } from '../../shared/outbox'
import { shanghaiTime } from '../../shared/stats'

export const RESIDENT_PAGE = 'demands/pages/detail/index'
export const STAFF_PAGE = 'pkg-staff/demands/detail/index'

export function residentUpdate(
  doc: DemandDoc,
  ev: DemandEvent,
  statusLabel: string,
  note: string,
): OutgoingMessage {
  return {
    dedupeKey: `demand:${doc._id}:ev:${ev.id}:${doc.residentOpenid}`,
    touser: doc.residentOpenid,
    templateKey: 'demandUpdate',
    page: `${RESIDENT_PAGE}?id=${doc._id}`,
    data: {
      thing1: CATEGORY_LABEL[doc.category],
      phrase2: statusLabel,
      thing3: note,
      time4: shanghaiTime(ev.at),
    },
  }
}

/** An alert caused by a timeline event (new case, transfer, reopen). */
export function staffAlert(
  doc: DemandDoc,
  ev: DemandEvent,
  touser: string,
  what: string,
  note: string,
): OutgoingMessage {
  return {
    dedupeKey: `demand:${doc._id}:ev:${ev.id}:${touser}`,
    touser,
    templateKey: 'demandAlert',
    page: `${STAFF_PAGE}?id=${doc._id}`,
    data: {
      thing1: note || doc.text,
      thing2: what,
      time3: shanghaiTime(doc.dueAt ?? doc.resolutionDueAt),
      thing4: CATEGORY_LABEL[doc.category],
    },
  }
}

/**
 * An alert to a duty officer of the sub-district desk (值班): a case was escalated by staff (`what` names
 * who) or by the SLA scan. `cause` makes the dedupe key: the event id, or the scan's mark.
 */
export function deskAlert(doc: DemandDoc, cause: string, touser: string, what: string): OutgoingMessage {
  return {
    dedupeKey: `demand:${doc._id}:desk:${cause}:${touser}`,
    touser,
    templateKey: 'deskAlert',
    page: `${STAFF_PAGE}?id=${doc._id}`,
    data: {
      thing1: doc.text,
      thing2: what,
      thing3: `${CATEGORY_LABEL[doc.category]} 负责人${doc.assigneeName}`,
      time4: shanghaiTime(doc.dueAt ?? doc.resolutionDueAt),
    },
  }
}

const SLA_TEXT = { dueSoon: '诉求即将超时', overdue: '诉求已超时', escalate: '超时已上报街道' } as const
const STAGE_TEXT = { response: '首次响应', resolution: '办结' } as const

/** An SLA alert: once per demand, cycle, stage, kind and recipient (`demand:<id>:c1:response:overdue:<openid>`). */
export function slaAlert(
  doc: DemandDoc,
  kind: keyof typeof SLA_TEXT,
  stage: keyof typeof STAGE_TEXT,
  touser: string,
): OutgoingMessage {
  return {
    dedupeKey: `demand:${doc._id}:c${doc.cycle}:${stage}:${kind}:${touser}`,
    touser,
    templateKey: 'demandAlert',
    page: `${STAFF_PAGE}?id=${doc._id}`,
    data: {
      thing1: doc.text,
      thing2: `${SLA_TEXT[kind]}（${STAGE_TEXT[stage]}）`,
      time3: shanghaiTime(doc.dueAt ?? doc.resolutionDueAt),
      thing4: CATEGORY_LABEL[doc.category],
    },
  }
}

/**
 * The resident's progress updates, copied to the neighbours who joined the case (我也遇到了): same template
 * and values, one per follower, each with its own dedupe key.
 */
export function followerUpdates(
  doc: Pick<DemandDoc, 'residentOpenid' | 'followers'>,
  msgs: readonly OutgoingMessage[],
): OutgoingMessage[] {
  const followers = (doc.followers ?? []).filter((f) => f !== doc.residentOpenid)
  if (followers.length === 0) return []
  return msgs
    .filter((m) => m.templateKey === 'demandUpdate' && m.touser === doc.residentOpenid)
    .flatMap((m) => followers.map((f) => ({ ...m, touser: f, dedupeKey: `${m.dedupeKey}:follower:${f}` })))
}
