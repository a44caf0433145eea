import { Text, View } from '@tarojs/components'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageHero, PageShell, QueryView, Section } from '@/shared/ui'
import type { FollowUpLine, FollowUpRates } from '../../../../types/bookings'
import '../learning.scss'

const pct = (r: number | null) => (r === null ? '—' : `${Math.round(r * 100)}%`)
const rates = (label: string, w: FollowUpRates) =>
  w.visits === 0
    ? `${label}：没有办过`
    : `${label}：办了${w.visits}次，没办成或居民又跑一趟${w.failed}次（${pct(w.failureRate)}）${w.complete ? '' : '，还在观察'}`

/**
 * 跟踪回访: per clerk and item, how often a case went wrong (未办结, or the resident came back for it) before
 * and after they passed its quiz; the items where it got worse are named first for re-training.
 */
function FollowUp() {
  const query = useQuery(() => call('bookings', 'followUp', {}), { refreshOnShow: true })
  return (
    <QueryView query={query} skeletonRows={2}>
      {(data) => (
        <View>
          <Section title="需要再培训">
            {data.retrain.length === 0 ? (
              <EmptyState
                title={data.lines.length === 0 ? '还没有人通过测验' : '没有需要再培训的事项'}
                description={
                  data.lines.length === 0
                    ? '有人通过测验以后，这里会对比学习前后'
                    : '学习以后，没办成和又跑一趟的比例都没有变高'
                }
              />
            ) : (
              data.retrain.map((r) => (
                <View key={r.itemId} className="card lr-banner" id={`retrain-${r.itemId}`}>
                  <Text className="card__title">{r.itemName}</Text>
                  <Text className="card__body">
                    {r.clerks.join('、')}
                    通过测验以后，这个事项没办成的反而多了，请再学一遍小贴士，看看居民常缺的材料
                  </Text>
                </View>
              ))
            )}
          </Section>
          {data.lines.length > 0 && (
            <Section title="学习前后对比">
              <Text className="card__meta">
                “又跑一趟”指同一位居民{data.repeatDays}天内为同一个事项又来了
              </Text>
              {data.lines
                .filter((l) => l.before.visits + l.month3.visits > 0)
                .map((l: FollowUpLine) => (
                  <View
                    key={`${l.openid}-${l.itemId}`}
                    className="card"
                    id={`followup-${l.openid}-${l.itemId}`}
                  >
                    <Text className="card__title">
                      {l.name} · {l.itemName}
                      {l.rising ? '（需要再培训）' : ''}
                    </Text>
                    <Text className="card__meta">{l.certifiedOn} 通过测验</Text>
                    <Text className="card__body">{rates('学习前3个月', l.before)}</Text>
                    <Text className="card__body">{rates('学习后1个月内', l.month1)}</Text>
                    <Text className="card__body">{rates('学习后3个月内', l.month3)}</Text>
                  </View>
                ))}
            </Section>
          )}
        </View>
      )}
    </QueryView>
  )
}

/**
 * 窗口持证情况 (for the center head): does every staffed window handle every often-done item (综合窗口),
 * which items each window still lacks, and who has passed which item.
 */
export default function Coverage() {
  const query = useQuery(() => call('bookings', 'coverage', {}), { refreshOnShow: true })
  return (
    <PageShell className="learning-coverage">
      <PageHero title="窗口持证情况" />
      <QueryView query={query}>
        {(data) => (
          <View>
            <View className={data.promiseKept ? 'card lr-result--pass' : 'lr-banner'} id="cov-promise">
              {data.promiseKept
                ? `每个窗口都能办全部${data.highFrequency.length}个常办事项`
                : `还有窗口办不了全部${data.highFrequency.length}个常办事项，请安排学习`}
            </View>
            <Section title="各窗口">
              {data.windows.length === 0 ? (
                <EmptyState title="还没有排班" description="请先安排窗口人员" />
              ) : (
                data.windows.map((w) => (
                  <View key={w.window} className="card" id={`cov-window-${w.window}`}>
                    <Text className="card__title">
                      {w.window}号窗口 · {w.name}
                    </Text>
                    <Text className="card__meta">
                      常办事项能办 {w.covered} / {w.of} 项
                    </Text>
                    {w.gaps.length > 0 && (
                      <Text className="card__body lr-gap">还不能办：{w.gaps.join('、')}</Text>
                    )}
                  </View>
                ))
              )}
              {data.unstaffed.length > 0 && (
                <Text className="card__meta">
                  没人值班的窗口：{data.unstaffed.map((n) => `${n}号`).join('、')}
                </Text>
              )}
            </Section>
            <FollowUp />
            <Section title="各事项谁已通过">
              {data.items.map((i) => (
                <View key={i.id} className="card">
                  <Text className="card__title">{i.name}</Text>
                  <Text className="card__meta">
                    已通过：{i.certified.length ? i.certified.join('、') : '暂无'}
                  </Text>
                  {i.retake.length > 0 && (
                    <Text className="card__body lr-gap">小贴士更新后要重考：{i.retake.join('、')}</Text>
                  )}
                </View>
              ))}
            </Section>
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
