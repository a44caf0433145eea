import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import type { MeOutput, NoticeView } from '../../../../types/community'

export interface HomeData {
  me: MeOutput
  notices: NoticeView[]
}

/** 首页: who I am (created on first open) and the notices of the committees I follow, in one call. */
export function useHomeData() {
  return useQuery<HomeData>(
    async () => {
      const { notices = [], ...me } = await call('community', 'me', { notices: 20 })
      return { me, notices }
    },
    { refreshOnShow: true },
  )
}
