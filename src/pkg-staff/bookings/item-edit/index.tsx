import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { call, errorText } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { fieldErrorsOf, PageShell, PageHero, RadioChips, Section, type FieldErrors } from '@/shared/ui'
import { MaterialsEditor, newMaterial, type MaterialRow } from '../../../bookings/MaterialsEditor'
import '../../../bookings/bookings.scss'

/** 编辑事项: the tip's fields; each save keeps the previous version, listed below. */
export default function ItemEdit() {
  const id = useRouter().params.id
  const history = useQuery(async () => (id ? call('bookings', 'itemHistory', { id }) : null))
  const [f, setF] = useState({
    name: '',
    category: '',
    subcategory: '',
    summary: '',
    fees: '免费',
    processingTime: '当场办结',
    eligibility: '',
    keywords: '',
    onlineUrl: '',
    cityWide: true,
  })
  const [materials, setMaterials] = useState<MaterialRow[]>(() => [newMaterial()])
  const [errors, setErrors] = useState<FieldErrors>({})
  const [note, setNote] = useState('')
  const current = history.state.status === 'ready' ? history.state.data?.current : undefined
  const version = current?.version
  const related = current?.relatedIds ?? []
  useEffect(() => {
    if (!current) return
    setF({
      name: current.name,
      category: current.category,
      subcategory: current.subcategory,
      summary: current.summary,
      fees: current.fees,
      processingTime: current.processingTime,
      eligibility: current.eligibility.join('\n'),
      keywords: current.keywords.join('，'),
      onlineUrl: current.onlineUrl,
      cityWide: current.cityWide,
    })
    setMaterials(current.materials.map((m) => newMaterial(m)))
  }, [current])

  const set = (k: keyof typeof f) => (e: { detail: { value: string | boolean } }) =>
    setF((x) => ({ ...x, [k]: e.detail.value }))

  async function save() {
    try {
      const saved = await call('bookings', 'saveItem', {
        id,
        expectedVersion: id ? version : undefined,
        fields: {
          name: f.name,
          category: f.category,
          subcategory: f.subcategory,
          summary: f.summary,
          fees: f.fees,
          processingTime: f.processingTime,
          materials: materials.map(({ name, form, count, notes }) => ({
            name: name.trim(),
            form,
            count,
            notes: notes.trim(),
          })),
          eligibility: f.eligibility
            .split('\n')
            .map((x) => x.trim())
            .filter(Boolean),
          keywords: f.keywords.split(/[，,\s]+/).filter(Boolean),
          onlineUrl: f.onlineUrl.trim(),
          cityWide: f.cityWide,
          related,
        },
      })
      setErrors({})
      setNote(`已保存，第${saved.version}版`)
      void Taro.showToast({ title: '已保存', icon: 'success' })
      if (id) void history.reload()
    } catch (e) {
      setErrors(fieldErrorsOf(e) ?? {})
      setNote(errorText(e))
    }
  }

  const field = (label: string, k: keyof typeof f, long = false) => (
    <View className="bk-row" style={{ flexDirection: 'column' }}>
      <Text className="bk-label">{label}</Text>
      {long ? (
        <Textarea
          className="bk-input"
          value={String(f[k])}
          aria-label={label}
          placeholder={label}
          {...({ nativeProps: { 'aria-label': label } } as object)}
          autoHeight
          maxlength={2000}
          onInput={set(k)}
        />
      ) : (
        <Input
          className="bk-input"
          value={String(f[k])}
          aria-label={label}
          placeholder={label}
          onInput={set(k)}
          {...({ nativeProps: { 'aria-label': label } } as object)}
        />
      )}
    </View>
  )

  return (
    <PageShell className="bookings-item-edit">
      <PageHero
        title={id ? `编辑：${f.name}` : '新增事项'}
        subtitle={version ? <>当前第{version}版</> : undefined}
      />
      <View className="card">
        {field('事项名称', 'name')}
        {field('大类', 'category')}
        {field('小类', 'subcategory')}
        {field('通俗说明', 'summary', true)}
        {field('办理条件（每行一条）', 'eligibility', true)}
        {field('收费', 'fees')}
        {field('办理时限', 'processingTime')}
        {field('网上办理网址', 'onlineUrl')}
        {field('搜索别名（逗号分隔）', 'keywords')}
        <View className="bk-row" style={{ flexDirection: 'column' }}>
          <Text className="bk-label" id="item-city-wide">
            全市通办（在全市任一服务中心都能办）
          </Text>
          <RadioChips
            labelledBy="item-city-wide"
            idPrefix="item-city-wide"
            options={[
              { value: 'yes', label: '是' },
              { value: 'no', label: '否' },
            ]}
            value={f.cityWide ? 'yes' : 'no'}
            onChange={(v) => setF((x) => ({ ...x, cityWide: v === 'yes' }))}
          />
        </View>
      </View>
      <MaterialsEditor
        rows={materials}
        onChange={setMaterials}
        errors={errors}
        errorPrefix="fields.materials"
      />
      {note && (
        <View className="bk-warn" role="status">
          {note}
        </View>
      )}
      <Button type="primary" size="large" block onClick={() => void save()}>
        保存
      </Button>
      {history.state.status === 'ready' && history.state.data && history.state.data.versions.length > 0 && (
        <Section title="历史版本">
          {history.state.data.versions.map((v) => (
            <View key={v.version} className="card">
              <Text className="card__title">
                第{v.version}版 · {v.savedOn} {v.savedBy ?? ''}
              </Text>
              <Text className="card__meta">{v.fields.summary}</Text>
              <Text className="card__meta">材料：{v.fields.materials.map((m) => m.name).join('、')}</Text>
            </View>
          ))}
        </Section>
      )}
    </PageShell>
  )
}
