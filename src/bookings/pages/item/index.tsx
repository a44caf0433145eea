import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { useState } from 'react'
import { useQuery } from '@/shared/hooks/useQuery'
import { IS_H5 } from '@/shared/session'
import { PageShell, QueryView, Section, focusable, PageHero } from '@/shared/ui'
import { loadItem } from '../../api'
import { BOOKING_ROUTES, FORM_LABEL } from '../../routes'
import '../../bookings.scss'

/**
 * 办事小贴士: what the item is, who can apply, the materials to tick one by one (booking opens once all
 * are ticked), fees and time, city-wide or online alternatives, lessons from the window, related items.
 * Shareable to a chat (for a parent or child) and printable on H5.
 */
export default function ItemTip() {
  const id = useRouter().params.id ?? ''
  const query = useQuery(() => loadItem(id))
  const [ticked, setTicked] = useState<Record<number, boolean>>({})
  useShareAppMessage(() => ({
    title: query.state.status === 'ready' ? `办${query.state.data.name}要带这些材料` : '办事小贴士',
    path: BOOKING_ROUTES.item(id),
  }))
  return (
    <PageShell className="bookings-item">
      <QueryView query={query}>
        {(item) => {
          const all = item.materials.every((_, i) => ticked[i])
          return (
            <View>
              <PageHero title={item.name} subtitle={item.summary} />
              {item.eligibility.length > 0 && (
                <Section title="谁可以办">
                  <View className="card">
                    {item.eligibility.map((e) => (
                      <Text key={e} className="card__body" style={{ display: 'block' }}>
                        · {e}
                      </Text>
                    ))}
                  </View>
                </Section>
              )}
              <Section title="要带的材料（备好一样勾一样）">
                <View className="card bk-materials">
                  {item.materials.map((m, i) => (
                    <View
                      key={m.name}
                      id={`material-${i}`}
                      className={`bk-check ${ticked[i] ? 'bk-check--on' : ''}`}
                      role="checkbox"
                      aria-checked={!!ticked[i]}
                      {...focusable}
                      onClick={() => setTicked((t) => ({ ...t, [i]: !t[i] }))}
                    >
                      <Text className="bk-check__box" aria-hidden="true">
                        {ticked[i] ? '✓' : ''}
                      </Text>
                      <View>
                        <Text className="bk-check__name">
                          {m.name}（{FORM_LABEL[m.form]}，{m.count}份）
                        </Text>
                        {m.notes && <Text className="bk-check__note">{m.notes}</Text>}
                      </View>
                    </View>
                  ))}
                </View>
              </Section>
              {item.lessons.length > 0 && (
                <Section title="窗口提醒">
                  <View className="card">
                    {item.lessons.slice(-3).map((l) => (
                      <Text key={l.at} className="bk-warn" style={{ display: 'block' }}>
                        {l.text}
                      </Text>
                    ))}
                  </View>
                </Section>
              )}
              <Section title="办理须知">
                <View className="card">
                  <View className="bk-row">
                    <Text className="bk-label">收费</Text>
                    <Text>{item.fees}</Text>
                  </View>
                  <View className="bk-row">
                    <Text className="bk-label">办理时间</Text>
                    <Text>{item.processingTime}</Text>
                  </View>
                  <View className="bk-row">
                    <Text className="bk-label">在哪办</Text>
                    <Text>{item.cityWide ? '全市通办，任一服务中心都能办' : item.center.name}</Text>
                  </View>
                  {item.onlineUrl && (
                    <View className="bk-row">
                      <Text className="bk-label">网上办</Text>
                      <View
                        className="link"
                        role="link"
                        {...focusable}
                        onClick={() =>
                          IS_H5
                            ? window.open(item.onlineUrl, '_blank', 'noopener')
                            : void Taro.setClipboardData({ data: item.onlineUrl })
                        }
                      >
                        <Text>{IS_H5 ? '打开网上办理' : '复制网上办理网址'}</Text>
                      </View>
                    </View>
                  )}
                  <View className="bk-row">
                    <Text className="bk-label">更新日期</Text>
                    <Text>{item.updatedOn}</Text>
                  </View>
                </View>
              </Section>
              {item.related.length > 0 && (
                <Section title="办这件事的人常常还要办">
                  {item.related.map((r) => (
                    <View
                      key={r.id}
                      className="card"
                      role="link"
                      {...focusable}
                      onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.item(r.id) })}
                    >
                      <Text className="card__title">{r.name}</Text>
                      <Text className="card__meta">{r.summary}</Text>
                    </View>
                  ))}
                </Section>
              )}
              <View className="bk-actions bk-no-print">
                {IS_H5 ? (
                  <Button fill="outline" type="primary" onClick={() => window.print()}>
                    打印小贴士
                  </Button>
                ) : (
                  <Button fill="outline" type="primary" openType="share">
                    发给家人
                  </Button>
                )}
              </View>
              <View className="bk-bottom bk-no-print">
                {!all && <Text className="bk-warn">请把上面的材料逐项打勾，确认都备齐了再预约。</Text>}
                <Button
                  className={`bk-book ${all ? '' : 'bk-book--wait'}`}
                  type={all ? 'primary' : 'default'}
                  size="large"
                  block
                  aria-disabled={!all}
                  onClick={() =>
                    all
                      ? void Taro.navigateTo({ url: BOOKING_ROUTES.book([item.id]) })
                      : void Taro.showToast({ title: '请先把材料逐项打勾', icon: 'none' })
                  }
                >
                  材料都备齐了，预约时间
                </Button>
              </View>
            </View>
          )
        }}
      </QueryView>
    </PageShell>
  )
}
