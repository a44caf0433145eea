import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import {
  EmptyState,
  PageHero,
  PageShell,
  QueryView,
  StatusTag,
  focusable,
  type StatusTone,
} from '@/shared/ui'
import { LEARNING_ROUTES, STATE_LABEL } from '../routes'
import '../../../bookings/bookings.scss'
import '../learning.scss'

/** Not yet learnt waits, passed is done, a tip changed since the pass needs doing again soon. */
const STATE_TONE: Record<keyof typeof STATE_LABEL, StatusTone> = {
  new: 'waiting',
  certified: 'done',
  retake: 'overdue',
}

/**
 * 业务学习: the center's items in the "three firsts" order (常办的先学, 大类先学, 学完就考), each with whether
 * the clerk has passed its quiz, and which ones to re-take because the tip changed.
 */
export default function LearningPath() {
  const query = useQuery(() => call('bookings', 'learningPath', {}), { refreshOnShow: true })
  return (
    <PageShell className="learning-path">
      <PageHero title="业务学习" />
      <View
        className="card"
        role="link"
        {...focusable}
        onClick={() => void Taro.navigateTo({ url: LEARNING_ROUTES.coverage })}
      >
        <Text className="card__title">窗口持证情况</Text>
        <Text className="card__meta">每个窗口能办哪些常办事项</Text>
      </View>
      <QueryView query={query}>
        {(data) =>
          data.lines.length === 0 ? (
            <EmptyState title="还没有办理事项" description="先在办事指南里添加事项" />
          ) : (
            <View>
              <Text className="lr-progress" id="lr-progress">
                已通过 {data.certified} 项，共 {data.lines.length} 项
              </Text>
              {data.total > 0 && (
                <View className="lr-banner" id="lr-retake-banner">
                  有 {data.total} 个事项的办事小贴士更新了，请重新看一遍，再考一次。
                </View>
              )}
              {data.lines.map((l) => (
                <View
                  key={l.id}
                  id={`lr-${l.id}`}
                  className="card"
                  role="link"
                  {...focusable}
                  onClick={() => void Taro.navigateTo({ url: LEARNING_ROUTES.lesson(l.id) })}
                >
                  <View>
                    <Text className="card__title">{l.name}</Text>
                    {l.highFrequency && <Text className="bk-tag-hot">常办</Text>}
                    <StatusTag tone={STATE_TONE[l.state]} className={`lr-state lr-state--${l.state}`}>
                      {STATE_LABEL[l.state]}
                    </StatusTag>
                  </View>
                  <Text className="card__meta">
                    {l.category} · 今年办了{l.yearCount}件{l.certifiedOn ? ` · ${l.certifiedOn}通过` : ''}
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
