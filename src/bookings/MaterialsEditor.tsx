import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Material, MaterialForm } from '../../types/bookings'
import { MATERIAL_FORM_LABEL, MaterialForm as MaterialForms } from '../../types/bookings'
import { RadioChips, Section, type FieldErrors } from '@/shared/ui'
import { Stepper } from './Pickers'
import './Pickers.scss'

/** A material being edited; `key` keeps each row's inputs its own while rows move. */
export interface MaterialRow {
  key: string
  name: string
  form: MaterialForm
  count: number
  notes: string
}

let seq = 0
export function newMaterial(m?: Material): MaterialRow {
  seq += 1
  return {
    key: `m${seq}`,
    name: m?.name ?? '',
    form: m?.form ?? 'original',
    count: m?.count ?? 1,
    notes: m?.notes ?? '',
  }
}

const FORM_OPTIONS = MaterialForms.options.map((value) => ({ value, label: MATERIAL_FORM_LABEL[value] }))

/**
 * 材料清单 as fields: each material's name, original or copy, how many and a note, each labelled with its
 * number; add, remove, move up and down. The server's errors (`fields.materials.<i>.name`) show under their row.
 */
export function MaterialsEditor({
  rows,
  onChange,
  errors = {},
  errorPrefix = 'materials',
}: {
  rows: MaterialRow[]
  onChange: (rows: MaterialRow[]) => void
  errors?: FieldErrors
  errorPrefix?: string
}) {
  const set = (i: number, patch: Partial<MaterialRow>) =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  const move = (i: number, by: number) => {
    const j = i + by
    if (j < 0 || j >= rows.length) return
    const next = [...rows]
    ;[next[i], next[j]] = [next[j], next[i]]
    onChange(next)
  }
  const listError = errors[errorPrefix]
  return (
    <Section title={`要带的材料（${rows.length}项）`}>
      {listError && (
        <View className="form-field__error" role="alert">
          {listError}
        </View>
      )}
      {rows.map((r, i) => {
        const n = i + 1
        const rowErrors = Object.entries(errors)
          .filter(([k, v]) => v && k.startsWith(`${errorPrefix}.${i}.`))
          .map(([, v]) => v)
        return (
          <View key={r.key} id={`material-${n}`} className="card material-row">
            <Text className="card__title" id={`material-${n}-title`}>
              第{n}项
            </Text>
            <View className="material-row__field">
              <Text className="bk-label">材料名称</Text>
              <Input
                className="bk-input material-name"
                value={r.name}
                placeholder="如：身份证"
                aria-label={`第${n}项材料名称`}
                maxlength={60}
                onInput={(e) => set(i, { name: e.detail.value })}
              />
            </View>
            <View className="material-row__field">
              <Text className="bk-label" id={`material-${n}-form`}>
                原件还是复印件
              </Text>
              <RadioChips
                label={`第${n}项原件还是复印件`}
                idPrefix={`material-${n}-form`}
                options={FORM_OPTIONS}
                value={r.form}
                onChange={(form) => set(i, { form })}
              />
            </View>
            <View className="material-row__field material-row__inline">
              <Text className="bk-label">份数</Text>
              <Stepper
                label={`第${n}项份数`}
                value={r.count}
                min={1}
                max={20}
                unit="份"
                onChange={(count) => set(i, { count })}
              />
            </View>
            <View className="material-row__field">
              <Text className="bk-label">备注（可不填）</Text>
              <Input
                className="bk-input material-notes"
                value={r.notes}
                placeholder="如：在有效期内"
                aria-label={`第${n}项备注`}
                maxlength={200}
                onInput={(e) => set(i, { notes: e.detail.value })}
              />
            </View>
            {rowErrors.map((m) => (
              <View key={m} className="form-field__error" role="alert">
                {m}
              </View>
            ))}
            <View className="bk-actions">
              {i > 0 && (
                <Button size="small" fill="outline" aria-label={`第${n}项上移`} onClick={() => move(i, -1)}>
                  上移
                </Button>
              )}
              {i < rows.length - 1 && (
                <Button size="small" fill="outline" aria-label={`第${n}项下移`} onClick={() => move(i, 1)}>
                  下移
                </Button>
              )}
              {rows.length > 1 && (
                <Button
                  size="small"
                  fill="outline"
                  aria-label={`删除第${n}项`}
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}
                >
                  删除
                </Button>
              )}
            </View>
          </View>
        )
      })}
      <Button
        fill="outline"
        block
        className="material-add"
        onClick={() => onChange([...rows, newMaterial()])}
      >
        添加一项材料
      </Button>
    </Section>
  )
}
