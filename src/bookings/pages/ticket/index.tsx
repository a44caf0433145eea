import { Image, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { preloadAlertIds, requestAlerts } from '@/shared/alerts'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { IS_H5 } from '@/shared/session'
import { explainWxFailure } from '@/shared/wxFailure'
import { Heading, PageShell, QueryView, Section } from '@/shared/ui'
import type { TicketData } from '../../api'
import { BOOKING_ROUTES, FORM_LABEL, monthDay } from '../../routes'
import '../../bookings.scss'

/** 预约凭证: number and QR code for check-in, when and where, add to calendar, the map, a reminder. */
export default function TicketPage() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const query = useQuery(() => call('bookings', 'ticket', { bookingId: id }))
  useEffect(() => void preloadAlertIds(), [])
  return (
    <PageShell className="bookings-ticket">
      <QueryView query={query}>
        {(t) => (
          <View>
            <View className="card bk-ticket">
              <Heading level={1} className="page-hero__title">
                {t.status === 'booked' ? '预约成功' : t.statusLabel}
              </Heading>
              <Text className="card__meta" style={{ display: 'block' }}>
                预约号（到窗口报这个号）
              </Text>
              <Text id="ticket-number" className="bk-ticket__number">
                {t.number}
              </Text>
              {t.status === 'booked' && (
                <Image
                  className="bk-ticket__qr"
                  src={t.qrDataUrl}
                  mode="aspectFit"
                  {...({ nativeProps: { alt: '签到二维码' } } as object)}
                />
              )}
              <Text className="card__title" style={{ display: 'block' }}>
                {t.itemNames.join('、')}
              </Text>
              <Text className="card__body" style={{ display: 'block' }}>
                {monthDay(t.date)} {t.startTime}–{t.endTime}
              </Text>
              <Text className="card__meta" style={{ display: 'block' }}>
                {t.center.name}
                {'\n'}
                {t.center.address}
              </Text>
            </View>
            {t.status === 'booked' && (
              <View className="bk-actions">
                <Button type="primary" className="bk-calendar" onClick={() => void addToCalendar(t)}>
                  加到日历
                </Button>
                <Button fill="outline" type="primary" onClick={() => openMap(t)}>
                  看地图
                </Button>
                {!IS_H5 && (
                  <Button fill="outline" type="primary" onClick={() => void offerReminder()}>
                    前一天提醒我
                  </Button>
                )}
              </View>
            )}
            <Section title="别忘了带">
              <View className="card">
                {t.materials.map((m) => (
                  <Text key={m.name} className="card__body" style={{ display: 'block' }}>
                    · {m.name}（{FORM_LABEL[m.form]}，{m.count}份）
                  </Text>
                ))}
              </View>
            </Section>
            {t.canCancel && (
              <View className="bk-actions">
                <Button
                  fill="outline"
                  onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.book(t.itemIds, t.id) })}
                >
                  改约
                </Button>
                <Button fill="outline" onClick={() => void cancelBooking(t.id, () => void query.reload())}>
                  取消预约
                </Button>
              </View>
            )}
            <Button fill="none" onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.mine })}>
              我的全部预约
            </Button>
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

async function addToCalendar(t: TicketData): Promise<void> {
  if (IS_H5) {
    // The server made the .ics text; the browser saves it and the phone's calendar opens it.
    const url = URL.createObjectURL(new Blob([t.ics], { type: 'text/calendar;charset=utf-8' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `预约-${t.number}.ics`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return
  }
  try {
    await Taro.addPhoneCalendar({
      title: `办事预约：${t.itemNames.join('、')}`,
      startTime: Math.floor(new Date(t.startsAt ?? '').getTime() / 1000),
      endTime: Math.floor(new Date(t.startsAt ?? '').getTime() / 1000) + 30 * 60,
      location: `${t.center.name} ${t.center.address}`,
      description: `预约号 ${t.number}，请带齐材料`,
      alarm: true,
      alarmOffset: 3600,
    } as never)
  } catch (e) {
    await explainWxFailure(e, '加到日历', '日历')
  }
}

function openMap(t: TicketData): void {
  if (IS_H5) {
    window.open(
      `https://uri.amap.com/marker?position=${t.center.longitude},${t.center.latitude}&name=${encodeURIComponent(t.center.name)}`,
      '_blank',
      'noopener',
    )
    return
  }
  void Taro.openLocation({
    latitude: t.center.latitude,
    longitude: t.center.longitude,
    name: t.center.name,
    address: t.center.address,
    scale: 17,
  })
}

async function offerReminder(): Promise<void> {
  // Declining is fine: the ticket stays in 我的预约.
  const accepted = await requestAlerts(['bookingReminder'], ['预约办事提醒'])
  if (accepted.length) void Taro.showToast({ title: '好的，前一天会提醒您', icon: 'none' })
}

export async function cancelBooking(bookingId: string, done: () => void): Promise<void> {
  const ok = await Taro.showModal({
    title: '取消预约',
    content: '确定要取消这个预约吗？取消后名额会让给别人。',
    confirmText: '取消预约',
    cancelText: '不取消',
  })
  if (!ok.confirm) return
  try {
    await call('bookings', 'cancel', { bookingId, clientRequestId: newRequestId() })
    void Taro.showToast({ title: '已取消', icon: 'none' })
    done()
  } catch (e) {
    toastError(e)
  }
}
