import { Text, View } from '@tarojs/components'
import { focusable } from '@/shared/ui'

/** A row of choices, one selected (period, committee). Large enough to tap for older eyes and fingers. */
export function Chips<K extends string>({
  items,
  value,
  onChange,
  label,
}: {
  items: readonly { key: K; label: string }[]
  value: K
  onChange: (key: K) => void
  label: string
}) {
  return (
    <View className="chips" role="radiogroup" aria-label={label}>
      {items.map((it) => (
        <View
          key={it.key}
          id={`chip-${it.key}`}
          className={`chip ${it.key === value ? 'chip--on' : ''}`}
          role="radio"
          aria-checked={it.key === value}
          onClick={() => onChange(it.key)}
          {...focusable}
        >
          <Text>{it.label}</Text>
        </View>
      ))}
    </View>
  )
}
