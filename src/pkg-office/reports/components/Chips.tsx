import { RadioChips } from '@/shared/ui'

/** A row of choices, one selected (period, committee): the kit's radio chips, ids `chip-<key>`. */
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
    <RadioChips
      label={label}
      idPrefix="chip"
      className="reports-chips"
      options={items.map((it) => ({ value: it.key, label: it.label }))}
      value={value}
      onChange={onChange}
    />
  )
}
