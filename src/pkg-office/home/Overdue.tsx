import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { QueryView, Section, StatusTag, Tile } from '@/shared/ui'

const SHOWN = 5

/**
 * 超期件 first: zero overdue is the target, so the officer's home opens with the cases past their deadline now
 * (masked, longest-waiting first) and who holds each, with the way to the desk where they are acted on.
 */
export function OverdueLead() {
  const query = useQuery(() => call('reports', 'cases', { metric: 'overdue', limit: SHOWN }), {
    refreshOnShow: true,
  })
  return (
    <Section title="超期件（目标为零）">
      <QueryView query={query} skeletonRows={2}>
        {(r) => (
          <View className="overdue-lead">
            <Text className={`overdue-lead__count ${r.total ? 'overdue-lead__count--warn' : ''}`}>
              {r.total ? `现在超期 ${r.total} 件` : '现在没有超期件'}
            </Text>
            {r.items.map((c) => (
              <View key={c.id} className="card overdue-lead__case">
                <View className="overdue-lead__row">
                  <StatusTag tone="overdue">已超时</StatusTag>
                  <Text className="card__title">{c.category}</Text>
                </View>
                <Text className="card__body">{c.excerpt}</Text>
                <Text className="card__meta">
                  {[c.committeeName, c.blockName, c.ageDays ? `已${c.ageDays}天` : '今天提交']
                    .filter(Boolean)
                    .join(' · ')}
                </Text>
                <Text className="card__meta overdue-lead__holder">在办：{c.holder ?? '未知'}</Text>
              </View>
            ))}
            {r.total > r.items.length && (
              <Tile
                id="tile-overdue-all"
                title={`查看全部 ${r.total} 件超期诉求`}
                onClick={() =>
                  void Taro.navigateTo({ url: '/pkg-office/reports/cases/index?metric=overdue' })
                }
              />
            )}
          </View>
        )}
      </QueryView>
    </Section>
  )
}
