import { RadioChips as KitRadioChips, optionsOf } from '@/shared/ui'

/** The kit's radio chips over a label table; `visits-chip` stays on each for the visit pages' tests. */
export function RadioChips<T extends string>({
  options,
  value,
  label,
  onChange,
  groupLabel,
}: {
  options: readonly T[]
  value: T | undefined
  label: Record<T, string>
  onChange: (option: T) => void
  groupLabel?: string
}) {
  return (
    <KitRadioChips
      label={groupLabel}
      options={optionsOf(options, label).map((o) => ({ ...o, className: 'visits-chip' }))}
      value={value}
      onChange={onChange}
    />
  )
}
