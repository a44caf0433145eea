import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { MAX_SUB_ITEMS, type DemandDetail } from '../../../../types/demands'
import { call, newRequestId } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { Section, StatusTag } from '@/shared/ui'
import { when } from '@/demands/format'

interface Draft {
  title: string
  holder: string
}
const EMPTY: Draft = { title: '', holder: '' }

/**
 * 分项办理: split a case into parts for different people or departments (物业、城管…), each finished on its
 * own; the case is resolved, and the resident told, when the last part is done.
 */
export function SubItems({ d, onDone }: { d: DemandDetail; onDone: () => void }) {
  const open = ['pending', 'in_progress', 'meeting', 'escalated'].includes(d.status)
  const items = d.subItems ?? []
  const [drafts, setDrafts] = useState<Draft[]>([])
  const [results, setResults] = useState<Record<string, string>>({})
  const room = MAX_SUB_ITEMS - items.length - drafts.length

  const [splitting, split] = useSubmit(async () => {
    const clean = drafts.map((x) => ({ title: x.title.trim(), holder: x.holder.trim() }))
    if (clean.some((x) => x.title.length < 2 || x.holder.length < 2))
      return void Taro.showToast({ title: '每个分项都要写清做什么、谁负责', icon: 'none' })
    await call('demands', 'split', { id: d.id, items: clean, clientRequestId: newRequestId() })
    setDrafts([])
    void Taro.showToast({ title: '已拆分，居民会收到通知', icon: 'none' })
    onDone()
  })
  const [finishing, finish] = useSubmit(async (subItemId: string, last: boolean) => {
    const result = (results[subItemId] ?? '').trim()
    if (result.length < 2) return void Taro.showToast({ title: '请写下这一项的办理结果', icon: 'none' })
    if (last) {
      const ok = await Taro.showModal({
        title: '这是最后一项',
        content: '办完后整件诉求就算办结，居民会收到通知并评价。',
        confirmText: '确认办结',
      })
      if (!ok.confirm) return
    }
    await call('demands', 'finishSubItem', { id: d.id, subItemId, result, clientRequestId: newRequestId() })
    void Taro.showToast({ title: last ? '全部分项已办完，诉求已办结' : '这一项已办完', icon: 'none' })
    onDone()
  })
  const openCount = items.filter((s) => s.status === 'open').length

  if (!open && items.length === 0) return null
  return (
    <Section
      title={items.length ? `分项办理（${items.length - openCount}/${items.length}项已完成）` : '分项办理'}
    >
      <View className="demand-field">
        {items.length === 0 && (
          <Text className="card__meta">
            一件事要几方分头办时（比如物业修灯、城管清摊），拆成分项，各自办完后整件办结。
          </Text>
        )}
        {items.map((s, i) => (
          <View key={s.id} className="demand-subitem">
            <View className="demand-card__row">
              <StatusTag tone={s.status === 'done' ? 'done' : 'progress'}>{s.statusLabel}</StatusTag>
              <Text className="card__title">
                {i + 1}. {s.title}
              </Text>
            </View>
            <Text className="card__meta">
              负责：{s.holder}
              {s.doneAt ? ` · ${when(s.doneAt)} 完成` : ''}
            </Text>
            {s.result && <Text className="card__body">结果：{s.result}</Text>}
            {open && s.status === 'open' && (
              <>
                <Input
                  className="demand-input"
                  value={results[s.id] ?? ''}
                  maxlength={500}
                  placeholder="这一项的办理结果"
                  onInput={(e) => setResults((r) => ({ ...r, [s.id]: e.detail.value }))}
                  {...({ 'aria-label': `第${i + 1}项的办理结果` } as object)}
                />
                <Button
                  className="subitem-finish"
                  size="large"
                  disabled={finishing}
                  onClick={() => void finish(s.id, openCount === 1)}
                >
                  这一项办完了
                </Button>
              </>
            )}
          </View>
        ))}
        {open &&
          drafts.map((x, i) => (
            <View key={i} className="demand-subitem">
              <Input
                className="demand-input"
                value={x.title}
                maxlength={100}
                placeholder="要办的事，比如：更换路灯灯泡"
                onInput={(e) =>
                  setDrafts((all) => all.map((y, j) => (j === i ? { ...y, title: e.detail.value } : y)))
                }
                {...({ 'aria-label': `新分项${i + 1}：要办的事` } as object)}
              />
              <Input
                className="demand-input"
                value={x.holder}
                maxlength={30}
                placeholder="谁负责，比如：物业 李经理、城管"
                onInput={(e) =>
                  setDrafts((all) => all.map((y, j) => (j === i ? { ...y, holder: e.detail.value } : y)))
                }
                {...({ 'aria-label': `新分项${i + 1}：谁负责` } as object)}
              />
            </View>
          ))}
        {open && room > 0 && (
          <Button className="subitem-add" size="large" onClick={() => setDrafts((all) => [...all, EMPTY])}>
            {drafts.length || items.length ? '再加一项' : '拆分成几项分头办'}
          </Button>
        )}
        {open && drafts.length > 0 && (
          <Button
            className="subitem-save"
            type="primary"
            size="large"
            block
            loading={splitting}
            disabled={splitting}
            onClick={() => void split()}
          >
            保存分项（{drafts.length}项）
          </Button>
        )}
      </View>
    </Section>
  )
}
