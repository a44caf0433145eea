import { Text, View } from '@tarojs/components'
import { Heading, EmptyState, PageShell, QueryView } from '@/shared/ui'
import { useServiceItems } from './useServiceItems'

/** 办事: pick a business item, read what to bring, book a window slot. */
export default function ServiceItems() {
  const query = useServiceItems()
  return (
    <PageShell className="bookings-items">
      <View className="page-hero">
        <Heading level={1} className="page-hero__title">
          预约办事
        </Heading>
        <Text className="page-hero__subtitle">先看要带哪些材料，再约个时间，去一次就办好。</Text>
      </View>
      <QueryView query={query}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              title="暂时没有可预约的事项"
              description="服务中心上线事项后会显示在这里。"
              actionText="刷新看看"
              onAction={() => void query.reload()}
            />
          ) : (
            items.map((item) => (
              <View key={item.id} className="card">
                <Text className="card__title">{item.name}</Text>
                {(item.category || item.summary) && (
                  <Text className="card__meta">
                    {[item.category, item.summary].filter(Boolean).join(' · ')}
                  </Text>
                )}
              </View>
            ))
          )
        }
      </QueryView>
    </PageShell>
  )
}
