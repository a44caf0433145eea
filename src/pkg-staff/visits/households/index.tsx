import { Input, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { CLASS_LABEL } from '../../../../types/visits'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, focusable, PageShell, QueryView, PageHero } from '@/shared/ui'
import '../../../visits/visits.scss'

/** 家庭档案: every family of the caller's blocks by address; search by name or room; phones masked. */
export default function Households() {
  const [keyword, setKeyword] = useState('')
  const query = useQuery(() =>
    call('visits', 'households', { keyword: keyword.trim() || undefined, limit: 100 }),
  )
  return (
    <PageShell className="visits-households">
      <PageHero title="家庭档案" />
      <Input
        id="household-search"
        className="visits-input"
        value={keyword}
        placeholder="输入姓名或门牌号查找"
        confirmType="search"
        onInput={(e) => setKeyword(e.detail.value)}
        onConfirm={() => void query.reload()}
      />
      <QueryView query={query}>
        {(d) =>
          d.items.length === 0 ? (
            <EmptyState title="没有找到" description="换个姓名或门牌号试试。" />
          ) : (
            <View>
              {d.items.map((i) => (
                <View
                  key={i.householdId}
                  className="card"
                  role="button"
                  {...focusable}
                  onClick={() =>
                    void Taro.navigateTo({
                      url: `/pkg-staff/visits/household/index?id=${encodeURIComponent(i.householdId)}`,
                    })
                  }
                >
                  <Text className="card__title">
                    {i.address} · {i.headName}
                  </Text>
                  <Text className="card__meta">
                    {CLASS_LABEL[i.class]}
                    {i.headPhone ? ` · ${i.headPhone}` : ''}
                  </Text>
                </View>
              ))}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
