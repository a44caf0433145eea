import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { PageShell, QueryView, focusable, PageHero } from '@/shared/ui'
import { BOOKING_ROUTES } from '../../../bookings/routes'
import '../../../bookings/bookings.scss'

/** 办事指南维护: every item with its yearly mark; tap to edit the tip. */
export default function StaffItems() {
  const query = useQuery(() => call('bookings', 'items', {}), { refreshOnShow: true })
  return (
    <PageShell className="bookings-staff-items">
      <PageHero title="办事指南维护" />
      <Button type="primary" onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.itemEdit() })}>
        新增事项
      </Button>
      <QueryView query={query}>
        {(data) => (
          <View>
            {data.items.map((i) => (
              <View
                key={i.id}
                className="card"
                role="link"
                {...focusable}
                onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.itemEdit(i.id) })}
              >
                <View>
                  <Text className="card__title">{i.name}</Text>
                  {i.highFrequency && <Text className="bk-tag-hot">高频</Text>}
                </View>
                <Text className="card__meta">
                  {i.category} · {i.materialsCount}样材料
                </Text>
              </View>
            ))}
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}
