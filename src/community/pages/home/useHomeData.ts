import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import type { MeOutput, NoticeView } from '../../../../types/community'

export interface HomeData {
  me: MeOutput
  notices: NoticeView[]
}

/** 首页: who I am (created on first open) and the notices of the committees I follow. */
export function useHomeData() {
  return useQuery<HomeData>(
    async () => {
      const me = await call('community', 'me', {})
      const notices =
        me.committees.length > 0 ? (await call('community', 'notices', { limit: 20 })).items : []
      return { me, notices }
    },
    { refreshOnShow: true },
  )
}
