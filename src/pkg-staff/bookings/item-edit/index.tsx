import { Input, Switch, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import { call, errorText } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { PageShell, Section, PageHero } from '@/shared/ui'
import { FORM_LABEL } from '../../../bookings/routes'
import '../../../bookings/bookings.scss'

type Form = 'original' | 'copy' | 'both'
const FORM_OF: Record<string, Form> = { 原件: 'original', 复印件: 'copy', 原件和复印件: 'both' }

/** Materials as lines a clerk can type: `名称|原件|1|备注`. */
const toLines = (ms: { name: string; form: Form; count: number; notes: string }[]) =>
  ms.map((m) => [m.name, FORM_LABEL[m.form], m.count, m.notes].join('|')).join('\n')
const fromLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [name, form = '原件', count = '1', notes = ''] = l.split('|').map((x) => x.trim())
      return { name, form: FORM_OF[form] ?? 'original', count: Math.max(1, Number(count) || 1), notes }
    })

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
    materials: '',
    eligibility: '',
    keywords: '',
    onlineUrl: '',
    cityWide: true,
  })
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
      materials: toLines(current.materials),
      eligibility: current.eligibility.join('\n'),
      keywords: current.keywords.join('，'),
      onlineUrl: current.onlineUrl,
      cityWide: current.cityWide,
    })
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
          materials: fromLines(f.materials),
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
      setNote(`已保存，第${saved.version}版`)
      void Taro.showToast({ title: '已保存', icon: 'success' })
      if (id) void history.reload()
    } catch (e) {
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
          autoHeight
          maxlength={2000}
          onInput={set(k)}
        />
      ) : (
        <Input className="bk-input" value={String(f[k])} aria-label={label} onInput={set(k)} />
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
        {field('材料（每行一项：名称|原件/复印件/原件和复印件|份数|备注）', 'materials', true)}
        {field('办理条件（每行一条）', 'eligibility', true)}
        {field('收费', 'fees')}
        {field('办理时限', 'processingTime')}
        {field('网上办理网址', 'onlineUrl')}
        {field('搜索别名（逗号分隔）', 'keywords')}
        <View className="bk-row">
          <Text className="bk-label">全市通办</Text>
          <Switch checked={f.cityWide} onChange={set('cityWide')} />
        </View>
      </View>
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
