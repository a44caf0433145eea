import { Text, View } from '@tarojs/components'
import { focusable } from '@/shared/ui'

/** A row of `visits-chip`s of which one is picked (a radio group). */
export function RadioChips<T extends string>({
  options,
  value,
  label,
  onChange,
}: {
  options: readonly T[]
  value: T | undefined
  label: Record<T, string>
  onChange: (option: T) => void
}) {
  return (
    <View className="visits-chips" role="radiogroup">
      {options.map((c) => (
        <View
          key={c}
          role="radio"
          aria-checked={value === c}
          className={`visits-chip${value === c ? ' visits-chip--on' : ''}`}
          {...focusable}
          onClick={() => onChange(c)}
        >
          <Text>{label[c]}</Text>
        </View>
      ))}
    </View>
  )
}
