import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call, errorText } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { PageShell, Section, PageHero, QueryView } from '@/shared/ui'
import { DateField, longDate } from '../../../bookings/Pickers'
import { BOOKING_ROUTES } from '../../../bookings/routes'
import '../../../bookings/bookings.scss'
import '../plan/plan.scss'

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

/**
 * 放号与闭馆: open the next two weeks' slots from the working plan; close a day at short notice (cancels its
 * bookings and tells each resident). The day is picked on a calendar, never typed.
 */
export default function SlotsAdmin() {
  const plan = useQuery(() => call('bookings', 'plan', {}), { refreshOnShow: true })
  const [note, setNote] = useState('')
  const [date, setDate] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)

  async function open() {
    setBusy(true)
    try {
      const r = await call('bookings', 'openSlots', { days: 14 })
      setNote(
        `已开放 ${longDate(r.from)} 至 ${longDate(r.to)}：新增 ${r.created} 个时段，已有 ${r.existing} 个`,
      )
      void plan.reload()
    } catch (e) {
      setNote(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  async function close() {
    if (!date) return setNote('请先选择闭馆的日期')
    if (!reason.trim()) return setNote('请写上闭馆原因，居民会在通知里看到')
    const ok = await Taro.showModal({
      title: '确认闭馆',
      content: `${longDate(date)} 闭馆（${reason.trim()}）。当天所有预约会被取消，并通知每位居民。确定吗？`,
      confirmText: '确认闭馆',
      confirmColor: '#a4410e',
    })
    if (!ok.confirm) return
    setBusy(true)
    try {
      const r = await call('bookings', 'closeDay', { date, reason: reason.trim(), confirm: true })
      setNote(`${longDate(r.date)} 已闭馆：取消 ${r.cancelled} 个预约，已通知 ${r.notified} 人`)
      setDate('')
      setReason('')
      void plan.reload()
    } catch (e) {
      setNote(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className="bookings-slots">
      <PageHero title="放号与闭馆" />
      <Section title="开放预约">
        <QueryView query={plan}>
          {(v) => (
            <Text className="card__meta">
              {v.openedUntil ? `已放号到 ${longDate(v.openedUntil)}。` : '还没有放号。'}
              按工作安排生成未来两周的时段，已有的时段和预约不会变。
            </Text>
          )}
        </QueryView>
        <Button type="primary" loading={busy} onClick={() => void open()}>
          开放未来两周
        </Button>
        <Button fill="outline" onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.plan })}>
          修改工作安排
        </Button>
      </Section>
      <Section title="临时闭馆">
        <View className="plan-add">
          <DateField
            label="闭馆日期"
            className="slots-close-date"
            value={date}
            start={today()}
            onChange={setDate}
          />
          <Input
            className="bk-input"
            value={reason}
            placeholder="原因，如 系统升级"
            aria-label="闭馆原因"
            maxlength={20}
            onInput={(e) => setReason(e.detail.value)}
          />
          <Button fill="outline" loading={busy} onClick={() => void close()}>
            闭馆并通知居民
          </Button>
        </View>
        <QueryView query={plan}>
          {(v) => {
            const upcoming = v.closures.filter((c) => c.date >= today())
            return upcoming.length === 0 ? null : (
              <View>
                <Text className="card__meta">已定的闭馆日：</Text>
                {upcoming.map((c) => (
                  <Text key={c.date} className="card__meta" style={{ display: 'block' }}>
                    {longDate(c.date)}（{c.reason}）
                  </Text>
                ))}
              </View>
            )
          }}
        </QueryView>
      </Section>
      {note && (
        <View className="bk-warn" role="status">
          {note}
        </View>
      )}
    </PageShell>
  )
}
