import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call, errorText } from '@/shared/api'
import { PageShell, Section, PageHero } from '@/shared/ui'
import '../../../bookings/bookings.scss'

/** 放号与闭馆: open the next two weeks' slots from the working plan; close a day (cancels and notifies). */
export default function SlotsAdmin() {
  const [note, setNote] = useState('')
  const [date, setDate] = useState('')
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)

  async function open() {
    setBusy(true)
    try {
      const r = await call('bookings', 'openSlots', { days: 14 })
      setNote(`已开放 ${r.from} 至 ${r.to}：新增 ${r.created} 个时段，已有 ${r.existing} 个`)
    } catch (e) {
      setNote(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  async function close() {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !reason.trim()) {
      setNote('请填写日期（如 2026-12-01）和闭馆原因')
      return
    }
    const ok = await Taro.showModal({
      title: '确认闭馆',
      content: `${date} 闭馆（${reason}）。当天所有预约会被取消，并通知每位居民。确定吗？`,
      confirmText: '确认闭馆',
      confirmColor: '#a4410e',
    })
    if (!ok.confirm) return
    setBusy(true)
    try {
      const r = await call('bookings', 'closeDay', { date, reason: reason.trim(), confirm: true })
      setNote(`${r.date} 已闭馆：取消 ${r.cancelled} 个预约，已通知 ${r.notified} 人`)
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
        <Text className="card__meta">按工作安排生成未来两周的时段，已有的时段和预约不会变。</Text>
        <Button type="primary" loading={busy} onClick={() => void open()}>
          开放未来两周
        </Button>
      </Section>
      <Section title="闭馆">
        <Input
          className="bk-input"
          value={date}
          placeholder="日期，如 2026-12-01"
          aria-label="闭馆日期"
          onInput={(e) => setDate(e.detail.value)}
        />
        <Input
          className="bk-input"
          value={reason}
          placeholder="原因，如 系统升级"
          aria-label="闭馆原因"
          onInput={(e) => setReason(e.detail.value)}
        />
        <Button fill="outline" loading={busy} onClick={() => void close()}>
          闭馆并通知居民
        </Button>
      </Section>
      {note && (
        <View className="bk-warn" role="status">
          {note}
        </View>
      )}
    </PageShell>
  )
}
