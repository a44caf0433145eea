import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/** 我的: the caller's profile, committees, bindings and roles (the first call creates the resident). */
export function useMe() {
  return useQuery(() => call('community', 'me', {}), { refreshOnShow: true })
}
