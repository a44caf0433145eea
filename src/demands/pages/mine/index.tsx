import { Text, View } from '@tarojs/components'
import { Heading, EmptyState, PageShell, QueryView } from '@/shared/ui'
import { useMyDemands } from './useMyDemands'

/** 诉求: the demands I raised and where each one stands. */
export default function MyDemands() {
  const query = useMyDemands()
  return (
    <PageShell className="demands-mine">
      <View className="page-hero">
        <Heading level={1} className="page-hero__title">
          我的诉求
        </Heading>
        <Text className="page-hero__subtitle">遇到难事、烦心事，告诉居委会。24小时内一定有人回复您。</Text>
      </View>
      <QueryView query={query}>
        {(items) =>
          items.length === 0 ? (
            <EmptyState
              title="您还没有提过诉求"
              description="提出后，可以在这里看到处理到哪一步了。"
              actionText="刷新看看"
              onAction={() => void query.reload()}
            />
          ) : (
            items.map((d) => (
              <View key={d.id} className="card">
                <Text className="card__title">{d.title ?? d.category ?? '诉求'}</Text>
                <Text className="card__meta">
                  {[d.statusText ?? d.status, d.createdAt?.slice(0, 10)].filter(Boolean).join(' · ')}
                </Text>
              </View>
            ))
          )
        }
      </QueryView>
    </PageShell>
  )
}
