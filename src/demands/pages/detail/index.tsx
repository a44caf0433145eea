import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { SATISFACTION_LABEL, Satisfaction, type DemandDetail } from '../../../../types/demands'
import { call, newRequestId } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import {
  Heading,
  PageShell,
  QueryView,
  RadioChips,
  Section,
  StatusTag,
  demandTone,
  goHome,
} from '@/shared/ui'
import { ROUTES } from '@/shared/routes'
import { dueText, when } from '../../format'
import { DemandPhotos } from '../../Photos'
import { Timeline } from '../../Timeline'
import { NeighbourJoin, PlaceLine, Reopen, SubItemList } from '../../DetailExtras'
import '../../demands.scss'

/** 诉求详情: what I asked, who has it, every step so far, and — once answered — my rating. */
export default function DemandDetailPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const query = useQuery(() => call('demands', 'get', { id }))
  const submitted = params.submitted === '1'
  return (
    <PageShell className="demands-detail">
      {submitted && <Submitted />}
      <QueryView query={query}>{(d) => <Detail d={d} onChanged={() => void query.reload()} />}</QueryView>
    </PageShell>
  )
}

function Detail({ d, onChanged }: { d: DemandDetail; onChanged: () => void }) {
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
          {d.reopened && <StatusTag tone="overdue">重新办理</StatusTag>}
          {due && <Text className={`demand-due ${d.overdue ? 'demand-due--warn' : ''}`}>{due}</Text>}
        </View>
      </View>
      {d.neighbour && <NeighbourJoin d={d} onDone={onChanged} />}
      <Section title={d.neighbour ? '问题' : '我反映的问题'}>
        <View className="demand-field">
          <Text className="card__body">{d.text}</Text>
          <Text className="card__meta">
            {when(d.submittedAt)} 提交 · 负责人：{d.assigneeName}
          </Text>
          <PlaceLine d={d} />
          <DemandPhotos photos={d.photos} />
        </View>
      </Section>
      <SubItemList d={d} />
      {d.investigation && (
        <Section title="调研情况">
          <View className="demand-field">
            <Text className="card__body">了解到：{d.investigation.findings}</Text>
            <Text className="card__body">联系了：{d.investigation.contacted}</Text>
            <Text className="card__body">不能办理的原因：{d.investigation.reason}</Text>
          </View>
        </Section>
      )}
      {d.canRate && <Rate id={d.id} onDone={onChanged} />}
      {d.rating && (
        <Section title="我的评价">
          <View className="demand-field">
            <Text className="card__body">
              {SATISFACTION_LABEL[d.rating.level]}
              {d.rating.comment ? `：${d.rating.comment}` : ''}
            </Text>
          </View>
        </Section>
      )}
      <Reopen d={d} onDone={onChanged} />
      <Timeline d={d} />
    </View>
  )
}

/** Just submitted (the submit page replaced itself with this one): say so, and offer the way on. */
function Submitted() {
  return (
    <View className="card demand-submitted" role="status">
      <Text className="card__title">✓ 已提交，工作人员会在24小时内回复您</Text>
      <View className="demand-actions demand-submitted__actions">
        <Button className="demand-home" type="primary" size="large" onClick={goHome}>
          回到首页
        </Button>
        <Button
          className="demand-mine"
          fill="outline"
          size="large"
          onClick={() => void Taro.switchTab({ url: ROUTES.demands })}
        >
          看我的诉求
        </Button>
      </View>
    </View>
  )
}

function Rate({ id, onDone }: { id: string; onDone: () => void }) {
  const [level, setLevel] = useState<Satisfaction | null>(null)
  const [comment, setComment] = useState('')
  const requestId = useRef(newRequestId())
  const [sending, rate] = useSubmit(async (level: Satisfaction) => {
    await call('demands', 'rate', {
      id,
      level,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
      clientRequestId: requestId.current,
    })
    void Taro.showToast({
      title: level === 'dissatisfied' ? '已退回重新办理' : '谢谢您的评价',
      icon: 'none',
    })
    onDone()
  })
  async function send() {
    if (!level) return
    if (level === 'dissatisfied') {
      const ok = await Taro.showModal({
        title: '确认不满意？',
        content: '选择不满意后，这件事会退回给负责人重新办理。',
        confirmText: '确认',
      })
      if (!ok.confirm) return
    }
    await rate(level)
  }
  return (
    <Section title="请您评价这次办理">
      <View className="demand-field">
        <RadioChips
          label="满意程度"
          options={Satisfaction.options.map((l) => ({
            value: l,
            label: SATISFACTION_LABEL[l],
            className: `demand-chip demand-rate-${l}`,
          }))}
          value={level}
          onChange={setLevel}
        />
        <Textarea
          className="demand-textarea"
          value={comment}
          maxlength={300}
          placeholder="还想说点什么（可不填）"
          onInput={(e) => setComment(e.detail.value)}
        />
        <Button
          className="demand-rate-submit"
          type="primary"
          size="large"
          block
          disabled={!level || sending}
          loading={sending}
          onClick={() => void send()}
        >
          提交评价
        </Button>
      </View>
    </Section>
  )
}
