import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import { DEFAULT_QUESTIONS } from '../../../../types/visits'
import { call, newRequestId } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { PageShell, Section, PageHero } from '@/shared/ui'
import '../../../visits/visits.scss'
import { backToHousehold } from '../nav'

/** 发起线上走访: a short greeting and two questions to the family's phones; their answer counts as a visit. */
export default function SendOnline() {
  const params = useRouter().params
  const householdId = decodeURIComponent(params.id ?? '')
  const address = decodeURIComponent(params.address ?? '')
  const [message, setMessage] = useState(
    '您好，我是您家所在片区的块长。最近家里一切都好吗？有需要随时告诉我。',
  )
  const [clientRequestId] = useState(newRequestId)
  const [busy, send] = useSubmit(async () => {
    const r = await call('visits', 'sendOnline', { householdId, message, clientRequestId })
    await Taro.showToast({ title: `已发给${r.recipients}位家人`, icon: 'success' })
    setTimeout(() => backToHousehold(householdId), 600)
  })

  return (
    <PageShell className="visits-online">
      <PageHero
        title={<>线上走访 {address}</>}
        subtitle="适合不方便上门的家庭：消息会发到家人的微信，他们在“我的”里回复"
      />
      <Section title="问候">
        <Textarea
          id="online-message"
          className="visits-textarea"
          value={message}
          maxlength={200}
          placeholder="写几句问候"
          onInput={(e) => setMessage(e.detail.value)}
        />
      </Section>
      <Section title="会一起问">
        <View className="card">
          {DEFAULT_QUESTIONS.map((q) => (
            <Text key={q} className="card__meta">
              · {q}
            </Text>
          ))}
        </View>
      </Section>
      <View className="visits-actions">
        <Button
          id="send-online-confirm"
          type="primary"
          size="large"
          loading={busy}
          onClick={() => void send()}
        >
          发送
        </Button>
      </View>
    </PageShell>
  )
}
