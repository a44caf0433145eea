import { callUntyped } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/** 办事事项. Placeholder shape until the bookings feature adds its contract and replaces this hook. */
export interface ServiceItemRow {
  id: string
  name: string
  category?: string
  summary?: string
}

export function useServiceItems() {
  return useQuery(
    async () => (await callUntyped<{ items?: ServiceItemRow[] }>('bookings', 'items', {})).items ?? [],
  )
}
