import { Image, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { PageShell, QueryView, PageHero } from '@/shared/ui'
import { shortDate } from '../../format'
import '../../community.scss'

/** 通知详情: opened from the feed or from the subscribe message. */
export default function Notice() {
  const { params } = useRouter()
  const query = useQuery(() => call('community', 'notice', { id: params.id ?? '' }))
  return (
    <PageShell className="notice">
      <QueryView query={query}>
        {({ notice: n }) => (
          <View>
            <PageHero
              title={n.title}
              subtitle={
                <>
                  {[n.committeeName, n.authorName, shortDate(n.publishedAt)].join(' · ')}
                  {n.expiresAt ? ` · ${shortDate(n.expiresAt)}截止` : ''}
                </>
              }
            />
            <View className="card">
              <Text className="cm-notice-body">{n.body}</Text>
              {n.images.map((src) => (
                <Image
                  key={src}
                  className="cm-notice-image"
                  src={src}
                  mode="widthFix"
                  onClick={() => void Taro.previewImage({ urls: n.images, current: src })}
                />
              ))}
            </View>
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
