/**
 * The staff actions on one demand (处理诉求): reply, toMeeting, escalate, transfer, resolve, reject,
 * markMicroMatter, linkDuplicate. Each is load → rule → save through `mutate`.
 */
import type { z } from 'zod'
import { StaffDoc } from '../../../types/community'
import type {
  EscalateInput,
  LinkDuplicateInput,
  MicroMatterInput,
  RejectInput,
  ReplyInput,
  ResolveInput,
  ToMeetingInput,
  TransferInput,
} from '../../../types/demands'
import type { Ctx } from '../../shared/router'
import { invalid, notFound } from '../../shared/errors'
import { findMany, getById } from '../../shared/db'
import * as rules from '../rules/lifecycle'
import { inScope } from '../rules/scope'
import { actorOf, DEMANDS, mutate, parseDemand, txGet } from '../store'

type In<T extends z.ZodType> = z.output<T>

export const reply = (i: In<typeof ReplyInput>, ctx: Ctx) =>
  mutate(ctx, i.id, 'reply', i.clientRequestId, (d, ev) => rules.reply(d, actorOf(ctx), i.text, ctx.now, ev))

export const toMeeting = (i: In<typeof ToMeetingInput>, ctx: Ctx) =>
  mutate(ctx, i.id, 'toMeeting', i.clientRequestId, (d, ev) =>
    rules.toMeeting(d, actorOf(ctx), i.meetingDate, i.note, ctx.now, ev),
  )

export const escalate = (i: In<typeof EscalateInput>, ctx: Ctx) =>
  mutate(ctx, i.id, 'escalate', i.clientRequestId, (d, ev) =>
    rules.escalate(d, actorOf(ctx), i.note, ctx.now, ev),
  )

export const resolve = (i: In<typeof ResolveInput>, ctx: Ctx) =>
  mutate(ctx, i.id, 'resolve', i.clientRequestId, (d, ev) =>
    rules.resolve(d, actorOf(ctx), i.result, ctx.now, ev),
  )

export const reject = (i: In<typeof RejectInput>, ctx: Ctx) =>
  mutate(ctx, i.id, 'reject', i.clientRequestId, (d, ev) =>
    rules.reject(d, actorOf(ctx), i.investigation, ctx.now, ev),
  )

export const markMicroMatter = (i: In<typeof MicroMatterInput>, ctx: Ctx) =>
  mutate(ctx, i.id, 'markMicroMatter', i.clientRequestId, (d, ev) =>
    rules.markMicroMatter(d, actorOf(ctx), i.proposal, i.budgetYuan, ctx.now, ev),
  )

export const linkDuplicate = (i: In<typeof LinkDuplicateInput>, ctx: Ctx) =>
  mutate(ctx, i.id, 'linkDuplicate', i.clientRequestId, async (d, ev, tx) => {
    const raw = await txGet(tx, DEMANDS, i.duplicateOfId)
    const original = raw ? parseDemand(raw) : null
    if (!original || !inScope(original, ctx.caller, ctx.scope))
      throw invalid('duplicateOfId', '没有找到要关联的诉求')
    return rules.linkDuplicate(d, original, actorOf(ctx), ctx.now, ev)
  })

/** Transfer to a colleague of the same committee, or to another committee of the sub-district (its admin). */
export async function transfer(i: In<typeof TransferInput>, ctx: Ctx) {
  const staff = ctx.caller.staff
  if (!staff) throw notFound()
  let target: StaffDoc | undefined
  if (i.toOpenid) {
    const raw = await getById<unknown>(ctx.db, 'staff', i.toOpenid)
    const p = raw ? StaffDoc.safeParse(raw) : null
    target =
      p?.success &&
      p.data.active &&
      p.data.committeeId === staff.committeeId &&
      (p.data.role === 'blockHead' || p.data.role === 'committeeAdmin')
        ? p.data
        : undefined
    if (!target) throw invalid('toOpenid', '只能转派给本居委会在职的块长或管理员')
  } else {
    const rows = await findMany<unknown>(
      ctx.db,
      'staff',
      { committeeId: i.toCommitteeId, role: 'committeeAdmin', active: true },
      { limit: 20 },
    )
    target = rows
      .map((r) => StaffDoc.safeParse(r))
      .flatMap((p) => (p.success && p.data.subdistrictId === staff.subdistrictId ? [p.data] : []))
      .sort((a, b) => a._id.localeCompare(b._id))[0]
    if (!target) throw invalid('toCommitteeId', '这个居委会还没有管理员，不能转派')
  }
  const to = { openid: target.openid, name: target.name, committeeId: target.committeeId! }
  return mutate(ctx, i.id, 'transfer', i.clientRequestId, (d, ev) =>
    rules.transfer(d, actorOf(ctx), to, i.reason, ctx.now, ev),
  )
}
