import type { Role } from '../../../../types/roles'
import { ApiFailure, NETWORK_TEXT } from '../../api'
import type { LocalIdentity } from '../../session'

/** Reads the local cloud's demo identities (`GET /_dev/api/identities`); H5 only. */
export async function fetchIdentities(): Promise<LocalIdentity[]> {
  let res: Response
  try {
    res = await fetch(`${process.env.TARO_APP_API || ''}/_dev/api/identities`)
  } catch {
    throw new ApiFailure('NETWORK', NETWORK_TEXT)
  }
  if (!res.ok) throw new ApiFailure('INTERNAL', `HTTP ${res.status}`)
  const body = (await res.json()) as unknown
  const list = Array.isArray(body)
    ? body
    : ((body as { identities?: unknown[]; items?: unknown[] }).identities ??
      (body as { items?: unknown[] }).items ??
      [])
  return list.flatMap((raw) => {
    const i = raw as Partial<LocalIdentity>
    if (typeof i.openid !== 'string' || typeof i.role !== 'string') return []
    return [{ openid: i.openid, name: i.name ?? i.openid, role: i.role as Role, description: i.description }]
  })
}
