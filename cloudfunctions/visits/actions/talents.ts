import type { z } from 'zod'
import type { TalentDoc, TalentsInput, TalentView } from '../../../types/visits'
import { findMany } from '../../shared/db'
import type { Ctx } from '../../shared/router'
import { isoOr, scopeWhere } from '../lib'
import { maskPhone } from '../rules/household'

/** 能人库: capable residents found on visits in the caller's blocks (the admin: the committee); phones masked. */
export async function talents(input: z.output<typeof TalentsInput>, ctx: Ctx) {
  const where = scopeWhere(ctx)
  if (input.skill) where.skills = input.skill
  const docs = await findMany<TalentDoc>(ctx.db, 'talents', where, {
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
