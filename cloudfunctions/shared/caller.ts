/**
 * Who is calling, read from the database by the OPENID the platform injected. Only the records the
 * action's grant can use are read: a resident-only action costs one request, a staff-only action one, and
 * an action for both one for staff in their role (their resident record stays unread: null) and two for
 * everyone else.
 */
import type { Grant } from '../../types/policy'
import { StaffDoc, type BlockDoc, type ResidentDoc, type StaffMember } from '../../types/community'
import { STAFF_ROLES, type Role } from '../../types/roles'
import type { Database } from './cloud'
import { lookupRows, lookupWhere, storeOf } from './data'

export interface Caller {
  readonly openid: string
  /** Null until the first `community.me` creates it. */
  readonly resident: ResidentDoc | null
  /** Only an active staff record; a deactivated one reads as null, so access ends on the next call. */
  readonly staff: StaffMember | null
  readonly roles: readonly Role[]
}

export async function loadCaller(db: Database, openid: string, grant: Grant): Promise<Caller> {
  const wantsResident = grant.resident !== undefined
  const wantsStaff = STAFF_ROLES.some((r) => grant[r] !== undefined)
  // A public read ('any' for residents) needs no identity beyond the OPENID.
  const needsResidentDoc = wantsResident && grant.resident !== 'any'
  const needsStaffDoc = wantsStaff && !(grant.resident === 'any')
  const store = storeOf(db)
  if (needsResidentDoc && needsStaffDoc) {
    // A grant for residents and staff (a demand's detail): staff acting in their role need no resident
    // record, so it is read only for a caller the staff record does not let in — one request for staff.
    const staff = activeOnly(await readStaffMember(db, openid))
    if (staff && grant[staff.role] !== undefined)
      return { openid, resident: null, staff, roles: rolesOf(staff) }
    return { openid, resident: await store.residents.get(openid), staff, roles: rolesOf(staff) }
  }
  const [resident, staffDoc] = await Promise.all([
    needsResidentDoc ? store.residents.get(openid) : null,
    needsStaffDoc ? readStaffMember(db, openid) : null,
  ])
  const staff = activeOnly(staffDoc)
  return { openid, resident, staff, roles: rolesOf(staff) }
}

/** A deactivated staff record reads as null. */
const activeOnly = (staff: StaffMember | null): StaffMember | null => (staff?.active ? staff : null)

/** The staff record of an OPENID when it is active (for actions whose grant does not load it). */
export async function readActiveStaff(db: Database, openid: string): Promise<StaffMember | null> {
  return activeOnly(await readStaffMember(db, openid))
}

const WithBlocks = StaffDoc.extend({ headOf: lookupRows('blocks') })

/** One staff record with the blocks it heads, in one request (an aggregate with the blocks looked up). */
export async function readStaffMember(db: Database, openid: string): Promise<StaffMember | null> {
  return (await readStaffMembers(db, [openid]))[0] ?? null
}

/**
 * Staff records with the blocks each heads, in one request: the blocks naming any of them are looked up
 * beside every row (without their rooms) and each record keeps its own.
 */
export async function readStaffMembers(db: Database, openids: readonly string[]): Promise<StaffMember[]> {
  const ids = [...openids]
  const rows = await storeOf(db).staff.aggregate(
    (p) =>
      p.match({ _id: db.command.in(ids) }).lookup(
        lookupWhere(db, 'blocks', { blockHeadOpenid: db.command.in(ids) }, 'headOf', {
          limit: 1000,
          fields: { units: false },
        }),
      ),
    WithBlocks,
  )
  return rows.map(({ headOf, ...staff }) => withBlocks(staff, headOf))
}

/**
 * A staff record with the blocks it heads among `blocks` (which must hold every block that could name it —
 * its committee's, say): a block's head is stored on the block only.
 */
export const withBlocks = (
  staff: StaffDoc,
  blocks: readonly Pick<BlockDoc, '_id' | 'blockHeadOpenid'>[],
): StaffMember => ({
  ...staff,
  blockIds: blocks.filter((b) => b.blockHeadOpenid === staff._id).map((b) => b._id),
})

/** Every caller is a resident; an active staff record adds its role. */
export function rolesOf(staff: StaffDoc | null): Role[] {
  return staff ? ['resident', staff.role] : ['resident']
}
