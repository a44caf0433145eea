import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { ApiFailure, call, errorText, newRequestId } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { PageShell, QueryView, Section, focusable, PageHero } from '@/shared/ui'
import { BOOKING_ROUTES, monthDay } from '../../routes'
import '../../bookings.scss'

/** 选择时间: a day of the next two weeks, then a half-hour slot with places left; confirm; the ticket. */
export default function BookSlot() {
  const params = useRouter().params
  const itemIds = decodeURIComponent(params.items ?? '')
    .split(',')
    .filter(Boolean)
  const rescheduleId = params.reschedule ? decodeURIComponent(params.reschedule) : undefined
  const query = useQuery(() => call('bookings', 'slots', { itemIds }))
  const [day, setDay] = useState<string | null>(null)
  const [slotId, setSlotId] = useState<string | null>(null)
  const [notice, setNotice] = useState('')
  // Free slots the server suggested when the chosen one was taken (推荐时段).
  const [suggested, setSuggested] = useState<{ id: string; date: string; startTime: string }[]>([])
  // One id per attempt: a retry after a network error cannot book twice.
  const requestId = useRef(newRequestId())

  const [sending, book] = useSubmit(
    async (slotId: string) => {
      setNotice('')
      const ticket = rescheduleId
        ? await call('bookings', 'reschedule', {
            bookingId: rescheduleId,
            slotId,
            clientRequestId: requestId.current,
          })
        : await call('bookings', 'book', {
            itemIds,
            slotId,
            materialsConfirmed: true,
            clientRequestId: requestId.current,
          })
      await Taro.redirectTo({ url: BOOKING_ROUTES.ticket(ticket.id) })
    },
    (e) => {
      setNotice(errorText(e))
      if (e instanceof ApiFailure && e.code === 'CONFLICT') {
        const s = (
          e.details as { suggestions?: { id: string; date: string; startTime: string }[] } | undefined
        )?.suggestions
        setSuggested(s ?? [])
        requestId.current = newRequestId()
        setSlotId(null)
        void query.reload()
      }
    },
  )

  async function confirm(label: string) {
    if (!slotId) return
    const ok = await Taro.showModal({
      title: '确认预约',
      content: `${label}\n请带齐材料，提前10分钟到达。`,
      confirmText: '确认预约',
      cancelText: '再想想',
    })
    if (!ok.confirm) return
    await book(slotId)
  }

  return (
    <PageShell className="bookings-book">
      <PageHero
        title={rescheduleId ? '改约时间' : '选择办事时间'}
        subtitle="可预约两周内的时段，至少提前30分钟。"
      />
      <QueryView query={query}>
        {(data) => {
          const days = data.days
          const current =
            days.find((d) => d.date === day) ??
            days.find((d) => d.slots.some((s) => s.state === 'open')) ??
            days[0]
          const chosen = current?.slots.find((s) => s.id === slotId)
          return (
            <View>
              <Section title="哪一天">
                <View className="bk-days" role="tablist" aria-label="日期">
                  {days.map((d) => {
                    const free = d.slots.some((s) => s.state === 'open')
                    return (
                      <View
                        key={d.date}
                        id={`day-${d.date}`}
                        className={`bk-day ${current?.date === d.date ? 'bk-day--on' : ''} ${free ? '' : 'bk-day--off'}`}
                        role="tab"
                        aria-selected={current?.date === d.date}
                        {...focusable}
                        onClick={() => {
                          setDay(d.date)
                          setSlotId(null)
                        }}
                      >
                        <Text style={{ display: 'block' }}>{d.weekday}</Text>
                        <Text style={{ display: 'block' }}>{monthDay(d.date)}</Text>
                        <Text style={{ display: 'block' }}>
                          {d.closed ? (d.reason ?? '休息') : free ? '可约' : '已满'}
                        </Text>
                      </View>
                    )
                  })}
                </View>
              </Section>
              <Section title="几点">
                {current && current.slots.length === 0 ? (
                  <Text className="card__meta">
                    {current.closed ? `这天不办公（${current.reason ?? '休息'}）` : '这天还没开放预约'}
                  </Text>
                ) : (
                  <View className="bk-slots">
                    {current?.slots.map((s) => {
                      const open = s.state === 'open'
                      return (
                        <View
                          key={s.id}
                          id={`slot-${s.startTime.replace(':', '')}`}
                          className={`bk-slot ${s.id === slotId ? 'bk-slot--on' : ''} ${open ? '' : 'bk-slot--off'}`}
                          role="radio"
                          aria-checked={s.id === slotId}
                          aria-disabled={!open}
                          {...focusable}
                          onClick={() => open && setSlotId(s.id)}
                        >
                          <Text>{s.startTime}</Text>
                          <Text className="bk-slot__left">
                            {open
                              ? `剩${s.remaining}个`
                              : s.state === 'full'
                                ? '已满'
                                : s.state === 'past'
                                  ? '已过'
                                  : '停约'}
                          </Text>
                        </View>
                      )
                    })}
                  </View>
                )}
              </Section>
              {notice && (
                <View className="bk-warn" role="alert">
                  {notice}
                </View>
              )}
              {suggested.length > 0 && (
                <View className="bk-actions">
                  {suggested.map((s) => (
                    <Button
                      key={s.id}
                      size="small"
                      fill="outline"
                      type="primary"
                      onClick={() => {
                        setDay(s.date)
                        setSlotId(s.id)
                        setSuggested([])
                        setNotice('')
                      }}
                    >
                      {`改选 ${monthDay(s.date)} ${s.startTime}`}
                    </Button>
                  ))}
                </View>
              )}
              <View className="bk-bottom">
                <Button
                  className="bk-confirm"
                  type={chosen ? 'primary' : 'default'}
                  size="large"
                  block
                  loading={sending}
                  aria-disabled={!chosen || sending}
                  onClick={() =>
                    !sending &&
                    chosen &&
                    current &&
                    void confirm(
                      `${monthDay(current.date)} ${current.weekday} ${chosen.startTime}–${chosen.endTime}\n${data.center.name}`,
                    )
                  }
                >
                  {chosen ? `预约 ${monthDay(current!.date)} ${chosen.startTime}` : '请选择时段'}
                </Button>
              </View>
            </View>
          )
        }}
      </QueryView>
    </PageShell>
  )
}
