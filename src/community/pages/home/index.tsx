import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROUTES } from '@/shared/routes'
import { Heading, EmptyState, PageShell, QueryView, Section } from '@/shared/ui'
import { useHomeData } from './useHomeData'

/** 首页: my committee and its notices. */
export default function Home() {
  const query = useHomeData()
  return (
    <PageShell className="home">
      <QueryView query={query}>
        {(data) => (
          <View>
            <View className="page-hero">
              <Heading level={1} className="page-hero__title">
                {data.name ? `${data.name}，您好` : '您好'}
              </Heading>
              <Text className="page-hero__subtitle">有事找居委会，在这里就能办。</Text>
            </View>
            <Section title="我的居委会">
              {data.committees.length === 0 ? (
                <EmptyState
                  title="您还没有关注居委会"
                  description="关注后，就能收到社区通知，也能直接提诉求。"
                  actionText="去我的页面设置"
                  onAction={() => void Taro.switchTab({ url: ROUTES.me })}
                />
              ) : (
                data.committees.map((c) => (
                  <View key={c.id} className="card">
                    <Text className="card__title">{c.name}</Text>
                    {c.address && <Text className="card__meta">{c.address}</Text>}
                  </View>
                ))
              )}
            </Section>
            <Section title="社区通知">
              {data.notices.length === 0 ? (
                <EmptyState
                  title="暂时没有新通知"
                  description="居委会发布通知后会显示在这里。"
                  actionText="刷新看看"
                  onAction={() => void query.reload()}
                />
              ) : (
                data.notices.map((n) => (
                  <View key={n.id} className="card">
                    <Text className="card__title">{n.title}</Text>
                    {(n.committeeName || n.publishedAt) && (
                      <Text className="card__meta">
                        {[n.committeeName, n.publishedAt?.slice(0, 10)].filter(Boolean).join(' · ')}
                      </Text>
                    )}
                    {n.summary && <Text className="card__body">{n.summary}</Text>}
                  </View>
                ))
              )}
            </Section>
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
