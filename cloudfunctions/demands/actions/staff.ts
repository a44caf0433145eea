/**
 * The staff actions on one demand (处理诉求): reply, toMeeting, escalate, transfer, resolve, reject,
 * markMicroMatter, linkDuplicate, and the sub-district desk's sendBack and departmentAnswer. Each is
 * load → rule → save through `mutate`.
 */
import type { StaffDoc } from '../../../types/community'
import { DEPARTMENT_KIND_LABEL, type demandsContract } from '../../../types/demands'
import type { Handler } from '../../shared/router'
import { invalid, notFound } from '../../shared/errors'
import * as rules from '../rules/lifecycle'
import { dutyOfficers } from '../rules/routing'
import { inScope } from '../rules/scope'
import { actorOf, mutate } from '../store'

export const reply: Handler<typeof demandsContract.reply> = (i, ctx) =>
  mutate(ctx, i.id, 'reply', i.clientRequestId, (d, ev) => rules.reply(d, actorOf(ctx), i.text, ctx.now, ev))

export const toMeeting: Handler<typeof demandsContract.toMeeting> = (i, ctx) =>
  mutate(ctx, i.id, 'toMeeting', i.clientRequestId, (d, ev) =>
    rules.toMeeting(d, actorOf(ctx), i.meetingDate, i.note, ctx.now, ev),
  )

/** 上报街道, alerting the sub-district's duty officers (one request to find them). */
export const escalate: Handler<typeof demandsContract.escalate> = async (i, ctx) => {
  const subdistrictId = ctx.caller.staff?.subdistrictId
  const officers = subdistrictId
    ? dutyOfficers(
        await ctx.store.staff.find({ subdistrictId, role: 'officer', active: true }, { limit: 50 }),
        subdistrictId,
      )
    : []
  return mutate(ctx, i.id, 'escalate', i.clientRequestId, (d, ev) =>
    rules.escalate(d, actorOf(ctx), i.note, ctx.now, ev, officers),
  )
}

export const sendBack: Handler<typeof demandsContract.sendBack> = (i, ctx) =>
  mutate(ctx, i.id, 'sendBack', i.clientRequestId, (d, ev) =>
    rules.sendBack(d, actorOf(ctx), i.instructions, ctx.now, ev),
  )

export const departmentAnswer: Handler<typeof demandsContract.departmentAnswer> = (i, ctx) =>
  mutate(ctx, i.id, 'departmentAnswer', i.clientRequestId, (d, ev) =>
    rules.departmentAnswer(d, actorOf(ctx), i.answer, ctx.now, ev),
  )

/**
 * 转派对象: the colleagues of the caller's committee and the departments of the sub-district, for the pickers
 * (two requests beside the caller). An officer hands cases to departments only.
 */
export const transferTargets: Handler<typeof demandsContract.transferTargets> = async (_i, ctx) => {
  const staff = ctx.caller.staff
  if (!staff) throw notFound()
  const [colleagues, departments] = await Promise.all([
    staff.committeeId && ctx.role !== 'officer'
      ? ctx.store.staff.find(
          {
            committeeId: staff.committeeId,
            active: true,
            role: ctx._.in(['blockHead', 'committeeAdmin']),
          },
          { limit: 200 },
        )
      : Promise.resolve([]),
    ctx.store.departments.find({ subdistrictId: staff.subdistrictId, active: true }, { limit: 100 }),
  ])
  return {
    colleagues: colleagues
      .filter((c) => c.openid !== staff.openid)
      .flatMap((c) =>
        c.role === 'blockHead' || c.role === 'committeeAdmin'
          ? [{ openid: c.openid, name: c.name, role: c.role }]
          : [],
      )
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
    departments: departments
      .map((d) => ({
        id: d._id,
        name: d.name,
        kind: d.kind,
        kindLabel: DEPARTMENT_KIND_LABEL[d.kind],
        contactName: d.contactName,
        phone: d.phone,
      }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh')),
  }
}

export const resolve: Handler<typeof demandsContract.resolve> = (i, ctx) =>
  mutate(ctx, i.id, 'resolve', i.clientRequestId, (d, ev) =>
    rules.resolve(d, actorOf(ctx), i.result, ctx.now, ev),
  )

export const reject: Handler<typeof demandsContract.reject> = (i, ctx) =>
  mutate(ctx, i.id, 'reject', i.clientRequestId, (d, ev) =>
    rules.reject(d, actorOf(ctx), i.investigation, ctx.now, ev),
  )

export const markMicroMatter: Handler<typeof demandsContract.markMicroMatter> = (i, ctx) =>
  mutate(ctx, i.id, 'markMicroMatter', i.clientRequestId, (d, ev) =>
    rules.markMicroMatter(d, actorOf(ctx), i.proposal, i.budgetYuan, ctx.now, ev),
  )

export const linkDuplicate: Handler<typeof demandsContract.linkDuplicate> = (i, ctx) =>
  mutate(ctx, i.id, 'linkDuplicate', i.clientRequestId, async (d, ev) => {
    const original = await ctx.store.demands.get(i.duplicateOfId)
    if (!original || !inScope(original, ctx.caller, ctx.scope, ctx.now))
      throw invalid('duplicateOfId', '没有找到要关联的诉求')
    return rules.linkDuplicate(d, original, actorOf(ctx), ctx.now, ev)
  })

/**
 * Transfer to a colleague of the same committee, to a department of the sub-district (交办, the case stays
 * tracked), or to another committee of the sub-district (its admin). Officers hand cases to departments only.
 */
export const transfer: Handler<typeof demandsContract.transfer> = async (i, ctx) => {
  const staff = ctx.caller.staff
  if (!staff) throw notFound()
  if (i.toDepartmentId) {
    const dept = await ctx.store.departments.get(i.toDepartmentId)
    if (!dept?.active || dept.subdistrictId !== staff.subdistrictId)
      throw invalid('toDepartmentId', '没有找到这个职能部门，请重新选择')
    return mutate(ctx, i.id, 'transfer', i.clientRequestId, (d, ev) =>
      rules.toDepartment(d, actorOf(ctx), dept, i.reason, ctx.now, ev),
    )
  }
  if (ctx.role === 'officer') throw invalid('toDepartmentId', '街道可以交办职能部门，或退回居委会办理')
  let target: StaffDoc | undefined
  if (i.toOpenid) {
    const s = await ctx.store.staff.get(i.toOpenid)
    target =
      s?.active &&
      s.committeeId === staff.committeeId &&
      (s.role === 'blockHead' || s.role === 'committeeAdmin')
        ? s
        : undefined
    if (!target) throw invalid('toOpenid', '只能转派给本居委会在职的块长或管理员')
  } else {
    const rows = await ctx.store.staff.find(
      { committeeId: i.toCommitteeId, role: 'committeeAdmin', active: true },
      { limit: 20 },
    )
    target = rows
      .filter((s) => s.subdistrictId === staff.subdistrictId)
      .sort((a, b) => a._id.localeCompare(b._id))[0]
    if (!target) throw invalid('toCommitteeId', '这个居委会还没有管理员，不能转派')
  }
  const to = { openid: target.openid, name: target.name, committeeId: target.committeeId! }
  return mutate(ctx, i.id, 'transfer', i.clientRequestId, (d, ev) =>
    rules.transfer(d, actorOf(ctx), to, i.reason, ctx.now, ev),
  )
}
