import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { preloadAlertIds, requestAlerts } from '@/shared/alerts'
import { call, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, PageHero, StatusTag } from '@/shared/ui'
import { COMMUNITY_ROUTES } from '../../format'
import { useFollowFromParams } from '../../useFollowFromParams'
import '../../community.scss'

/** Asks, from the tap that follows, whether notices may be pushed (WeChat only allows it from a tap). */
async function offerNoticeSubscription(): Promise<void> {
  // Declining or an old client is fine: the feed still shows every notice.
  if (process.env.TARO_ENV !== 'weapp') return
  await requestAlerts(['noticePublished'])
}

/** 关注居委会: browse and search the sub-district's committees; a QR code or link opens this page too. */
export default function Committees() {
  const [keyword, setKeyword] = useState('')
  const [busy, setBusy] = useState<string | null>(null)
  const query = useQuery(async () => {
    const [list, me] = await Promise.all([
      call('community', 'committees', keyword.trim() ? { keyword: keyword.trim() } : {}),
      call('community', 'me', {}),
    ])
    return { items: list.items, followed: me.committees.map((c) => c.id) }
  })

  useFollowFromParams(() => void query.reload())
  // The ids must be at hand before the tap: WeChat's dialog opens only from the tap itself.
  useEffect(() => void preloadAlertIds(), [])

  async function toggle(id: string, followed: boolean) {
    setBusy(id)
    try {
      if (followed) {
        const ok = await Taro.showModal({
          title: '取消关注',
          content: '取消后将收不到这个居委会的通知，确定吗？',
        })
        if (!ok.confirm) return
        await call('community', 'unfollow', { committeeId: id })
      } else {
        await offerNoticeSubscription()
        const r = await call('community', 'follow', { committeeId: id })
        void Taro.showToast({ title: `已关注${r.committee.name}`, icon: 'success' })
      }
      await query.reload()
    } catch (e) {
      toastError(e)
    } finally {
      setBusy(null)
    }
  }

  return (
    <PageShell className="committees">
      <PageHero
        title="关注居委会"
        subtitle="找到您家所在的居委会，关注后能看到社区通知。也可以扫居委会门口的二维码。"
      />
      <View className="cm-field">
        <Text className="cm-field__label" id="kw-label">
          搜索（名称、地址或拼音首字母）
        </Text>
        <Input
          className="cm-input"
          id="committee-search"
          value={keyword}
          placeholder="例如：春晖 或 ch"
          confirmType="search"
          onInput={(e) => setKeyword(e.detail.value)}
          onConfirm={() => void query.reload()}
          {...({ 'aria-labelledby': 'kw-label' } as object)}
        />
        <View className="cm-actions">
          <Button type="primary" size="large" id="committee-search-go" onClick={() => void query.reload()}>
            搜索
          </Button>
        </View>
      </View>
      <QueryView query={query}>
        {({ items, followed }) =>
          items.length === 0 ? (
            <EmptyState title="没有找到" description="换个字试试，比如只输入小区名里的一个字。" />
          ) : (
            <View>
              {items.map((c) => {
                const on = followed.includes(c.id)
                return (
                  <View key={c.id} className="card" id={`committee-${c.id}`}>
                    <View className="cm-committee-head">
                      <Text className="card__title">{c.name}</Text>
                      {on && <StatusTag tone="done">已关注</StatusTag>}
                    </View>
                    <Text className="card__meta">{[c.address, c.phone].filter(Boolean).join(' · ')}</Text>
                    <Text className="card__body">管辖：{c.blocks.map((b) => b.name).join('、')}</Text>
                    <View className="cm-actions">
                      <Button
                        id={`follow-${c.id}`}
                        type={on ? 'default' : 'primary'}
                        fill={on ? 'outline' : 'solid'}
                        size="large"
                        loading={busy === c.id}
                        onClick={() => void toggle(c.id, on)}
                      >
                        {on ? '取消关注' : '关注'}
                      </Button>
                      {on && (
                        <Button
                          id={`bind-${c.id}`}
                          size="large"
                          onClick={() =>
                            void Taro.navigateTo({ url: `${COMMUNITY_ROUTES.bind}?committee=${c.id}` })
                          }
                        >
                          绑定我家
                        </Button>
                      )}
                    </View>
                  </View>
                )
              })}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
