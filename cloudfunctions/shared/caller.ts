/**
 * Who is calling, read from the database by the OPENID the platform injected. Only the records the
 * action's grant can use are read: a resident-only action costs one request, a staff-only action one.
 */
import type { Grant } from '../../types/policy'
import { ResidentDoc, StaffDoc } from '../../types/community'
import { STAFF_ROLES, type Role } from '../../types/roles'
import type { Database } from './cloud'
import { getById } from './db'

export interface Caller {
  readonly openid: string
  /** Null until the first `community.me` creates it. */
  readonly resident: ResidentDoc | null
  /** Only an active staff record; a deactivated one reads as null, so access ends on the next call. */
  readonly staff: StaffDoc | null
  readonly roles: readonly Role[]
}

export async function loadCaller(db: Database, openid: string, grant: Grant): Promise<Caller> {
  const wantsResident = grant.resident !== undefined
  const wantsStaff = STAFF_ROLES.some((r) => grant[r] !== undefined)
  // A public read ('any' for residents) needs no identity beyond the OPENID.
  const needsResidentDoc = wantsResident && grant.resident !== 'any'
  const needsStaffDoc = wantsStaff && !(grant.resident === 'any')
  const [residentRaw, staffRaw] = await Promise.all([
    needsResidentDoc ? getById<unknown>(db, 'residents', openid) : Promise.resolve(null),
    needsStaffDoc ? getById<unknown>(db, 'staff', openid) : Promise.resolve(null),
  ])
  const resident = residentRaw ? ResidentDoc.parse(residentRaw) : null
  const staff = activeStaffOf(staffRaw)
  return { openid, resident, staff, roles: rolesOf(staff) }
}

/** A stored staff record, parsed, when it is active; a deactivated one reads as null. */
function activeStaffOf(raw: unknown): StaffDoc | null {
  const staff = raw ? StaffDoc.parse(raw) : null
  return staff && staff.active ? staff : null
}

/** The staff record of an OPENID when it is active (for actions whose grant does not load it). */
export async function readActiveStaff(db: Database, openid: string): Promise<StaffDoc | null> {
  return activeStaffOf(await getById<unknown>(db, 'staff', openid))
}

/** Every caller is a resident; an active staff record adds its role. */
export function rolesOf(staff: StaffDoc | null): Role[] {
  return staff ? ['resident', staff.role] : ['resident']
}
