import { callUntyped } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/** 我的 profile. Placeholder shape until the community feature types `me` and replaces this hook. */
export interface MeData {
  name?: string
  phone?: string
  roles?: string[]
  committees?: { id: string; name: string }[]
  households?: { householdId: string; status: string; address?: string }[]
  [key: string]: unknown
}

export function useMe() {
  return useQuery(() => callUntyped<MeData>('community', 'me'), { refreshOnShow: true })
}
