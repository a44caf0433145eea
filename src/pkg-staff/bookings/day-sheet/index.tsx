import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { call, errorText, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { IS_H5 } from '@/shared/session'
import { explainWxFailure } from '@/shared/wxFailure'
import { EmptyState, PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import type { SheetData } from '../../../bookings/api'
import { BOOKING_ROUTES } from '../../../bookings/routes'
import '../../../bookings/bookings.scss'

type Row = SheetData['walkIns'][number]
type SheetSlot = SheetData['slots'][number]

/** `09:00–09:30（预约 3/7 · 现场 1 · 8个窗口）`: walk-ins of the slot's half hour take windows too. */
function slotTitle(s: SheetSlot, walkIns: readonly Row[]): string {
  const walk = walkIns.filter(
    (w) => w.startTime && w.startTime >= s.startTime && w.startTime < s.endTime,
  ).length
  const windows = s.windows ?? s.capacity
  return `${s.startTime}–${s.endTime}（预约 ${s.booked}/${s.capacity}${walk ? ` · 现场 ${walk}` : ''} · ${windows}个窗口）`
}

/**
 * 今日预约 (day sheet): who is coming in each slot; check in by scanning the ticket's QR code or typing
 * the number; finish each case as done, not done (with the missing material) or not come; register a
 * walk-in.
 */
export default function DaySheet() {
  const query = useQuery(() => call('bookings', 'daySheet', {}), { refreshOnShow: true })
  const [code, setCode] = useState('')
  const [message, setMessage] = useState('')

  async function checkIn(value: string) {
    if (!value.trim()) return
    try {
      const row = await call('bookings', 'checkIn', { code: value })
      setMessage(`已签到：${row.residentName} · ${row.itemNames.join('、')}`)
      setCode('')
      void query.reload()
    } catch (e) {
      setMessage(errorText(e))
    }
  }

  async function scan() {
    let res: Taro.scanCode.SuccessCallbackResult
    try {
      res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
    } catch (e) {
      return explainWxFailure(e, '扫码签到', '摄像头')
    }
    await checkIn(res.result)
  }

  async function finish(row: Row, outcome: 'done' | 'notDone') {
    let missingMaterial: string | undefined
    if (outcome === 'notDone') {
      const res = (await Taro.showModal({
        title: '缺少什么材料？',
        editable: true,
        placeholderText: '如：户口簿原件',
        confirmText: '确定',
      } as never)) as unknown as {
        confirm: boolean
        content?: string
      }
      if (!res.confirm || !res.content?.trim()) return
      missingMaterial = res.content.trim()
    }
    try {
      await call('bookings', 'serve', { bookingId: row.id, outcome, missingMaterial })
      void query.reload()
    } catch (e) {
      toastError(e)
    }
  }

  async function noShow(row: Row) {
    const ok = await Taro.showModal({
      title: '标记未到',
      content: `${row.residentName} 没有来？`,
      confirmText: '标记未到',
    })
    if (!ok.confirm) return
    call('bookings', 'noShow', { bookingId: row.id }).then(() => query.reload(), toastError)
  }

  // Every item, searchable by words and pinyin, on its own page; the sheet reloads when it comes back.
  const walkIn = () => void Taro.navigateTo({ url: BOOKING_ROUTES.walkIn })

  const rowView = (r: Row) => (
    <View key={r.id} id={`row-${r.number}`} className="card bk-sheet-row">
      <Text className="card__title">
        {r.residentName} · {r.number}
      </Text>
      <Text className="card__meta">
        {r.itemNames.join('、')} · {r.statusLabel}
        {r.missingMaterial ? ` · 缺${r.missingMaterial}` : ''}
      </Text>
      <View className="bk-actions">
        {r.status === 'booked' && (
          <Button
            size="small"
            type="primary"
            className="bk-checkin-row"
            onClick={() => void checkIn(r.number)}
          >
            签到
          </Button>
        )}
        {r.status === 'checkedIn' && (
          <>
            <Button size="small" type="primary" onClick={() => void finish(r, 'done')}>
              办结
            </Button>
            <Button size="small" fill="outline" onClick={() => void finish(r, 'notDone')}>
              没办成
            </Button>
          </>
        )}
        {r.canNoShow && (
          <Button size="small" fill="outline" onClick={() => void noShow(r)}>
            未到
          </Button>
        )}
      </View>
    </View>
  )

  return (
    <PageShell className="bookings-day-sheet">
      <PageHero title="今日预约" />
      <View className="bk-search">
        <Input
          id="bk-code"
          className="bk-input bk-code"
          type="number"
          value={code}
          placeholder="输入8位预约号"
          aria-label="预约号"
          onInput={(e) => setCode(e.detail.value)}
          onConfirm={(e) => void checkIn(e.detail.value)}
        />
        <Button type="primary" className="bk-checkin" onClick={() => void checkIn(code)}>
          签到
        </Button>
      </View>
      <View className="bk-actions">
        {!IS_H5 && (
          <Button type="primary" fill="outline" onClick={() => void scan()}>
            扫码签到
          </Button>
        )}
        <Button fill="outline" onClick={walkIn}>
          现场取号
        </Button>
        <Button fill="outline" onClick={() => void Taro.navigateTo({ url: BOOKING_ROUTES.slots })}>
          放号 / 闭馆
        </Button>
      </View>
      {message && (
        <View className="bk-warn" role="status">
          {message}
        </View>
      )}
      <QueryView query={query}>
        {(sheet) =>
          sheet.closed ? (
            <EmptyState title={`今天不办公（${sheet.closedReason ?? ''}）`} />
          ) : (
            <View>
              <Text className="card__meta">
                预约 {sheet.total} 人 · 已签到 {sheet.totals.checkedIn ?? 0} · 已办结{' '}
                {sheet.totals.served ?? 0} · 未到 {sheet.totals.noShow ?? 0}
              </Text>
              {sheet.slots
                .filter((s) => s.rows.length > 0)
                .map((s) => (
                  <Section key={s.id} title={slotTitle(s, sheet.walkIns)}>
                    {s.rows.map(rowView)}
                  </Section>
                ))}
              {sheet.walkIns.length > 0 && <Section title="现场取号">{sheet.walkIns.map(rowView)}</Section>}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
