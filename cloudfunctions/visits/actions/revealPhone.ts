import type { visitsContract } from '../../../types/visits'
import { notFound } from '../../shared/errors'
import type { Handler } from '../../shared/router'
import { audit, loadHouseholdForStaff } from '../lib'

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
  await audit(ctx, [h._id], 'revealed', `members.${input.memberIndex}.phone`)
  return { phone }
}
