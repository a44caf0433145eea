import { Role } from '../../types/roles'

/**
 * The caller's roles from whatever `community.me` returns, falling back to the locally picked demo
 * identity on H5. The community feature's contract will make this exact; until then it reads loosely.
 */
export function rolesFrom(me: unknown, fallback?: Role): Role[] {
  const roles = new Set<Role>(['resident'])
  const m = (me ?? {}) as { roles?: unknown; role?: unknown; staff?: { role?: unknown } | null }
  const add = (r: unknown) => {
    const parsed = Role.safeParse(r)
    if (parsed.success) roles.add(parsed.data)
  }
  if (Array.isArray(m.roles)) m.roles.forEach(add)
  add(m.role)
  add(m.staff?.role)
  if (roles.size === 1 && fallback) add(fallback)
  return [...roles]
}

export const isStaff = (roles: readonly Role[]) =>
  roles.some((r) => r === 'blockHead' || r === 'committeeAdmin' || r === 'windowClerk')
export const isOfficer = (roles: readonly Role[]) => roles.includes('officer')
