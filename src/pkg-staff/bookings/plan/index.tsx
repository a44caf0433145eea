import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useMemo, useRef, useState } from 'react'
import type { PlanForm, PlanPreviewOutput, PlanView, PlanWeekday } from '../../../../types/bookings'
import { WEEKDAY_NAMES } from '../../../../types/bookings'
import { call, errorText, newRequestId } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { FormField, PageHero, PageShell, QueryView, RadioChips, Section, useFieldErrors } from '@/shared/ui'
import { DateField, longDate, Stepper, TimeField } from '../../../bookings/Pickers'
import { monthDay } from '../../../bookings/routes'
import '../../../bookings/bookings.scss'
import './plan.scss'

/** Monday first, as a week is read; the form keeps Sunday at 0 as the server does. */
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0]
const SLOT_LENGTHS = ['15', '20', '30', '45', '60'] as const
const NOTICE = [
  { value: '0', label: '不限' },
  { value: '30', label: '半小时' },
  { value: '60', label: '1小时' },
  { value: '120', label: '2小时' },
]
/** Server error paths in page order, so the first wrong field gets the focus. */
const ORDER = [
  'week',
  ...WEEK_ORDER.map((d) => `week.${d}.end`),
  'lunch.end',
  'slotMinutes',
  'walkInReserve',
  'minNoticeMinutes',
  ...Array.from({ length: 100 }, (_, i) => `closures.${i}.date`),
  ...Array.from({ length: 30 }, (_, i) => `extraWorkdays.${i}`),
]

const today = () => {
  const d = new Date(Date.now() + 8 * 3_600_000)
  return d.toISOString().slice(0, 10)
}

const formOf = (v: PlanView): PlanForm => ({
  week: v.week,
  lunch: v.lunch,
  slotMinutes: v.slotMinutes,
  walkInReserve: v.walkInReserve,
  minNoticeMinutes: v.minNoticeMinutes,
  closures: v.closures,
  extraWorkdays: v.extraWorkdays,
})

/**
 * 工作安排: hours and open windows per weekday, lunch break, slot length, the places kept for walk-ins,
 * closed days and worked weekend days, all with pickers. Saving first shows which bookings the change moves
 * or cancels (这次修改会影响 N 个预约) and asks; the residents are told by message.
 */
export default function PlanPage() {
  const query = useQuery(() => call('bookings', 'plan', {}), { refreshOnShow: true })
  return (
    <PageShell className="bookings-plan">
      <PageHero title="工作安排" subtitle="每周几点上班、开几个窗口、哪天闭馆" />
      <QueryView query={query}>
        {(view) => <PlanEditor key={view.version} view={view} onSaved={() => void query.reload()} />}
      </QueryView>
    </PageShell>
  )
}

function PlanEditor({ view, onSaved }: { view: PlanView; onSaved: () => void }) {
  const [form, setForm] = useState<PlanForm>(() => formOf(view))
  const [preview, setPreview] = useState<PlanPreviewOutput | null>(null)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const [closureDate, setClosureDate] = useState('')
  const [closureReason, setClosureReason] = useState('')
  const [workday, setWorkday] = useState('')
  const requestId = useRef(newRequestId())
  const { errors, fromServer, setErrors } = useFieldErrors(ORDER)
  const minWindows = useMemo(
    () => Math.min(...form.week.filter((d) => d.open).map((d) => d.windows), 200),
    [form.week],
  )

  const edit = (patch: Partial<PlanForm>) => {
    setForm((f) => ({ ...f, ...patch }))
    setPreview(null)
  }
  const editDay = (d: number, patch: Partial<PlanWeekday>) =>
    edit({ week: form.week.map((w, i) => (i === d ? { ...w, ...patch } : w)) })

  function addClosure() {
    if (!closureDate) return setErrors({ closureNew: '请先选择闭馆的日期' })
    if (!closureReason.trim()) return setErrors({ closureNew: '请写上闭馆原因，居民会在通知里看到' })
    if (form.closures.some((c) => c.date === closureDate))
      return setErrors({ closureNew: `${longDate(closureDate)} 已经在闭馆日里了` })
    edit({
      closures: [...form.closures, { date: closureDate, reason: closureReason.trim() }].sort((a, b) =>
        a.date.localeCompare(b.date),
      ),
    })
    setClosureDate('')
    setClosureReason('')
    setErrors({})
  }

  function addWorkday() {
    if (!workday || form.extraWorkdays.includes(workday)) return
    edit({ extraWorkdays: [...form.extraWorkdays, workday].sort() })
    setWorkday('')
  }

  async function save() {
    setBusy(true)
    setNote('')
    try {
      const p = await call('bookings', 'planPreview', form)
      setErrors({})
      setPreview(p)
      const content =
        p.affected === 0
          ? '这次修改不影响已有的预约。确定保存吗？'
          : `这次修改会影响 ${p.affected} 个预约：${p.moved} 个改到当天最近的时段，${p.cancelled} 个取消。每位居民都会收到通知。确定保存吗？`
      const ok = await Taro.showModal({ title: '保存工作安排', content, confirmText: '确定保存' })
      if (!ok.confirm) return
      await call('bookings', 'savePlan', {
        ...form,
        expectedVersion: view.version,
        clientRequestId: requestId.current,
        confirm: true,
      })
      requestId.current = newRequestId()
      void Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved()
    } catch (e) {
      if (!fromServer(e)) setNote(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <View>
      {view.pending ? (
        <View className="bk-warn" role="status">
          刚保存的修改正在生效：受影响的预约会在半小时内改约或取消，并通知居民。
        </View>
      ) : view.last ? (
        <Text className="card__meta plan-last">
          上次修改：改约 {view.last.moved} 个，取消 {view.last.cancelled} 个，已通知 {view.last.notified} 人
        </Text>
      ) : null}
      {view.openedUntil && <Text className="card__meta">已放号到 {longDate(view.openedUntil)}</Text>}

      <Section title="每周办公时间">
        {errors.week && (
          <View className="form-field__error" role="alert">
            {errors.week}
          </View>
        )}
        {WEEK_ORDER.map((d) => {
          const day = form.week[d]
          const name = WEEKDAY_NAMES[d]
          return (
            <View key={d} id={`field-week.${d}.end`} className={`card plan-day plan-day-${d}`}>
              <View className="plan-day__head">
                <Text className="card__title" id={`plan-day-${d}`}>
                  {name}
                </Text>
                <RadioChips
                  labelledBy={`plan-day-${d}`}
                  idPrefix={`plan-open-${d}`}
                  options={[
                    { value: 'open', label: '办公' },
                    { value: 'closed', label: '休息' },
                  ]}
                  value={day.open ? 'open' : 'closed'}
                  onChange={(v) => editDay(d, { open: v === 'open' })}
                />
              </View>
              {day.open && (
                <View className="plan-day__body">
                  <View className="plan-times">
                    <TimeField
                      label={`${name}上班`}
                      value={day.start}
                      onChange={(t) => editDay(d, { start: t })}
                    />
                    <Text aria-hidden="true">至</Text>
                    <TimeField
                      label={`${name}下班`}
                      value={day.end}
                      onChange={(t) => editDay(d, { end: t })}
                    />
                  </View>
                  <View className="plan-windows">
                    <Text className="bk-label">开放窗口</Text>
                    <Stepper
                      label={`${name}开放窗口`}
                      value={day.windows}
                      min={1}
                      max={50}
                      unit="个"
                      onChange={(n) => editDay(d, { windows: n })}
                    />
                  </View>
                  {errors[`week.${d}.end`] && (
                    <View className="form-field__error" role="alert">
                      {errors[`week.${d}.end`]}
                    </View>
                  )}
                </View>
              )}
            </View>
          )
        })}
      </Section>

      <Section title="时段">
        <FormField name="lunch.end" label="午休" error={errors['lunch.end']}>
          <View>
            <RadioChips
              label="午休"
              idPrefix="plan-lunch"
              options={[
                { value: 'yes', label: '有午休' },
                { value: 'no', label: '不休息' },
              ]}
              value={form.lunch ? 'yes' : 'no'}
              onChange={(v) => edit({ lunch: v === 'yes' ? { start: '11:30', end: '13:30' } : null })}
            />
            {form.lunch && (
              <View className="plan-times">
                <TimeField
                  label="午休开始"
                  value={form.lunch.start}
                  onChange={(t) => edit({ lunch: { start: t, end: form.lunch?.end ?? t } })}
                />
                <Text aria-hidden="true">至</Text>
                <TimeField
                  label="午休结束"
                  value={form.lunch.end}
                  onChange={(t) => edit({ lunch: { start: form.lunch?.start ?? t, end: t } })}
                />
              </View>
            )}
          </View>
        </FormField>
        <FormField name="slotMinutes" label="每个时段多长" error={errors.slotMinutes}>
          <RadioChips
            label="每个时段多长"
            idPrefix="plan-slot"
            options={SLOT_LENGTHS.map((m) => ({ value: m, label: `${m}分钟` }))}
            value={String(form.slotMinutes) as (typeof SLOT_LENGTHS)[number]}
            onChange={(v) => edit({ slotMinutes: Number(v) })}
          />
        </FormField>
        <FormField
          name="walkInReserve"
          label="留给现场取号"
          hint="每个时段留几个窗口给没有预约、直接来的居民，预约不会把窗口占满"
          error={errors.walkInReserve}
        >
          <Stepper
            label="留给现场取号的窗口"
            value={form.walkInReserve}
            min={0}
            max={Math.max(0, minWindows - 1)}
            unit="个"
            onChange={(n) => edit({ walkInReserve: n })}
          />
        </FormField>
        <FormField name="minNoticeMinutes" label="至少提前多久预约" error={errors.minNoticeMinutes}>
          <RadioChips
            label="至少提前多久预约"
            idPrefix="plan-notice"
            options={NOTICE}
            value={String(form.minNoticeMinutes)}
            onChange={(v) => edit({ minNoticeMinutes: Number(v) })}
          />
        </FormField>
      </Section>

      <Section title="闭馆日和节假日">
        {form.closures.length === 0 && <Text className="card__meta">没有闭馆日</Text>}
        {form.closures.map((c, i) => (
          <View key={c.date} id={`field-closures.${i}.date`} className="card plan-closure">
            <View className="plan-closure__text">
              <Text className="card__title">{longDate(c.date)}</Text>
              <Text className="card__meta">{c.reason}</Text>
              {errors[`closures.${i}.date`] && (
                <View className="form-field__error" role="alert">
                  {errors[`closures.${i}.date`]}
                </View>
              )}
            </View>
            <Button
              size="small"
              fill="outline"
              aria-label={`取消闭馆 ${monthDay(c.date)}`}
              onClick={() => edit({ closures: form.closures.filter((x) => x.date !== c.date) })}
            >
              删除
            </Button>
          </View>
        ))}
        <View className="card plan-add">
          <Text className="card__title">添加闭馆日</Text>
          <DateField
            label="闭馆日期"
            className="plan-closure-date"
            value={closureDate}
            start={today()}
            onChange={setClosureDate}
          />
          <Input
            className="bk-input plan-closure-reason"
            value={closureReason}
            placeholder="原因，如 元旦、系统升级"
            aria-label="闭馆原因"
            maxlength={20}
            onInput={(e) => setClosureReason(e.detail.value)}
          />
          {errors.closureNew && (
            <View className="form-field__error" role="alert">
              {errors.closureNew}
            </View>
          )}
          <Button fill="outline" className="plan-closure-add" onClick={addClosure}>
            添加闭馆日
          </Button>
        </View>
      </Section>

      <Section title="调休上班">
        <Text className="card__meta">周末补班的日子，按平日时间办公</Text>
        {form.extraWorkdays.map((d, i) => (
          <View key={d} id={`field-extraWorkdays.${i}`} className="card plan-closure">
            <View className="plan-closure__text">
              <Text className="card__title">{longDate(d)}</Text>
              {errors[`extraWorkdays.${i}`] && (
                <View className="form-field__error" role="alert">
                  {errors[`extraWorkdays.${i}`]}
                </View>
              )}
            </View>
            <Button
              size="small"
              fill="outline"
              aria-label={`取消调休上班 ${monthDay(d)}`}
              onClick={() => edit({ extraWorkdays: form.extraWorkdays.filter((x) => x !== d) })}
            >
              删除
            </Button>
          </View>
        ))}
        <View className="plan-add-row">
          <DateField label="调休上班日期" value={workday} start={today()} onChange={setWorkday} />
          <Button fill="outline" onClick={addWorkday}>
            添加
          </Button>
        </View>
      </Section>

      {preview && preview.affected > 0 && (
        <Section title={`这次修改会影响 ${preview.affected} 个预约`}>
          {preview.lines.map((l) => (
            <View key={l.bookingId} className="card plan-impact">
              <Text className="card__title">
                {l.residentName} · {monthDay(l.date)} {l.from}
              </Text>
              <Text className="card__meta">{l.to ? `改到 ${l.to}` : `取消：${l.reason ?? ''}`}</Text>
            </View>
          ))}
        </Section>
      )}
      {preview && preview.affected === 0 && (
        <Text className="card__meta plan-impact-none">这次修改不影响已有的预约</Text>
      )}
      {note && (
        <View className="bk-warn" role="status">
          {note}
        </View>
      )}
      <Button
        type="primary"
        size="large"
        block
        loading={busy}
        className="plan-save"
        onClick={() => void save()}
      >
        保存工作安排
      </Button>
    </View>
  )
}
