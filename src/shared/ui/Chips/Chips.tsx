import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './Chips.scss'

export interface ChipOption<T extends string> {
  value: T
  label: ReactNode
  /** Extra class on this chip (tests and page styles select on it). */
  className?: string
}

interface GroupProps {
  /** What the group is, for screen readers (or `labelledBy`, the id of a visible label). */
  label?: string
  labelledBy?: string
  /** Chip ids become `${idPrefix}-${value}`. */
  idPrefix?: string
  className?: string
}

const press = (e: { key?: string; preventDefault?: () => void }, act: () => void) => {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault?.()
    act()
  }
}

function groupA11y({ label, labelledBy }: GroupProps): object {
  return {
    ...(label ? { 'aria-label': label } : {}),
    ...(labelledBy ? { 'aria-labelledby': labelledBy } : {}),
  }
}

function Chip({
  id,
  role,
  on,
  className,
  onToggle,
  children,
}: {
  id?: string
  role: 'radio' | 'checkbox'
  on: boolean
  className?: string
  onToggle: () => void
  children: ReactNode
}) {
  return (
    <View
      id={id}
      role={role}
      aria-checked={on}
      className={['chip', on ? 'chip--on' : '', className ?? ''].filter(Boolean).join(' ')}
      onClick={onToggle}
      {...({ tabIndex: 0, onKeyDown: (e: { key?: string }) => press(e, onToggle) } as object)}
    >
      {on && (
        <Text className="chip__check" aria-hidden="true">
          ✓
        </Text>
      )}
      <Text>{children}</Text>
    </View>
  )
}

/** One choice out of a few, as big tappable chips (a radio group). */
export function RadioChips<T extends string>({
  options,
  value,
  onChange,
  ...group
}: GroupProps & {
  options: readonly ChipOption<T>[]
  value: T | null | undefined
  onChange: (value: T) => void
}) {
  return (
    <View className={`chips ${group.className ?? ''}`} role="radiogroup" {...groupA11y(group)}>
      {options.map((o) => (
        <Chip
          key={o.value}
          id={group.idPrefix ? `${group.idPrefix}-${o.value}` : undefined}
          role="radio"
          on={value === o.value}
          className={o.className}
          onToggle={() => onChange(o.value)}
        >
          {o.label}
        </Chip>
      ))}
    </View>
  )
}

/** Any number of choices (checkboxes drawn as chips). */
export function Chips<T extends string>({
  options,
  values,
  onChange,
  ...group
}: GroupProps & {
  options: readonly ChipOption<T>[]
  values: readonly T[]
  onChange: (values: T[]) => void
}) {
  const toggle = (v: T) => onChange(values.includes(v) ? values.filter((x) => x !== v) : [...values, v])
  return (
    <View className={`chips ${group.className ?? ''}`} role="group" {...groupA11y(group)}>
      {options.map((o) => (
        <Chip
          key={o.value}
          id={group.idPrefix ? `${group.idPrefix}-${o.value}` : undefined}
          role="checkbox"
          on={values.includes(o.value)}
          className={o.className}
          onToggle={() => toggle(o.value)}
        >
          {o.label}
        </Chip>
      ))}
    </View>
  )
}

/** Options from a label table: `optionsOf(['a', 'b'], { a: '甲', b: '乙' })`. */
export function optionsOf<T extends string>(values: readonly T[], label: Record<T, string>): ChipOption<T>[] {
  return values.map((value) => ({ value, label: label[value] }))
}
