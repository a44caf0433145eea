import { ResidentDoc, type communityContract } from '../../../types/community'
import { lookupRows } from '../../shared/data'
import { conflict, forbidden, notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { iso } from '../lib'
import { decideBinding } from '../rules/binding'
import { maskPhone } from '../rules/phone'

/** Whether a household lies in the caller's scope: their blocks for a block head, the committee for an admin. */
function inScope(ctx: Ctx, h: { committeeId: string; blockId: string }): boolean {
  const s = ctx.caller.staff
  if (!s?.committeeId || h.committeeId !== s.committeeId) return false
  return ctx.scope === 'committee' || s.blockIds.includes(h.blockId)
}

/** A resident waiting, with their family files and those files' blocks looked up beside them. */
const Waiting = ResidentDoc.extend({
  files: lookupRows('households'),
  fileBlocks: lookupRows('blocks'),
})

/**
 * 待确认的家庭绑定 in the caller's blocks (block head) or committee (admin). Two requests: the caller, then one
 * aggregate of the residents waiting with their family files (which decide the scope: older bindings carry no
 * address) and the files' blocks looked up beside each.
 */
export const pendingBindings: Handler<typeof communityContract.pendingBindings> = async (_input, ctx) => {
  const s = ctx.caller.staff
  if (!s?.committeeId) throw forbidden()
  const { households, blocks } = ctx.store
  const residents = await ctx.store.residents.aggregate(
    (p) =>
      p
        .match({ households: ctx._.elemMatch({ committeeId: s.committeeId, status: 'pending' }) })
        .limit(1000)
        .lookup({
          from: households.name,
          localField: 'households.householdId',
          foreignField: '_id',
          as: 'files',
        })
        .lookup({ from: blocks.name, localField: 'files.blockId', foreignField: '_id', as: 'fileBlocks' }),
    Waiting,
  )
  const rows = residents.flatMap((r) =>
    r.households
      .filter((b) => b.status === 'pending' && b.committeeId === s.committeeId)
      .flatMap((b) => {
        const h = r.files.find((x) => x._id === b.householdId)
        const block = h && r.fileBlocks.find((x) => x._id === h.blockId)
        return h && inScope(ctx, h) ? [{ r, b, h, blockName: block?.name ?? '' }] : []
      }),
  )
  return {
    items: rows
      .map(({ r, b, h, blockName }) => ({
        residentOpenid: r.openid,
        residentName: r.name,
        phoneMasked: maskPhone(r.phone),
        committeeId: h.committeeId,
        householdId: h._id,
        blockId: h.blockId,
        blockName,
        building: h.building,
        room: h.room,
        headName: h.members[0]?.name,
        requestedAt: iso(b.requestedAt),
      }))
      .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)),
  }
}

/**
 * 确认绑定: the block head of the household's block (or the committee admin) confirms or declines; on
 * confirm the resident joins the family file's `residentOpenids`.
 *
 * Five requests: the caller, the family file (the scope), the resident, one conditional update of that one
 * binding — only while it is still pending, so of a confirm and a decline at once one wins, and the
 * resident's other bindings are left as they are — and, on confirm, the resident added to the file's set.
 * The two documents are written one after the other instead of in a transaction (which cost a start and a
 * commit more): a process killed between them leaves a confirmed binding whose file does not list the
 * resident yet, and the retry of the same decision finds it decided and adds the resident to the set again
 * (an add-to-set: nothing twice).
 */
export const confirmBinding: Handler<typeof communityContract.confirmBinding> = async (input, ctx) => {
  const household = await ctx.store.households.get(input.householdId)
  if (!household || !inScope(ctx, household)) throw notFound('没有找到这户家庭')
  const resident = await ctx.store.residents.get(input.residentOpenid)
  if (!resident) throw notFound('没有找到这条绑定申请')
  const d = decideBinding(resident.households, household._id, input.decision, ctx.caller.openid, ctx.now)
  if (d.kind === 'missing') throw notFound('没有找到这条绑定申请')
  if (d.kind === 'changed') {
    const decided = d.bindings.find((b) => b.householdId === household._id)!
    const n = await ctx.store.residents.updateWhere(
      { _id: resident._id, households: ctx._.elemMatch({ householdId: household._id, status: 'pending' }) },
      { 'households.$': ctx._.set(decided), updatedAt: ctx.now },
    )
    // Decided by someone else since the read: the client reads the list again.
    if (n === 0) throw conflict('这条绑定申请刚刚已经处理过了')
  }
  if (d.status === 'confirmed')
    await ctx.store.households.update(household._id, { residentOpenids: ctx._.addToSet(resident._id) })
  return { status: d.status }
}
