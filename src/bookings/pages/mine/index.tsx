import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { call, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageShell, QueryView, Section, focusable } from '@/shared/ui'
import { BOOKING_ROUTES, monthDay } from '../../routes'
import { cancelBooking } from '../ticket/index'
import '../../bookings.scss'

/** 我的预约: upcoming (with cancel) and past (with the rating of the window service). */
export default function MyBookings() {
  const query = useQuery(() => call('bookings', 'mine', {}), { refreshOnShow: true })
  return (
    <PageShell className="bookings-mine">
      <QueryView query={query}>
        {(data) =>
          data.upcoming.length + data.past.length === 0 ? (
            <EmptyState
              title="还没有预约"
              description="在“办事”里选好事项，就可以预约时间。"
              actionText="去预约"
              onAction={() => void Taro.switchTab({ url: BOOKING_ROUTES.items })}
            />
          ) : (
            <View>
              <Section title="待办理">
                {data.upcoming.length === 0 && <Text className="card__meta">没有待办理的预约</Text>}
                {data.upcoming.map((t) => (
                  <View
                    key={t.id}
                    className="card"
                    role="link"
                    {...focusable}
                    onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.ticket(t.id) })}
                  >
                    <Text className="card__title">{t.itemNames.join('、')}</Text>
                    <Text className="card__meta">
                      {monthDay(t.date)} {t.startTime} · 预约号 {t.number} · {t.statusLabel}
                    </Text>
                    {t.canCancel && (
                      <View className="bk-actions" onClick={(e) => e.stopPropagation()}>
                        <Button
                          size="small"
                          fill="outline"
                          onClick={() => void cancelBooking(t.id, () => void query.reload())}
                        >
                          取消
                        </Button>
                      </View>
                    )}
                  </View>
                ))}
              </Section>
              <Section title="办过的">
                {data.past.map((t) => (
                  <View key={t.id} className="card">
                    <Text className="card__title">{t.itemNames.join('、')}</Text>
                    <Text className="card__meta">
                      {monthDay(t.date)} {t.startTime} · {t.statusLabel}
                      {t.missingMaterial ? ` · 缺少${t.missingMaterial}` : ''}
                      {t.rating ? ` · 您的评价 ${'★'.repeat(t.rating)}` : ''}
                    </Text>
                    {t.canRate && (
                      <View className="bk-actions">
                        {[5, 4, 3, 2, 1].map((stars) => (
                          <Button
                            key={stars}
                            size="small"
                            fill="outline"
                            aria-label={`${stars}星`}
                            onClick={() =>
                              void call('bookings', 'rateService', { bookingId: t.id, stars })
                                .then(() => query.reload())
                                .catch(toastError)
                            }
                          >
                            {'★'.repeat(stars)}
                          </Button>
                        ))}
                      </View>
                    )}
                  </View>
                ))}
              </Section>
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
