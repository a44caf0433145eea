/**
 * Does the data an allowed call returned stay inside the caller's scope? Walks the whole answer and checks
 * every field that names where a record belongs, whatever function produced it.
 */
import type { Scope } from '../../../types/roles'

export interface CallerFacts {
  readonly openid: string
  readonly committeeId?: string
  readonly blockIds: readonly string[]
  readonly subdistrictId?: string
  readonly centerId?: string
  /** Committees of the caller's sub-district (an officer's reach). */
  readonly subdistrictCommittees: readonly string[]
  /** Committees the caller follows (a resident's notice feed). */
  readonly followed: readonly string[]
}

/** Every `key: value` pair in a JSON value, with its path. */
function* fields(v: unknown, path = ''): Generator<[string, string, unknown]> {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) yield* fields(v[i], `${path}[${i}]`)
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      yield [k, `${path}.${k}`, x]
      yield* fields(x, `${path}.${k}`)
    }
  }
}

/** Problems found (empty when the data lies inside the scope). */
export function scopeViolations(scope: Scope, caller: CallerFacts, data: unknown): string[] {
  const out: string[] = []
  for (const [key, path, value] of fields(data)) {
    if (typeof value !== 'string' && key !== 'members') continue
    switch (scope) {
      case 'blocks':
        if (key === 'blockId' && value && !caller.blockIds.includes(value as string))
          out.push(`${path}=${String(value)} is not one of the caller's blocks`)
        if (key === 'committeeId' && value !== caller.committeeId)
          out.push(`${path}=${String(value)} is not the caller's committee`)
        break
      case 'committee':
        if (key === 'committeeId' && value !== caller.committeeId)
          out.push(`${path}=${String(value)} is not the caller's committee`)
        break
      case 'subdistrict':
        if (key === 'subdistrictId' && value !== caller.subdistrictId)
          out.push(`${path}=${String(value)} is another sub-district`)
        if (key === 'committeeId' && !caller.subdistrictCommittees.includes(value as string))
          out.push(`${path}=${String(value)} is outside the sub-district`)
        // Officers see aggregates, never individual family files.
        if (key === 'members') out.push(`${path}: a family file's members reached a sub-district officer`)
        break
      case 'center':
        if (key === 'centerId' && value !== caller.centerId)
          out.push(`${path}=${String(value)} is another service center`)
        break
      case 'own':
        if (
          (key === 'openid' || key === 'residentOpenid' || key === 'ownerOpenid') &&
          value !== caller.openid
        ) {
          out.push(`${path}=${String(value)} belongs to someone else`)
        }
        break
      case 'any':
        break
    }
  }
  return out
}
