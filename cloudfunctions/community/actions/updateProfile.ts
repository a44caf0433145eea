import type { communityContract } from '../../../types/community'
import type { Handler } from '../../shared/router'
import { ensureResident } from '../lib'

/** 修改资料: name and phone; an empty phone removes it. */
export const updateProfile: Handler<typeof communityContract.updateProfile> = async (input, ctx) => {
  const { doc } = await ensureResident(ctx)
  await ctx.store.residents.update(ctx.caller.openid, {
    updatedAt: ctx.now,
    // Fields left undefined are not sent, so they stay as they are.
    name: input.name,
    phone: input.phone === '' ? ctx._.remove() : input.phone,
  })
  const phone = input.phone === undefined ? doc.phone : input.phone || undefined
  return { name: input.name ?? doc.name, phone }
}
