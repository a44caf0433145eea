import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, focusable, PageHero } from '@/shared/ui'
import { BOOKING_ROUTES } from '../../routes'
import '../../bookings.scss'

/** 办事: search or browse the business items (常办事项 first), read what to bring, then book. */
export default function ServiceItems() {
  const [typed, setTyped] = useState('')
  const [keyword, setKeyword] = useState('')
  const [category, setCategory] = useState('')
  const query = useQuery(
    () => call('bookings', 'items', { keyword: keyword || undefined, category: category || undefined }),
    { refreshOnShow: false },
  )
  const search = (k: string) => {
    setKeyword(k.trim())
    setTimeout(() => void query.reload())
  }
  const pickCategory = (c: string) => {
    setCategory(c)
    setTimeout(() => void query.reload())
  }
  return (
    <PageShell className="bookings-items">
      <PageHero title="预约办事" subtitle="先看要带哪些材料，再约个时间，去一次就办好。" />
      <View className="bk-search">
        <Input
          id="bk-search"
          className="bk-input bk-search__input"
          value={typed}
          placeholder="搜事项，如：居住证 或 jzz"
          confirmType="search"
          aria-label="搜索办理事项"
          onInput={(e) => setTyped(e.detail.value)}
          onConfirm={(e) => search(e.detail.value)}
        />
        <Button className="bk-search__go" type="primary" onClick={() => search(typed)}>
          搜索
        </Button>
      </View>
      <View className="bk-actions">
        <Button
          className="bk-mine"
          fill="outline"
          type="primary"
          onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.mine })}
        >
          我的预约
        </Button>
      </View>
      <QueryView query={query}>
        {(data) => (
          <View>
            <View className="bk-chips" role="tablist" aria-label="事项分类">
              {[{ name: '', count: 0 }, ...data.categories].map((c) => (
                <View
                  key={c.name || 'all'}
                  className={`bk-chip ${category === c.name ? 'bk-chip--on' : ''}`}
                  role="tab"
                  aria-selected={category === c.name}
                  {...focusable}
                  onClick={() => pickCategory(c.name)}
                >
                  <Text>{c.name || '全部'}</Text>
                </View>
              ))}
            </View>
            {data.items.length === 0 ? (
              <EmptyState
                title={keyword ? `没有找到“${keyword}”` : '暂时没有可预约的事项'}
                description="换个说法试试，或者打电话问问服务中心。"
                actionText="看全部事项"
                onAction={() => {
                  setTyped('')
                  setCategory('')
                  search('')
                }}
              />
            ) : (
              data.items.map((item) => (
                <View
                  key={item.id}
                  id={`item-${item.id}`}
                  className="card bk-item"
                  role="link"
                  {...focusable}
                  onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.item(item.id) })}
                >
                  <View>
                    <Text className="card__title">{item.name}</Text>
                    {item.highFrequency && <Text className="bk-tag-hot">常办</Text>}
                  </View>
                  <Text className="card__meta">
                    {[
                      item.category,
                      `要带${item.materialsCount}样材料`,
                      item.cityWide ? '全市通办' : '',
                      item.online ? '可网上办' : '',
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </Text>
                </View>
              ))
            )}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
