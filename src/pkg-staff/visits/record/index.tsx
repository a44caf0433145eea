import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useMemo, useState } from 'react'
import { CATEGORY_LABEL, type DemandCategory } from '../../../../types/demands'
import { MODE_LABEL, TASK_LABEL, type VisitMode } from '../../../../types/visits'
import { ApiFailure, call, newRequestId, toastError } from '@/shared/api'
import { focusable, PageShell, Section, PageHero, RadioChips as KitRadioChips } from '@/shared/ui'
import { draftFor, dropDraft, saveDraft, type RecordDraft } from '../drafts'
import { backToHousehold } from '../nav'
import '../../../visits/visits.scss'

const CATEGORIES: DemandCategory[] = [
  'facilities',
  'sanitation',
  'property',
  'elderly',
  'neighbors',
  'policy',
  'other',
]
type Demand = { category: DemandCategory; text: string }
type Talent = { name: string; skills: string; phone: string; consent: boolean }

/**
 * 记录走访: the six tasks as a checklist with what each brought. Without a connection the visit is kept as
 * a draft on the phone (same clientRequestId) and submitted from the catalogue later.
 */
export default function RecordVisit() {
  const params = useRouter().params
  const householdId = decodeURIComponent(params.id ?? '')
  const address = decodeURIComponent(params.address ?? '')
  const earlier = useMemo(() => draftFor(householdId), [householdId])
  const [clientRequestId] = useState(() => earlier?.clientRequestId ?? newRequestId())
  const t0 = earlier?.tasks
  const [mode, setMode] = useState<VisitMode>(earlier?.mode ?? 'home')
  const [identity, setIdentity] = useState(t0?.showIdentity?.done ?? false)
  const [serviceOn, setServiceOn] = useState(t0?.deliverService?.done ?? false)
  const [service, setService] = useState(t0?.deliverService?.service ?? '')
  const [situationOn, setSituationOn] = useState(t0?.learnSituation?.done ?? false)
  const [changes, setChanges] = useState(t0?.learnSituation?.changes ?? '')
  const [publicizeOn, setPublicizeOn] = useState(t0?.publicize?.done ?? false)
  const [topic, setTopic] = useState(t0?.publicize?.topic ?? '')
  const [askOn, setAskOn] = useState(t0?.askDemands?.done ?? false)
  const [demands, setDemands] = useState<Demand[]>((t0?.askDemands?.demands as Demand[] | undefined) ?? [])
  const [talentOn, setTalentOn] = useState(t0?.discoverTalents?.done ?? false)
  const [talents, setTalents] = useState<Talent[]>(
    (t0?.discoverTalents?.talents ?? []).map((x) => ({
      name: x.name,
      skills: x.skills.join('、'),
      phone: x.phone ?? '',
      consent: true,
    })),
  )
  const [notes, setNotes] = useState(earlier?.notes ?? '')
  const [busy, setBusy] = useState(false)

  function input(): RecordDraft {
    return {
      householdId,
      address,
      savedAt: new Date().toISOString(),
      mode,
      notes,
      clientRequestId,
      visitedAt: earlier?.visitedAt,
      tasks: {
        showIdentity: { done: identity },
        deliverService: { done: serviceOn, service: serviceOn ? service.trim() || undefined : undefined },
        learnSituation: { done: situationOn, changes: situationOn ? changes.trim() || undefined : undefined },
        publicize: { done: publicizeOn, topic: publicizeOn ? topic.trim() || undefined : undefined },
        askDemands: { done: askOn || demands.length > 0, demands: demands.filter((d) => d.text.trim()) },
        discoverTalents: {
          done: talentOn || talents.length > 0,
          talents: talents.map((x) => ({
            name: x.name.trim(),
            skills: x.skills.split(/[、,，\s]+/).filter(Boolean),
            phone: x.phone.trim() || undefined,
            consent: x.consent as true,
          })),
        },
      },
    }
  }

  async function submit() {
    const draft = input()
    if (talents.some((x) => !x.consent)) {
      void Taro.showToast({ title: '登记能人前请先征得本人同意', icon: 'none' })
      return
    }
    setBusy(true)
    try {
      const { address: _a, savedAt: _s, ...body } = draft
      // When the visit happened: now, unless a draft says earlier.
      const r = await call('visits', 'record', {
        ...body,
        visitedAt: body.visitedAt ?? new Date().toISOString(),
      })
      dropDraft(clientRequestId)
      const extra = [
        r.demandIds.length ? `诉求${r.demandIds.length}条已转待办` : '',
        r.talentIds.length ? `能人${r.talentIds.length}位已入库` : '',
      ]
        .filter(Boolean)
        .join('，')
      await Taro.showToast({ title: extra ? `已记录，${extra}` : '走访已记录', icon: 'none', duration: 1500 })
      setTimeout(() => backToHousehold(householdId), 600)
    } catch (e) {
      if (e instanceof ApiFailure && e.code === 'NETWORK') {
        saveDraft({ ...draft, visitedAt: draft.visitedAt ?? new Date().toISOString() })
        void Taro.showModal({
          title: '网络不通',
          content: '走访已存成草稿，有网络后在走访目录里点“现在提交”。',
          showCancel: false,
        })
      } else toastError(e)
    } finally {
      setBusy(false)
    }
  }

  function keepDraft() {
    saveDraft({ ...input(), visitedAt: earlier?.visitedAt ?? new Date().toISOString() })
    void Taro.showToast({ title: '已存为草稿', icon: 'success' })
  }

  return (
    <PageShell className="visits-record">
      <PageHero
        title={address || '记录走访'}
        subtitle={earlier ? '继续填写上次保存的草稿' : '逐项勾选完成的任务，写清内容'}
      />

      <Section title="走访方式">
        <KitRadioChips
          label="走访方式"
          idPrefix="mode"
          options={(['home', 'phone', 'online'] as VisitMode[]).map((m) => ({
            value: m,
            label: MODE_LABEL[m],
            className: 'visits-chip',
          }))}
          value={mode}
          onChange={setMode}
        />
      </Section>

      <Section title="六项任务">
        <View className="card">
          <Check
            id="task-showIdentity"
            on={identity}
            set={setIdentity}
            label={TASK_LABEL.showIdentity}
            hint="出示工作证，介绍自己是块长"
          />
          <Check
            id="task-deliverService"
            on={serviceOn}
            set={setServiceOn}
            label={TASK_LABEL.deliverService}
          />
          {serviceOn && (
            <Field id="service" value={service} set={setService} placeholder="送上了什么服务，如：测量血压" />
          )}
          <Check
            id="task-learnSituation"
            on={situationOn}
            set={setSituationOn}
            label={TASK_LABEL.learnSituation}
          />
          {situationOn && (
            <Field id="changes" value={changes} set={setChanges} placeholder="家里有什么变化（可不填）" />
          )}
          <Check id="task-publicize" on={publicizeOn} set={setPublicizeOn} label={TASK_LABEL.publicize} />
          {publicizeOn && (
            <Field id="topic" value={topic} set={setTopic} placeholder="宣传了什么，如：垃圾分类" />
          )}
          <Check id="task-askDemands" on={askOn} set={setAskOn} label={TASK_LABEL.askDemands} />
          {askOn && (
            <View className="visits-field">
              {demands.map((d, i) => (
                <View key={i} className="visits-sub">
                  <KitRadioChips
                    label={`第${i + 1}件诉求的类别`}
                    options={CATEGORIES.map((c) => ({
                      value: c,
                      label: CATEGORY_LABEL[c],
                      className: 'visits-chip',
                    }))}
                    value={d.category}
                    onChange={(c) => setDemands(demands.map((x, j) => (j === i ? { ...x, category: c } : x)))}
                  />
                  <Textarea
                    id={`demand-${i}`}
                    className="visits-textarea"
                    value={d.text}
                    maxlength={1000}
                    placeholder="居民反映的问题，写清楚在哪、什么事"
                    onInput={(e) =>
                      setDemands(demands.map((x, j) => (j === i ? { ...x, text: e.detail.value } : x)))
                    }
                  />
                  <Text
                    className="link"
                    {...focusable}
                    onClick={() => setDemands(demands.filter((_, j) => j !== i))}
                  >
                    删除这条
                  </Text>
                </View>
              ))}
              {demands.length < 5 && (
                <Button
                  id="add-demand"
                  size="small"
                  onClick={() => setDemands([...demands, { category: 'other', text: '' }])}
                >
                  ＋ 记一条诉求
                </Button>
              )}
            </View>
          )}
          <Check
            id="task-discoverTalents"
            on={talentOn}
            set={setTalentOn}
            label={TASK_LABEL.discoverTalents}
          />
          {talentOn && (
            <View className="visits-field">
              {talents.map((x, i) => {
                const upd = (p: Partial<Talent>) =>
                  setTalents(talents.map((y, j) => (j === i ? { ...y, ...p } : y)))
                return (
                  <View key={i} className="visits-sub">
                    <Input
                      id={`talent-name-${i}`}
                      className="visits-input"
                      value={x.name}
                      placeholder="姓名"
                      onInput={(e) => upd({ name: e.detail.value })}
                    />
                    <Input
                      id={`talent-skills-${i}`}
                      className="visits-input"
                      value={x.skills}
                      placeholder="特长，如：理发、水电维修"
                      onInput={(e) => upd({ skills: e.detail.value })}
                    />
                    <Input
                      id={`talent-phone-${i}`}
                      className="visits-input"
                      type="number"
                      value={x.phone}
                      placeholder="手机号（可不填）"
                      onInput={(e) => upd({ phone: e.detail.value })}
                    />
                    <Check
                      id={`talent-consent-${i}`}
                      on={x.consent}
                      set={(v) => upd({ consent: v })}
                      label="本人同意加入能人库"
                    />
                  </View>
                )
              })}
              {talents.length < 5 && (
                <Button
                  id="add-talent"
                  size="small"
                  onClick={() =>
                    setTalents([...talents, { name: '', skills: '', phone: '', consent: false }])
                  }
                >
                  ＋ 登记一位能人
                </Button>
              )}
            </View>
          )}
        </View>
      </Section>

      <Section title="备注">
        <Textarea
          id="notes"
          className="visits-textarea"
          value={notes}
          maxlength={1000}
          placeholder="其他情况（可不填）"
          onInput={(e) => setNotes(e.detail.value)}
        />
      </Section>

      <View className="visits-actions">
        <Button id="submit-visit" type="primary" size="large" loading={busy} onClick={() => void submit()}>
          提交走访记录
        </Button>
        <Button size="large" onClick={keepDraft}>
          先存草稿
        </Button>
      </View>
    </PageShell>
  )
}

function Check({
  id,
  on,
  set,
  label,
  hint,
}: {
  id: string
  on: boolean
  set: (v: boolean) => void
  label: string
  hint?: string
}) {
  return (
    <View
      id={id}
      className="visits-task"
      role="checkbox"
      aria-checked={on}
      aria-label={label}
      {...focusable}
      onClick={() => set(!on)}
    >
      <View className={`visits-check${on ? ' visits-check--on' : ''}`} aria-hidden="true">
        <Text>{on ? '✓' : ''}</Text>
      </View>
      <View className="tile__body">
        <Text className="tile__title">{label}</Text>
        {hint && <Text className="tile__description">{hint}</Text>}
      </View>
    </View>
  )
}

function Field({
  id,
  value,
  set,
  placeholder,
}: {
  id: string
  value: string
  set: (v: string) => void
  placeholder: string
}) {
  return (
    <View className="visits-field">
      <Input
        id={id}
        className="visits-input"
        value={value}
        placeholder={placeholder}
        onInput={(e) => set(e.detail.value)}
      />
    </View>
  )
}
