import type { visitsContract } from '../../../types/visits'
import { notFound } from '../../shared/errors'
import { newId } from '../../shared/ids'
import type { Handler } from '../../shared/router'
import { loadHouseholdForStaff } from '../lib'

/**
 * 查看完整号码: one member's full phone number for the block head (or admin) who is about to call. The file
 * itself shows phones masked; each reveal is written to the audit trail, naming the member, before the number
 * leaves. Out of scope answers NOT_FOUND, audited as denied, like reading the file.
 *
 * Database requests: caller 1 · household 1 · audit 1.
 */
export const revealPhone: Handler<typeof visitsContract.revealPhone> = async (input, ctx) => {
  const h = await loadHouseholdForStaff(ctx, input.householdId)
  const phone = h.members?.[input.memberIndex]?.phone
  if (!phone) throw notFound('这位家庭成员没有登记电话')
  await ctx.store.audit.add({
    _id: newId(),
    at: ctx.now,
    fn: 'visits',
    action: ctx.action,
    actorOpenid: ctx.caller.openid,
    actorRole: ctx.role,
    subjectKind: 'household',
    subjectId: h._id,
    subjectIds: [h._id],
    count: 1,
    outcome: 'revealed',
    field: `members.${input.memberIndex}.phone`,
    requestId: ctx.requestId,
    // The trail says whose number was seen, never the number.
    before: null,
    after: null,
  })
  return { phone }
}
