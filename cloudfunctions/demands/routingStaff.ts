/**
 * Loading the staff that routing (rules/routing.ts) chooses from — for `submit` and for demands raised
 * during visits — in one database request each.
 */
import { StaffDoc } from '../../types/community'
import type { Database } from '../shared/cloud'
import { findMany, validDocs } from '../shared/db'

/** A committee's active staff, whom routing (rules/routing.ts) chooses from. */
export async function committeeStaff(db: Database, committeeId: string): Promise<StaffDoc[]> {
  return validDocs(StaffDoc, await findMany(db, 'staff', { committeeId, active: true }, { limit: 200 }))
}

/**
 * A block or household by `_id` with its committee's staff (active or not; routing keeps the active) looked
 * up alongside: one aggregate request instead of two reads.
 */
export async function withCommitteeStaff(
  db: Database,
  collection: 'blocks' | 'households',
  id: string,
): Promise<{ rec: unknown; staff: StaffDoc[] } | null> {
  const res = (await db
    .collection(collection)
    .aggregate()
    .match({ _id: id })
    .lookup({ from: 'staff', localField: 'committeeId', foreignField: 'committeeId', as: 'staff' })
    .end()) as { list: { staff?: unknown[] }[] }
  const rec = res.list[0]
  return rec ? { rec, staff: validDocs(StaffDoc, rec.staff ?? []) } : null
}
