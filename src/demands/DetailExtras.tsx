import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { DemandDetail } from '../../types/demands'
import { call, newRequestId } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { Section, StatusTag } from '@/shared/ui'
import { when } from './format'

/** Where the problem is and who else met it, under the text. */
export function PlaceLine({ d }: { d: DemandDetail }) {
  const bits = [
    d.placeLabel ? `地点：${d.placeLabel}` : '',
    d.visibility === 'public' ? '邻居可见' : '',
    d.joinCount ? `${d.joinCount}位邻居也遇到了` : '',
  ].filter(Boolean)
  if (bits.length === 0) return null
  return <Text className="card__meta demand-place-line">{bits.join(' · ')}</Text>
}

/** A neighbour's public case: what they may do is say 我也遇到了 (once) and follow it. */
export function NeighbourJoin({ d, onDone }: { d: DemandDetail; onDone: () => void }) {
  const open = ['pending', 'in_progress', 'meeting', 'escalated'].includes(d.status)
  const requestId = useRef(newRequestId())
  const [sending, join] = useSubmit(async () => {
    const r = await call('demands', 'join', { id: d.id, clientRequestId: requestId.current })
    void Taro.showToast({ title: r.joined ? '已记下，办理进展会告诉您' : '您已经加入过了', icon: 'none' })
    onDone()
  })
  return (
    <Section title="邻居反映的问题">
      <View className="demand-field">
        <Text className="card__meta">为保护隐私，已隐去反映人的姓名、电话和照片。</Text>
        {d.following ? (
          <Text className="card__body">您也遇到了这个问题，办理进展会告诉您。</Text>
        ) : open ? (
          <Button
            className="demand-join"
            type="primary"
            size="large"
            block
            loading={sending}
            disabled={sending}
            onClick={() => void join()}
          >
            我也遇到了
          </Button>
        ) : null}
      </View>
    </Section>
  )
}

/** Sub-items (分项办理) as the resident sees them: each part, who handles it, and how far it is. */
export function SubItemList({ d }: { d: DemandDetail }) {
  if (!d.subItems?.length) return null
  return (
    <Section
      title={`分项办理（${d.subItems.filter((s) => s.status === 'done').length}/${d.subItems.length}项已完成）`}
    >
      <View className="demand-field">
        {d.subItems.map((s, i) => (
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
          </View>
        ))}
      </View>
    </Section>
  )
}

/** 申请重新办理: within 7 days of the answer or of the rating, with a reason, after a confirmation. */
export function Reopen({ d, onDone }: { d: DemandDetail; onDone: () => void }) {
  const [reason, setReason] = useState('')
  const [open, setOpen] = useState(false)
  const requestId = useRef(newRequestId())
  const [sending, reopen] = useSubmit(async () => {
    await call('demands', 'reopen', { id: d.id, reason: reason.trim(), clientRequestId: requestId.current })
    void Taro.showToast({ title: '已退回给负责人重新办理', icon: 'none' })
    onDone()
  })
  async function send() {
    if (reason.trim().length < 5)
      return void Taro.showToast({ title: '请说说为什么要重新办理，至少5个字', icon: 'none' })
    const ok = await Taro.showModal({
      title: '确认申请重新办理？',
      content: '这件事会退回给负责人重新办理，处理结果会再通知您。',
      confirmText: '确认',
    })
    if (!ok.confirm) return
    await reopen()
  }
  if (!d.canReopen) return null
  return (
    <Section title="问题没解决？">
      <View className="demand-field">
        <Text className="card__meta">
          {d.reopenUntil ? `${when(d.reopenUntil)}前` : '7天内'}可以申请重新办理。
        </Text>
        {open ? (
          <>
            <Textarea
              className="demand-textarea"
              value={reason}
              maxlength={300}
              placeholder="比如：灯修好两天又不亮了"
              onInput={(e) => setReason(e.detail.value)}
              {...({ 'aria-label': '重新办理的原因' } as object)}
            />
            <Button
              className="demand-reopen-submit"
              type="primary"
              size="large"
              block
              loading={sending}
              disabled={sending}
              onClick={() => void send()}
            >
              提交，重新办理
            </Button>
          </>
        ) : (
          <Button className="demand-reopen" size="large" block onClick={() => setOpen(true)}>
            申请重新办理
          </Button>
        )}
      </View>
    </Section>
  )
}
