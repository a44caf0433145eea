import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { ANSWER_LABEL, CHANNEL_LABEL, CLASS_LABEL, MODE_LABEL } from '../../../../types/visits'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { IS_H5 } from '@/shared/session'
import { EmptyState, PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import { day, dayTime } from '../../format'
import '../../visits.scss'

/**
 * 我家的档案: exactly what the committee holds about the family — members, tags, class, notes, visits — with
 * a way to ask for a correction and to download everything held about me.
 */
export default function MyHousehold() {
  const query = useQuery(() => call('visits', 'myHousehold', {}), { refreshOnShow: true })
  const [text, setText] = useState('')
  const [clientRequestId, setRequestId] = useState(newRequestId)
  const [busy, correct] = useSubmit(async () => {
    await call('visits', 'correctHousehold', { text, clientRequestId })
    setText('')
    setRequestId(newRequestId())
    await Taro.showToast({ title: '已告诉块长，会尽快核实', icon: 'none' })
    void query.reload()
  })

  async function download() {
    try {
      const r = await call('visits', 'exportMyData', {})
      const json = JSON.stringify(r, null, 2)
      if (IS_H5 && typeof document !== 'undefined') {
        const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }))
        const a = document.createElement('a')
        a.href = url
        a.download = `我的数据-${r.exportedAt.slice(0, 10)}.json`
        a.click()
        URL.revokeObjectURL(url)
      } else {
        await Taro.setClipboardData({ data: json })
        await Taro.showModal({
          title: '已复制',
          content: '您的全部数据已复制，可以粘贴到聊天或备忘录里保存。',
          showCancel: false,
        })
      }
    } catch (e) {
      toastError(e)
    }
  }

  return (
    <PageShell className="my-household">
      <QueryView query={query}>
        {(d) =>
          !d.household ? (
            <EmptyState
              title="还没有您家的档案"
              description="先在“我的”里绑定家庭住址，块长确认后就能看到。"
            />
          ) : (
            <View>
              <PageHero
                title={
                  <>
                    {d.household.building}
                    {d.household.room}室
                  </>
                }
                subtitle={
                  <>居委会为您家记录的全部信息{d.blockHeadName ? ` · 块长：${d.blockHeadName}` : ''}</>
                }
              />
              <Section title="家庭成员">
                {d.household.members.map((m, i) => (
                  <View key={i} className="card">
                    <Text className="card__title">
                      {m.name}（{m.relation}）{m.birthYear ? ` · ${m.birthYear}年生` : ''}
                    </Text>
                    {m.phone && <Text className="card__meta">电话：{m.phone}</Text>}
                    {m.tags.length > 0 && <Text className="card__meta">关爱标签：{m.tags.join('、')}</Text>}
                  </View>
                ))}
                <View className="card">
                  <Text className="card__meta">走访方式：{CLASS_LABEL[d.household.class]}</Text>
                  {d.household.preferredChannel && (
                    <Text className="card__meta">
                      希望的联系方式：{CHANNEL_LABEL[d.household.preferredChannel]}
                    </Text>
                  )}
                  {d.household.notes && <Text className="card__meta">备注：{d.household.notes}</Text>}
                  <Text className="visits-line">档案最后更新：{day(d.household.updatedAt)}</Text>
                </View>
              </Section>

              <Section title="走访记录">
                {d.visits.length === 0 ? (
                  <View className="card">
                    <Text className="card__meta">还没有走访记录</Text>
                  </View>
                ) : (
                  d.visits.map((v) => (
                    <View key={v.id} className="card my-visit">
                      <Text className="card__title">
                        {dayTime(v.at)} · {MODE_LABEL[v.mode]}
                      </Text>
                      <Text className="card__meta">
                        {v.answer
                          ? `您的回复：${ANSWER_LABEL[v.answer]}`
                          : v.byName
                            ? `块长${v.byName}来访`
                            : ''}
                      </Text>
                    </View>
                  ))
                )}
              </Section>

              <Section title="信息不对？申请更正">
                {d.corrections
                  .filter((c) => c.status === 'open')
                  .map((c) => (
                    <View key={c.id} className="card">
                      <Text className="card__meta">
                        {day(c.createdAt)}提出：{c.text}（等待块长核实）
                      </Text>
                    </View>
                  ))}
                <Textarea
                  id="correction-text"
                  className="visits-textarea"
                  value={text}
                  maxlength={500}
                  placeholder="请写下哪里不对，应该是什么"
                  onInput={(e) => setText(e.detail.value)}
                />
                <View className="visits-actions">
                  <Button
                    id="send-correction"
                    type="primary"
                    size="large"
                    loading={busy}
                    disabled={text.trim().length < 4}
                    onClick={() => void correct()}
                  >
                    提交更正申请
                  </Button>
                  <Button id="export-data" size="large" onClick={() => void download()}>
                    下载我的全部数据
                  </Button>
                </View>
              </Section>
            </View>
          )
        }
      </QueryView>
    </PageShell>
  )
}
