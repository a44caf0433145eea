import type { TalentView, visitsContract } from '../../../types/visits'
import type { Handler } from '../../shared/router'
import { isoOr, scopeWhere } from '../lib'
import { maskPhone } from '../rules/household'

/** 能人库: capable residents found on visits in the caller's blocks (the admin: the committee); phones masked. */
export const talents: Handler<typeof visitsContract.talents> = async (input, ctx) => {
  const where = { ...scopeWhere(ctx), ...(input.skill ? { skills: input.skill } : {}) }
  const docs = await ctx.store.talents.find(where, {
    orderBy: [['createdAt', 'desc']],
    limit: input.limit,
  })
  const items: TalentView[] = docs.map((t) => ({
    id: t._id,
    householdId: t.householdId,
    blockId: t.blockId,
    name: t.name,
    skills: t.skills,
    phone: maskPhone(t.phone),
    note: t.note,
    consentAt: isoOr(t.consent?.at, ctx.now),
    createdAt: isoOr(t.createdAt, ctx.now),
  }))
  return { items }
}
