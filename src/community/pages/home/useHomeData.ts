import { callUntyped } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'

/**
 * 首页 data. Placeholder shapes until the community feature adds `me` and `notices` to its contract;
 * that feature replaces this hook (and its loose types) with typed `call('community', …)`.
 */
export interface HomeData {
  name?: string
  committees: { id: string; name: string; address?: string }[]
  notices: { id: string; title: string; summary?: string; publishedAt?: string; committeeName?: string }[]
}

export function useHomeData() {
  return useQuery<HomeData>(
    async () => {
      const [me, notices] = await Promise.all([
        callUntyped<{ name?: string; profile?: { name?: string }; committees?: HomeData['committees'] }>(
          'community',
          'me',
        ),
        callUntyped<{ items?: HomeData['notices'] }>('community', 'notices', { limit: 20 }),
      ])
      return {
        name: me.name ?? me.profile?.name,
        committees: me.committees ?? [],
        notices: notices.items ?? [],
      }
    },
    { refreshOnShow: true },
  )
}
