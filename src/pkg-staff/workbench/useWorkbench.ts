import { call, callUntyped } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { rolesFrom } from '@/shared/roles'
import { signedInOpenid, localIdentity } from '@/shared/session'
import type { Role } from '../../../types/roles'
import { tilesFor, type WorkTile } from './tiles'

export interface WorkbenchData {
  name?: string
  roles: Role[]
  tiles: (WorkTile & { badge?: number })[]
}

/** The caller's roles, then each tile's count; a count that fails just shows no badge. */
export function useWorkbench() {
  return useQuery<WorkbenchData>(
    async () => {
      const identity = signedInOpenid() ? localIdentity.get() || undefined : undefined
      const me = await call('community', 'me', {}).catch(() => undefined)
      const roles = rolesFrom(me, identity?.role)
      const tiles = await Promise.all(
        tilesFor(roles).map(async (tile) => {
          if (!tile.count) return tile
          try {
            const r = await callUntyped<{ total?: number; items?: unknown[] }>(
              tile.count.fn,
              tile.count.action,
              tile.count.input,
            )
            return { ...tile, badge: r.total ?? r.items?.length }
          } catch {
            return tile
          }
        }),
      )
      return { name: me?.staff?.name ?? me?.profile.name ?? identity?.name, roles, tiles }
    },
    { refreshOnShow: true },
  )
}
