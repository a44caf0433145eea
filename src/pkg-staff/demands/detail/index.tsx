import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { DemandDetail } from '../../../../types/demands'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { Heading, PageShell, QueryView, Section, focusable, StatusTag, demandTone } from '@/shared/ui'
import { dueText, staffDetailUrl, when } from '@/demands/format'
import { DemandPhotos } from '@/demands/Photos'
import { Timeline } from '@/demands/Timeline'
import { SubItems } from './SubItems'
import { actsFor, CaseFacts, TransferPicker, type Act, type TransferTarget } from './desk'
import '../../../demands/demands.scss'

/** 办理诉求: the case, the resident's household, similar open cases, the timeline, and every action. */
export default function StaffDemand() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const query = useQuery(() => call('demands', 'get', { id }))
  return (
    <PageShell className="demands-staff-detail">
      <QueryView query={query}>{(d) => <Body d={d} reload={() => void query.reload()} />}</QueryView>
    </PageShell>
  )
}

function Body({ d, reload }: { d: DemandDetail; reload: () => void }) {
  const open = ['pending', 'in_progress', 'meeting', 'escalated'].includes(d.status)
  const due = dueText(d)
  return (
    <View>
      <View className="page-hero">
        <Heading level={1} className="page-hero__title">
          {d.categoryLabel}
        </Heading>
        <View className="demand-card__row">
          <StatusTag tone={demandTone(d.status, d.overdue)} className="demand-status">
            {d.statusLabel}
          </StatusTag>
          {d.reopened && <StatusTag tone="overdue">居民不满意，重新办理</StatusTag>}
          {due && (
            <Text className={`demand-due ${d.overdue || d.dueSoon ? 'demand-due--warn' : ''}`}>{due}</Text>
          )}
        </View>
        {d.dueAt && <Text className="page-hero__subtitle demand-due-at">截止时间：{when(d.dueAt)}</Text>}
      </View>
      <Section title="居民反映">
        <View className="demand-field">
          <Text className="card__body">{d.text}</Text>
          <Text className="card__meta">
            {[
              d.residentName,
              d.placeLabel ?? d.building,
              `${when(d.submittedAt)} 提交`,
              `负责人：${d.assigneeName}`,
              d.visibility === 'public' ? '邻居可见' : '',
              d.joinCount ? `${d.joinCount}位邻居也遇到了` : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
          {d.householdId && (
            <Text
              className="link"
              onClick={() =>
                void Taro.navigateTo({
                  url: `/pkg-staff/visits/household/index?id=${encodeURIComponent(d.householdId!)}`,
                })
              }
            >
              查看这户的家庭档案
            </Text>
          )}
          <DemandPhotos photos={d.photos} />
        </View>
      </Section>
      <CaseFacts d={d} />
      <SubItems d={d} onDone={reload} />
      {open && <Actions d={d} onDone={reload} />}
      {open && d.similar && d.similar.length > 0 && (
        <Section title="同片区同类未办结诉求（可能是同一件事）">
          {d.similar.map((s) => (
            <View key={s.id} className="card demand-card">
              <Text
                className="card__body"
                onClick={() => void Taro.navigateTo({ url: staffDetailUrl(s.id) })}
              >
                {s.text}
              </Text>
              <Text className="card__meta">
                {s.residentName} · {when(s.submittedAt)} · {s.statusLabel}
              </Text>
              <Button size="small" onClick={() => void linkDuplicate(d.id, s.id, reload)}>
                把本件合并到这件
              </Button>
            </View>
          ))}
        </Section>
      )}
      <Timeline d={d} />
    </View>
  )
}

async function linkDuplicate(id: string, duplicateOfId: string, done: () => void) {
  const ok = await Taro.showModal({
    title: '合并为同一件事？',
    content: '本件会关闭，居民会收到通知，跟着那件一起办理。',
    confirmText: '合并',
  })
  if (!ok.confirm) return
  try {
    await call('demands', 'linkDuplicate', { id, duplicateOfId, clientRequestId: newRequestId() })
    done()
  } catch (e) {
    toastError(e)
  }
}

function Actions({ d, onDone }: { d: DemandDetail; onDone: () => void }) {
  const acts = actsFor(d)
  const [picked, setAct] = useState<Act>(acts[0].key)
  // A case that moved on (to a department, back from one) may no longer offer the step picked before.
  const act = acts.some((a) => a.key === picked) ? picked : acts[0].key
  const [target, setTarget] = useState<TransferTarget | null>(null)
  const [text, setText] = useState('')
  const [contacted, setContacted] = useState('')
  const [reason, setReason] = useState('')
  const [extra, setExtra] = useState('')
  const requestId = useRef(newRequestId())
  const spec = acts.find((a) => a.key === act)!

  const [sending, submit] = useSubmit(async () => {
    const base = { id: d.id, clientRequestId: requestId.current }
    if (act === 'reply') await call('demands', 'reply', { ...base, text })
    if (act === 'resolve') await call('demands', 'resolve', { ...base, result: text })
    if (act === 'escalate') await call('demands', 'escalate', { ...base, note: text })
    if (act === 'toMeeting')
      await call('demands', 'toMeeting', { ...base, meetingDate: extra, ...(text ? { note: text } : {}) })
    if (act === 'markMicroMatter')
      await call('demands', 'markMicroMatter', {
        ...base,
        proposal: text,
        ...(extra ? { budgetYuan: Number(extra) } : {}),
      })
    if (act === 'transfer') {
      if (!target) throw new Error('请先选择转给谁')
      const to = target.slice(2)
      await call('demands', 'transfer', {
        ...base,
        ...(target.startsWith('d:') ? { toDepartmentId: to } : { toOpenid: to }),
        reason: text,
      })
    }
    if (act === 'departmentAnswer') await call('demands', 'departmentAnswer', { ...base, answer: text })
    if (act === 'sendBack') await call('demands', 'sendBack', { ...base, instructions: text })
    if (act === 'reject')
      await call('demands', 'reject', { ...base, investigation: { findings: text, contacted, reason } })
    requestId.current = newRequestId()
    setText('')
    setContacted('')
    setReason('')
    setExtra('')
    setTarget(null)
    void Taro.showToast({ title: '已提交', icon: 'success' })
    onDone()
  })

  async function send() {
    if (act === 'transfer' && !target) {
      void Taro.showToast({ title: '请先选择转给谁', icon: 'none' })
      return
    }
    const destructive = act === 'resolve' || act === 'reject' || act === 'transfer' || act === 'sendBack'
    if (destructive) {
      const ok = await Taro.showModal({
        title: `确认${spec.label}？`,
        content: '提交后居民会收到通知。',
        confirmText: '确认',
      })
      if (!ok.confirm) return
    }
    await submit()
  }

  return (
    <Section title="办理">
      <View className="demand-field demand-chips" role="tablist" aria-label="选择办理方式">
        {acts.map((a) => (
          <View
            key={a.key}
            role="tab"
            aria-selected={act === a.key}
            {...focusable}
            className={`demand-chip demand-act-${a.key} ${act === a.key ? 'demand-chip--on' : ''}`}
            onClick={() => setAct(a.key)}
          >
            <Text>{a.label}</Text>
          </View>
        ))}
      </View>
      <View className="demand-field">
        <Text className="demand-field__label">{act === 'reject' ? '调查了解的情况' : spec.hint}</Text>
        <Textarea
          className="demand-textarea demand-act-text"
          value={text}
          maxlength={1000}
          placeholder={spec.hint}
          onInput={(e) => setText(e.detail.value)}
        />
        {act === 'reject' && (
          <View>
            <Text className="demand-field__label">走访或联系了谁</Text>
            <Input
              className="demand-textarea"
              value={contacted}
              placeholder="如：物业公司、楼组长、当事居民"
              onInput={(e) => setContacted(e.detail.value)}
            />
            <Text className="demand-field__label">为什么办不了</Text>
            <Textarea
              className="demand-textarea"
              value={reason}
              maxlength={500}
              onInput={(e) => setReason(e.detail.value)}
            />
          </View>
        )}
        {act === 'toMeeting' && (
          <Input
            className="demand-textarea"
            value={extra}
            placeholder="例会日期，如 2026-12-01"
            onInput={(e) => setExtra(e.detail.value)}
          />
        )}
        {act === 'markMicroMatter' && (
          <Input
            className="demand-textarea"
            type="digit"
            value={extra}
            placeholder="预算金额（元，可不填）"
            onInput={(e) => setExtra(e.detail.value)}
          />
        )}
        {act === 'transfer' && <TransferPicker d={d} value={target} onChange={setTarget} />}
        <Button
          className="demand-act-submit"
          type="primary"
          size="large"
          block
          loading={sending}
          disabled={sending}
          onClick={() => void send()}
        >
          提交{spec.label}
        </Button>
      </View>
    </Section>
  )
}
