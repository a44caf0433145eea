import { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { Role } from '../../../../types/roles'
import { call, callUntyped } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/** 我的: the caller's profile, committees, bindings and roles (the first call creates the resident). */
export function useMe() {
  return useQuery(() => call('community', 'me', {}), { refreshOnShow: true })
}

/**
 * What waits for a staff member, for the badge on 工作台 in 我的: open cases for block heads and
 * committee admins, today's bookings for a window clerk. Undefined until known (or when it fails).
 */
export function usePendingWork(roles: readonly Role[]): number | undefined {
  const cases = roles.includes('blockHead') || roles.includes('committeeAdmin')
  const clerk = roles.includes('windowClerk')
  const key = `${cases}-${clerk}`
  const [count, setCount] = useState<{ key: string; n?: number }>({ key: '' })
  useDidShow(() => setCount((c) => ({ ...c, key: '' })))
  useEffect(() => {
    if (count.key === key || (!cases && !clerk)) return
    let live = true
    const ask = async () => {
      if (cases) return (await call('demands', 'inbox', { status: 'open', limit: 1 })).counts.open
      const r = await callUntyped<{ total?: number; items?: unknown[] }>('bookings', 'daySheet', {})
      return r.total ?? r.items?.length
    }
    ask()
      .then((n) => live && setCount({ key, n }))
      .catch(() => live && setCount({ key }))
    return () => {
      live = false
    }
  }, [key, cases, clerk, count.key])
  return count.n
}
