import type { Ctx } from '../../shared/router'
import { ensureResident } from '../lib'

/** 修改资料: name and phone; an empty phone removes it. */
export async function updateProfile(input: { name?: string; phone?: string }, ctx: Ctx) {
  const { doc } = await ensureResident(ctx)
  const data: Record<string, unknown> = { updatedAt: ctx.now }
  if (input.name !== undefined) data.name = input.name
  if (input.phone !== undefined) data.phone = input.phone === '' ? ctx._.remove() : input.phone
  await ctx.db.collection('residents').doc(ctx.caller.openid).update({ data })
  const phone = input.phone === undefined ? doc.phone : input.phone || undefined
  return { name: input.name ?? doc.name, phone }
}
