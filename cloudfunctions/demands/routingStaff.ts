/**
 * Loading the staff that routing (rules/routing.ts) chooses from — for `submit` and for demands raised
 * during visits — in one database request each.
 */
import { z } from 'zod'
import { BlockDoc, StaffDoc } from '../../types/community'
import { HouseholdDoc } from '../../types/visits'
import type { Database } from '../shared/cloud'
import { lookupRows, storeOf } from '../shared/data'

/** A committee's active staff, whom routing (rules/routing.ts) chooses from. */
export function committeeStaff(db: Database, committeeId: string): Promise<StaffDoc[]> {
  return storeOf(db).staff.find({ committeeId, active: true }, { limit: 200 })
}

const WithStaff = z
  .object({
    // A staff row that no longer fits its schema is left out (and logged), as a list read leaves it out.
    staff: lookupRows('staff'),
    /** A household's block, for its head. */
    block: z.array(z.object({ blockHeadOpenid: z.string().optional() }).loose()).optional(),
  })
  .loose()

/**
 * A record by `_id` with its committee's staff (active or not; routing keeps the active) and the head its
 * block names looked up alongside: one aggregate request instead of two or three reads. `rec` is null when
 * the record is there but does not fit its schema — the caller treats that as it treats a missing record, and
 * still has the staff.
 */
async function withCommitteeStaff<S extends z.ZodType>(
  db: Database,
  from: 'blocks' | 'households',
  id: string,
  schema: S,
): Promise<{ rec: z.output<S> | null; staff: StaffDoc[]; blockHeadOpenid?: string } | null> {
  const store = storeOf(db)
  const [row] = await store[from].aggregate((p) => {
    const q = p.match({ _id: id }).lookup({
      from: store.staff.name,
      localField: 'committeeId',
      foreignField: 'committeeId',
      as: 'staff',
    })
    return from === 'households'
      ? q.lookup({ from: store.blocks.name, localField: 'blockId', foreignField: '_id', as: 'block' })
      : q
  }, WithStaff)
  if (!row) return null
  const { staff, block, ...rest } = row
  const rec = schema.safeParse(rest)
  if (!rec.success) return { rec: null, staff }
  // Who heads a block is stored on the block only.
  const blockHeadOpenid =
    from === 'blocks' ? (rest as { blockHeadOpenid?: string }).blockHeadOpenid : block?.[0]?.blockHeadOpenid
  return { rec: rec.data, staff, ...(blockHeadOpenid ? { blockHeadOpenid } : {}) }
}

/** A block with its committee's staff, in one request; null when there is no such block. */
export const blockWithStaff = (db: Database, blockId: string) =>
  withCommitteeStaff(db, 'blocks', blockId, BlockDoc)

/**
 * A household with its committee's staff and its block's head, in one request; null when there is no such
 * household.
 */
export const householdWithStaff = (db: Database, householdId: string) =>
  withCommitteeStaff(db, 'households', householdId, HouseholdDoc)
