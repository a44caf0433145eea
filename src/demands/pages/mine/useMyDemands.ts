import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/** 我的诉求: newest first. */
export function useMyDemands() {
  return useQuery(async () => (await call('demands', 'mine', { limit: 50 })).items, { refreshOnShow: true })
}
