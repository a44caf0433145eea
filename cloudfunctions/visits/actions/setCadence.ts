import type { Cadence } from '../../../types/visits'
import { stripUndefined } from '../../shared/db'
import type { Ctx } from '../../shared/router'
import { staffCommittee } from '../lib'

/** 走访周期设置: the committee's intervals per class and weekly target; the catalogue applies them at once. */
export async function setCadence(input: Cadence, ctx: Ctx) {
  const committeeId = staffCommittee(ctx)
  const cadence = stripUndefined({ A: input.A, B: input.B, C: input.C, weeklyTarget: input.weeklyTarget })
  await ctx.db
    .collection('visitSettings')
    .doc(committeeId)
    .set({ data: { cadence, updatedAt: ctx.now, updatedBy: ctx.caller.openid } })
  return { cadence }
}
