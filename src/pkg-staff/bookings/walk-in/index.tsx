import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import type { ItemSummary } from '../../../../types/bookings'
import { call, errorText, newRequestId } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { EmptyState, PageHero, PageShell, QueryView, RadioChips, Section } from '@/shared/ui'
import '../../../bookings/bookings.scss'
import './walk-in.scss'

const MAX_ITEMS = 5
const ALL = '全部'

/**
 * 现场取号: the clerk finds the resident's business among ALL items — by words, by pinyin (juzhu) or its
 * initials (jzz), or by category — ticks up to five and registers the walk-in. Search runs in the function,
 * so the app ships no pinyin dictionary.
 */
export default function WalkIn() {
  const all = useQuery(() => call('bookings', 'items', {}))
  const [keyword, setKeyword] = useState('')
  const [category, setCategory] = useState(ALL)
  const [found, setFound] = useState<ItemSummary[] | null>(null)
  const [picked, setPicked] = useState<ItemSummary[]>([])
  const [name, setName] = useState('')
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const requestId = useRef(newRequestId())

  useEffect(() => {
    const k = keyword.trim()
    if (!k) return setFound(null)
    const timer = setTimeout(() => {
      call('bookings', 'items', { keyword: k }).then(
        (r) => setFound(r.items),
        (e) => setNote(errorText(e)),
      )
    }, 300)
    return () => clearTimeout(timer)
  }, [keyword])

  const toggle = (i: ItemSummary) => {
    setNote('')
    if (picked.some((p) => p.id === i.id)) return setPicked(picked.filter((p) => p.id !== i.id))
    if (picked.length >= MAX_ITEMS) return setNote(`一次最多办理${MAX_ITEMS}项`)
    setPicked([...picked, i])
  }

  async function register() {
    if (picked.length === 0) return setNote('请先选择要办的事项')
    setBusy(true)
    try {
      const row = await call('bookings', 'walkIn', {
        itemIds: picked.map((p) => p.id),
        residentName: name.trim() || undefined,
        clientRequestId: requestId.current,
      })
      requestId.current = newRequestId()
      void Taro.showToast({ title: `已取号 ${row.number}`, icon: 'success' })
      setNote(`已登记：${row.itemNames.join('、')}，号码 ${row.number}`)
      setPicked([])
      setName('')
      setTimeout(() => void Taro.navigateBack().catch(() => undefined), 800)
    } catch (e) {
      setNote(errorText(e))
    } finally {
      setBusy(false)
    }
  }

  return (
    <PageShell className="bookings-walk-in">
      <PageHero title="现场取号" subtitle="没有预约、直接来办事的居民" />
      <Input
        className="bk-input walkin-search"
        value={keyword}
        placeholder="搜事项：如 居住证、jzz、juzhu"
        aria-label="搜索事项"
        onInput={(e) => setKeyword(e.detail.value)}
      />
      <QueryView query={all}>
        {(data) => {
          const list = (found ?? data.items).filter((i) => category === ALL || i.category === category)
          return (
            <View>
              {!found && (
                <RadioChips
                  label="按大类看"
                  idPrefix="walkin-cat"
                  options={[ALL, ...data.categories.map((c) => c.name)].map((c) => ({ value: c, label: c }))}
                  value={category}
                  onChange={setCategory}
                />
              )}
              <View className="card__meta walkin-count" role="status">
                {found ? `找到 ${list.length} 项` : `共 ${list.length} 项`}
                {picked.length > 0 ? `，已选 ${picked.length} 项` : ''}
              </View>
              {list.length === 0 ? (
                <EmptyState title="没有找到这个事项" description="换个说法试试，或用拼音首字母" />
              ) : (
                <View role="group" aria-label="办理事项">
                  {list.map((i) => {
                    const on = picked.some((p) => p.id === i.id)
                    return (
                      <View
                        key={i.id}
                        id={`walkin-${i.id}`}
                        className={`card walkin-item ${on ? 'walkin-item--on' : ''}`}
                        role="checkbox"
                        aria-checked={on}
                        aria-label={`${i.name}，${i.category}`}
                        onClick={() => toggle(i)}
                        {...({
                          tabIndex: 0,
                          onKeyDown: (e: { key?: string; preventDefault?: () => void }) => {
                            if (e.key !== 'Enter' && e.key !== ' ') return
                            e.preventDefault?.()
                            toggle(i)
                          },
                        } as object)}
                      >
                        <Text className="walkin-item__check" aria-hidden="true">
                          {on ? '☑' : '☐'}
                        </Text>
                        <View className="walkin-item__text">
                          <Text className="card__title">{i.name}</Text>
                          <Text className="card__meta">
                            {i.category}
                            {i.subcategory ? ` · ${i.subcategory}` : ''}
                          </Text>
                        </View>
                      </View>
                    )
                  })}
                </View>
              )}
            </View>
          )
        }}
      </QueryView>
      <Section title="登记">
        {picked.length > 0 && (
          <Text className="card__meta">要办：{picked.map((p) => p.name).join('、')}</Text>
        )}
        <Input
          className="bk-input"
          value={name}
          placeholder="居民姓名（可不填）"
          aria-label="居民姓名"
          maxlength={20}
          onInput={(e) => setName(e.detail.value)}
        />
        {note && (
          <View className="bk-warn" role="status">
            {note}
          </View>
        )}
        <Button
          type="primary"
          size="large"
          block
          loading={busy}
          className="walkin-submit"
          onClick={() => void register()}
        >
          登记现场取号
        </Button>
      </Section>
    </PageShell>
  )
}
