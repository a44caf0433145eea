import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { DemandCategory, PublicDemand } from '../../types/demands'
import { call, newRequestId, toastError } from '@/shared/api'
import { StatusTag, demandTone } from '@/shared/ui'
import { detailUrl, when } from './format'

/** Wait this long after the last keystroke before asking. */
const DEBOUNCE_MS = 600

/**
 * 附近已有类似问题: while the resident writes, the open public cases of their committees with the same words.
 * 我也遇到了 joins one (counted; its progress reaches them too) instead of filing the same thing again.
 */
export function SimilarHint({
  text,
  category,
  blockId,
}: {
  text: string
  category: DemandCategory | null
  blockId?: string
}) {
  const [items, setItems] = useState<PublicDemand[]>([])
  const [joining, setJoining] = useState<string | null>(null)
  const query = text.trim()
  useEffect(() => {
    if (query.length < 4) return setItems([])
    let live = true
    const timer = setTimeout(() => {
      call('demands', 'similar', {
        text: query,
        ...(category ? { category } : {}),
        ...(blockId ? { location: { blockId } } : {}),
      })
        .then((r) => live && setItems(r.items))
        .catch(() => undefined) // a hint that fails is simply not shown
    }, DEBOUNCE_MS)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [query, category, blockId])

  async function join(id: string) {
    setJoining(id)
    try {
      const r = await call('demands', 'join', { id, clientRequestId: newRequestId() })
      void Taro.showToast({
        title: r.joined ? '已记下，办理进展会告诉您' : '您已经加入过了',
        icon: 'none',
        duration: 2500,
      })
      void Taro.redirectTo({ url: detailUrl(id) })
    } catch (e) {
      toastError(e)
    } finally {
      setJoining(null)
    }
  }

  if (items.length === 0) return null
  return (
    <View className="demand-similar" role="region" aria-label="附近已有类似问题">
      <Text className="demand-similar__title">附近已有类似问题</Text>
      <Text className="card__meta">如果是同一件事，点“我也遇到了”就行，不用重复提交。</Text>
      {items.map((d) => (
        <View key={d.id} className="card demand-similar__item">
          <View className="demand-card__row">
            <StatusTag tone={demandTone(d.status)}>{d.statusLabel}</StatusTag>
            <Text className="card__title">{d.categoryLabel}</Text>
          </View>
          <Text className="card__body">{d.text}</Text>
          <Text className="card__meta">
            {[
              d.placeLabel,
              `${when(d.submittedAt)} 提交`,
              d.joinCount > 0 ? `${d.joinCount}位邻居也遇到了` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {d.mine ? (
            <Text className="card__meta">这是您反映的问题</Text>
          ) : d.following ? (
            <Text className="card__meta">您已经点过“我也遇到了”</Text>
          ) : (
            <Button
              className="demand-join"
              type="primary"
              size="large"
              block
              loading={joining === d.id}
              disabled={joining !== null}
              onClick={() => void join(d.id)}
            >
              我也遇到了
            </Button>
          )}
        </View>
      ))}
    </View>
  )
}
