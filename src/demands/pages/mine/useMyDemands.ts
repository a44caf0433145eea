import { callUntyped } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/** 我的诉求. Placeholder shape until the demands feature adds its contract and replaces this hook. */
export interface DemandRow {
  id: string
  title?: string
  category?: string
  status?: string
  statusText?: string
  createdAt?: string
}

export function useMyDemands() {
  return useQuery(
    async () => (await callUntyped<{ items?: DemandRow[] }>('demands', 'mine', { limit: 20 })).items ?? [],
    { refreshOnShow: true },
  )
}
