import type { visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import { staffCommittee } from '../lib'

/** 走访周期设置: the committee's intervals per class and weekly target; the catalogue applies them at once. */
export const setCadence: Handler<typeof visitsContract.setCadence> = async (input, ctx) => {
  const committeeId = staffCommittee(ctx)
  const cadence = {
    A: input.A,
    B: input.B,
    C: input.C,
    ...(input.weeklyTarget === undefined ? {} : { weeklyTarget: input.weeklyTarget }),
  }
  await ctx.store.visitSettings.set(committeeId, {
    cadence,
    updatedAt: ctx.now,
    updatedBy: ctx.caller.openid,
  })
  return { cadence }
}
