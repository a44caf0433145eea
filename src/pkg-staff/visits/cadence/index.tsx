import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { DEFAULT_CADENCE, type Cadence } from '../../../../types/visits'
import { call, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import {
  type FieldA11y,
  FormField,
  PageHero,
  PageShell,
  QueryView,
  RadioChips,
  Section,
  useFieldErrors,
} from '@/shared/ui'
import { cadenceProblems, type CadenceDraft } from './rules'
import '../../../community/community.scss'
import './cadence.scss'

const CLASSES = [
  { key: 'A', label: 'A 类家庭', hint: '不方便上门，用电话、微信联系（线上走访）', range: '7—365天' },
  { key: 'B', label: 'B 类家庭', hint: '一般家庭，按时上门走访', range: '7—365天' },
  { key: 'C', label: 'C 类家庭', hint: '独居、高龄、失独、低保等需要多关心的家庭', range: '1—90天' },
] as const
const ORDER = ['A', 'B', 'C', 'weeklyTarget']

/** 走访周期: how often each class of household is visited, and each block head's weekly target. */
export default function CadencePage() {
  const query = useQuery(async () => {
    // The catalogue carries the committee's cadence and this week's derived target.
    const c = await call('visits', 'catalogue', { limit: 1 })
    return { cadence: c.cadence, derivedTarget: c.week.target }
  })
  return (
    <PageShell className="cadence">
      <PageHero title="走访周期" subtitle="每类家庭隔多少天走访一次。保存后，走访目录马上按新周期排。" />
      <QueryView query={query}>
        {({ cadence, derivedTarget }) => (
          <CadenceForm cadence={cadence} derivedTarget={derivedTarget} onSaved={query.reload} />
        )}
      </QueryView>
    </PageShell>
  )
}

/**
 * On H5 Taro draws an <input> inside its own element, which is where plain attributes land: the label and
 * state go to the inner input too (`nativeProps`), so screen readers and axe find them on the field itself.
 */
function inputA11y(a11y: FieldA11y): object {
  const { id, ...aria } = a11y
  return { id, ...aria, nativeProps: aria }
}

function CadenceForm({
  cadence,
  derivedTarget,
  onSaved,
}: {
  cadence: Cadence
  derivedTarget: number
  onSaved: () => Promise<void>
}) {
  const [draft, setDraft] = useState<CadenceDraft>({
    A: String(cadence.A),
    B: String(cadence.B),
    C: String(cadence.C),
    weeklyTarget: cadence.weeklyTarget === undefined ? '' : String(cadence.weeklyTarget),
  })
  const [targetMode, setTargetMode] = useState<'auto' | 'fixed'>(
    cadence.weeklyTarget === undefined ? 'auto' : 'fixed',
  )
  const [saved, setSaved] = useState(false)
  const { errors, setErrors, clear, fromServer } = useFieldErrors(ORDER)

  const [busy, save] = useSubmit(
    async () => {
      const { problems, value } = cadenceProblems(draft, targetMode === 'fixed')
      if (!setErrors(problems) || !value) return
      const ok = await Taro.showModal({
        title: '保存走访周期',
        content: `A 类每${value.A}天、B 类每${value.B}天、C 类每${value.C}天走访一次，${
          value.weeklyTarget ? `每位块长每周${value.weeklyTarget}户` : '每周目标自动计算'
        }。走访目录会马上按新周期排，确定吗？`,
        confirmText: '保存',
        cancelText: '再看看',
      })
      if (!ok.confirm) return
      await call('visits', 'setCadence', value)
      setSaved(true)
      void Taro.showToast({ title: '已保存', icon: 'success' })
      await onSaved()
    },
    (e) => {
      if (!fromServer(e)) toastError(e)
    },
  )

  const set = (k: keyof CadenceDraft) => (v: string) => {
    setDraft({ ...draft, [k]: v.replace(/[^\d]/g, '') })
    setSaved(false)
    clear(k)
  }

  return (
    <View>
      <Section title="每隔几天走访一次">
        {CLASSES.map((c) => (
          <FormField
            key={c.key}
            name={c.key}
            label={`${c.label}（天）`}
            hint={`${c.hint}。可填${c.range}，一般定为${DEFAULT_CADENCE[c.key]}天。`}
            required
            error={errors[c.key]}
          >
            {(a11y) => (
              <Input
                className="cm-input"
                type="number"
                value={draft[c.key]}
                maxlength={3}
                onInput={(e) => set(c.key)(e.detail.value)}
                {...inputA11y(a11y)}
              />
            )}
          </FormField>
        ))}
      </Section>
      <Section title="每位块长每周走访目标">
        <FormField
          name="weeklyTarget"
          label="每周目标"
          hint={`自动计算：按片区里的户数和周期算，本周是${derivedTarget}户。`}
          error={errors.weeklyTarget}
        >
          {(a11y) => (
            <View>
              <RadioChips
                labelledBy={a11y['aria-labelledby']}
                idPrefix="target-mode"
                options={[
                  { value: 'auto' as const, label: '自动计算' },
                  { value: 'fixed' as const, label: '固定户数' },
                ]}
                value={targetMode}
                onChange={(m) => {
                  setTargetMode(m)
                  setSaved(false)
                  clear('weeklyTarget')
                }}
              />
              {targetMode === 'fixed' && (
                <View className="cadence__target">
                  <Input
                    className="cm-input"
                    type="number"
                    value={draft.weeklyTarget}
                    maxlength={3}
                    placeholder="例如 20"
                    onInput={(e) => set('weeklyTarget')(e.detail.value)}
                    {...inputA11y({ ...a11y, 'aria-label': '每周走访户数' })}
                  />
                </View>
              )}
            </View>
          )}
        </FormField>
      </Section>
      {saved && (
        <View className="card cadence__saved" id="cadence-saved">
          <Text>已保存。块长的走访目录已按新周期排好。</Text>
        </View>
      )}
      <View className="cm-actions">
        <Button id="cadence-save" type="primary" size="large" loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  )
}
