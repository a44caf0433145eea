import { Picker, Text, View } from '@tarojs/components'
import { WEEKDAY_NAMES } from '../../types/bookings'
import './Pickers.scss'

/** `2026-12-03` → `2026年12月3日 周四` (what the clerk reads; the date crosses the wire as it is). */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number)
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return `${y}年${m}月${d}日 ${WEEKDAY_NAMES[weekday]}`
}

type KeyEvent = { key?: string; preventDefault?: () => void; currentTarget?: unknown }
const keyActivate = (act?: () => void) => ({
  tabIndex: 0,
  onKeyDown: (e: KeyEvent) => {
    if (e.key !== 'Enter' && e.key !== ' ') return
    e.preventDefault?.()
    // A picker opens on a tap: in the browser, Enter taps it too.
    if (act) act()
    else (e.currentTarget as { click?: () => void } | undefined)?.click?.()
  },
})

/**
 * A date chosen on the platform's date picker (Taro Picker mode=date: WeChat's wheel, the H5 stand-in in
 * the browser), never typed: the button says the date in words, `value` is `YYYY-MM-DD`.
 */
export function DateField({
  label,
  value,
  placeholder = '点此选择日期',
  start,
  end,
  onChange,
  className,
}: {
  label: string
  value: string
  placeholder?: string
  /** Earliest and latest date offered, `YYYY-MM-DD`. */
  start?: string
  end?: string
  onChange: (date: string) => void
  className?: string
}) {
  return (
    <Picker
      mode="date"
      value={value || start || ''}
      start={start}
      end={end}
      onChange={(e) => onChange(String(e.detail.value))}
    >
      <View
        className={`pick-field ${className ?? ''}`}
        role="button"
        // The name starts with what is on screen after the label (WCAG 2.5.3), the prompt included.
        aria-label={`${label}：${value ? longDate(value) : placeholder}`}
        {...(keyActivate() as object)}
      >
        <Text className={value ? 'pick-field__value' : 'pick-field__placeholder'}>
          {value ? longDate(value) : placeholder}
        </Text>
        <Text className="pick-field__icon" aria-hidden="true">
          ▾
        </Text>
      </View>
    </Picker>
  )
}

/** A time of day (`HH:mm`) on the platform's time picker. */
export function TimeField({
  label,
  value,
  onChange,
  className,
}: {
  label: string
  value: string
  onChange: (time: string) => void
  className?: string
}) {
  return (
    <Picker mode="time" value={value} onChange={(e) => onChange(String(e.detail.value))}>
      <View
        className={`pick-field pick-field--time ${className ?? ''}`}
        role="button"
        aria-label={`${label}：${value}`}
        {...(keyActivate() as object)}
      >
        <Text className="pick-field__value">{value}</Text>
      </View>
    </Picker>
  )
}

/** A small whole number with − and + buttons big enough for an old thumb. */
export function Stepper({
  label,
  value,
  min,
  max,
  unit,
  onChange,
  className,
}: {
  label: string
  value: number
  min: number
  max: number
  unit?: string
  onChange: (n: number) => void
  className?: string
}) {
  const set = (n: number) => onChange(Math.min(max, Math.max(min, n)))
  return (
    <View className={`stepper ${className ?? ''}`} role="group" aria-label={label}>
      <View
        className={`stepper__btn ${value <= min ? 'stepper__btn--off' : ''}`}
        role="button"
        aria-label={`${label}减一`}
        aria-disabled={value <= min}
        onClick={() => set(value - 1)}
        {...(keyActivate(() => set(value - 1)) as object)}
      >
        <Text aria-hidden="true">－</Text>
      </View>
      <Text className="stepper__value" aria-live="polite">
        {value}
        {unit ?? ''}
      </Text>
      <View
        className={`stepper__btn ${value >= max ? 'stepper__btn--off' : ''}`}
        role="button"
        aria-label={`${label}加一`}
        aria-disabled={value >= max}
        onClick={() => set(value + 1)}
        {...(keyActivate(() => set(value + 1)) as object)}
      >
        <Text aria-hidden="true">＋</Text>
      </View>
    </View>
  )
}
