import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import {
  CHANNEL_LABEL,
  type ContactChannel,
  type OnlineAnswer,
  type OnlineVisitView,
} from '../../../../types/visits'
import { call, newRequestId } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { EmptyState, PageShell, QueryView, PageHero } from '@/shared/ui'
import { dayTime } from '../../format'
import { RadioChips } from '../../RadioChips'
import '../../visits.scss'

/** 线上走访: greetings from the block head waiting for the family's answer. */
export default function Pending() {
  const query = useQuery(() => call('visits', 'pending', {}), { refreshOnShow: true })
  return (
    <PageShell className="visits-pending">
      <PageHero title="块长的问候" subtitle="回复一下，块长就知道您家的情况了" />
      <QueryView query={query}>
        {(d) =>
          d.items.length === 0 ? (
            <EmptyState title="没有需要回复的问候" description="块长发来问候时，会在这里看到。" />
          ) : (
            <View>
              {d.items.map((o) => (
                <Answer key={o.id} o={o} done={() => void query.reload()} />
              ))}
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}

function Answer({ o, done }: { o: OnlineVisitView; done: () => void }) {
  const [answer, setAnswer] = useState<OnlineAnswer | null>(null)
  const [text, setText] = useState('')
  const [channel, setChannel] = useState<ContactChannel>('phone')
  const [contact, setContact] = useState('')
  const [clientRequestId] = useState(newRequestId)
  const [busy, send] = useSubmit(async (a: OnlineAnswer) => {
    await call('visits', 'respond', {
      onlineVisitId: o.id,
      answer: a,
      clientRequestId,
      demand: a === 'demand' ? { category: 'other', text } : undefined,
      contact: a === 'contactMe' ? { channel, value: contact } : undefined,
    })
    await Taro.showToast({
      title: a === 'demand' ? '已提交，块长会尽快处理' : '已回复，谢谢您',
      icon: 'none',
    })
    done()
  })

  return (
    <View className="card online-visit" id={`ov-${o.id}`}>
      <Text className="card__title">{o.message}</Text>
      <Text className="card__meta">
        {o.sentByName ? `块长${o.sentByName}` : '块长'} · {dayTime(o.sentAt)}
      </Text>
      {o.questions.map((q) => (
        <Text key={q} className="visits-line">
          · {q}
        </Text>
      ))}
      <View className="visits-actions">
        <Button
          className="answer-fine"
          type="primary"
          size="large"
          loading={busy && answer === null}
          onClick={() => void send('allFine')}
        >
          家里一切都好
        </Button>
        <Button className="answer-demand" size="large" onClick={() => setAnswer('demand')}>
          我有事情需要帮忙
        </Button>
        <Button className="answer-contact" size="large" onClick={() => setAnswer('contactMe')}>
          请块长联系我
        </Button>
      </View>
      {answer === 'demand' && (
        <View>
          <Textarea
            className="visits-textarea answer-text"
            value={text}
            maxlength={1000}
            placeholder="请写下需要帮忙的事情"
            onInput={(e) => setText(e.detail.value)}
          />
          <Button
            className="answer-send"
            type="primary"
            size="large"
            loading={busy}
            disabled={text.trim().length < 5}
            onClick={() => void send('demand')}
          >
            提交
          </Button>
        </View>
      )}
      {answer === 'contactMe' && (
        <View>
          <RadioChips
            options={['phone', 'wechat', 'email'] as ContactChannel[]}
            value={channel}
            label={CHANNEL_LABEL}
            groupLabel="联系方式"
            onChange={setChannel}
          />
          <Input
            className="visits-input answer-contact-value"
            value={contact}
            placeholder="电话号码、微信号或邮箱"
            onInput={(e) => setContact(e.detail.value)}
          />
          <Button
            className="answer-send"
            type="primary"
            size="large"
            loading={busy}
            disabled={contact.trim().length < 3}
            onClick={() => void send('contactMe')}
          >
            提交
          </Button>
        </View>
      )}
    </View>
  )
}
