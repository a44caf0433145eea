import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import {
  ANSWER_LABEL,
  CHANNEL_LABEL,
  CLASS_LABEL,
  MODE_LABEL,
  STATUS_LABEL,
  TASK_LABEL,
} from '../../../../types/visits'
import type { HouseholdView, VersionView, VisitView } from '../../../../types/visits'
import { call, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import { day, dayTime, relative } from '@/visits/format'
import '../../../visits/visits.scss'

const FIELD_LABEL: Record<string, string> = {
  blockId: '片区',
  building: '楼栋',
  room: '房间',
  class: '分类',
  preferredChannel: '联系方式',
  members: '家庭成员',
  notes: '备注',
}

/** 家庭档案: the whole family file as the committee holds it, its visits and every change (who, what, when). */
export default function Household() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const query = useQuery(() => call('visits', 'household', { householdId: id }), { refreshOnShow: true })
  const go = (url: string) => () => void Taro.navigateTo({ url })
  return (
    <PageShell className="visits-household">
      <QueryView query={query} skeletonRows={4}>
        {(d) => {
          const h = d.household
          const address = `${h.building}${h.room}室`
          return (
            <View>
              <PageHero
                title={address}
                subtitle={
                  <>
                    {CLASS_LABEL[h.class]} · {STATUS_LABEL[h.status]} · 下次走访 {day(h.nextDueAt)}
                    {h.nextDueAt ? `（${relative(h.nextDueAt)}）` : ''}
                  </>
                }
                subtitleId="household-status"
              />
              {h.suggestedClass && (
                <View className="card" role="note">
                  <Text className="card__meta">
                    家中有特殊群体标签，建议改为{CLASS_LABEL[h.suggestedClass]}，请核实后在“修改档案”里确认。
                  </Text>
                </View>
              )}
              <View className="visits-actions">
                <Button
                  id="record-visit"
                  type="primary"
                  size="large"
                  onClick={go(
                    `/pkg-staff/visits/record/index?id=${encodeURIComponent(h.id)}&address=${encodeURIComponent(address)}`,
                  )}
                >
                  记录一次走访
                </Button>
                <Button
                  id="send-online"
                  size="large"
                  disabled={h.residentCount === 0 || Boolean(h.pendingOnlineVisitId)}
                  onClick={go(
                    `/pkg-staff/visits/online/index?id=${encodeURIComponent(h.id)}&address=${encodeURIComponent(address)}`,
                  )}
                >
                  {h.pendingOnlineVisitId
                    ? '线上走访已发出，等待回复'
                    : h.residentCount === 0
                      ? '未绑定居民，无法线上走访'
                      : '发起线上走访'}
                </Button>
                <Button
                  size="large"
                  onClick={go(`/pkg-staff/visits/edit/index?id=${encodeURIComponent(h.id)}`)}
                >
                  修改档案
                </Button>
              </View>

              <Members h={h} />

              {d.corrections.some((c) => c.status === 'open') && (
                <Section title="居民申请更正">
                  {d.corrections
                    .filter((c) => c.status === 'open')
                    .map((c) => (
                      <View key={c.id} className="card">
                        <Text className="card__title">{c.text}</Text>
                        <Text className="card__meta">{day(c.createdAt)}提出 · 改好档案并保存后即完成</Text>
                      </View>
                    ))}
                </Section>
              )}

              <Section title={`走访记录（${d.visits.length}）`}>
                {d.visits.length === 0 ? (
                  <View className="card">
                    <Text className="card__meta">还没有走访记录</Text>
                  </View>
                ) : (
                  d.visits.map((v) => <VisitCard key={v.id} v={v} />)
                )}
              </Section>

              {d.onlineVisits.length > 0 && (
                <Section title="线上走访">
                  {d.onlineVisits.map((o) => (
                    <View key={o.id} className="card">
                      <Text className="card__title">{o.message}</Text>
                      <Text className="card__meta">
                        {dayTime(o.sentAt)} 发出 ·{' '}
                        {o.status === 'answered'
                          ? `已回复：${o.answer ? ANSWER_LABEL[o.answer] : ''}`
                          : '等待回复'}
                      </Text>
                    </View>
                  ))}
                </Section>
              )}

              <Section title="档案变更记录">
                {d.versions.length === 0 ? (
                  <View className="card">
                    <Text className="card__meta">建档以来没有修改过</Text>
                  </View>
                ) : (
                  d.versions.map((v) => <VersionCard key={v.version} v={v} />)
                )}
              </Section>
            </View>
          )
        }}
      </QueryView>
    </PageShell>
  )
}

function Members({ h }: { h: HouseholdView }) {
  return (
    <Section title="家庭成员">
      {h.members.map((m, i) => (
        <View key={i} className="card">
          <Text className="card__title">
            {m.name}（{m.relation}）{m.birthYear ? ` · ${m.birthYear}年生` : ''}
          </Text>
          {m.phone && <Phone householdId={h.id} index={i} masked={m.phone} />}
          {m.tags.length > 0 && (
            <View className="visits-tags">
              {m.tags.map((t) => (
                <Text key={t} className="tag tag--warn">
                  {t}
                </Text>
              ))}
            </View>
          )}
        </View>
      ))}
      <View className="card">
        <Text className="card__meta">
          {h.preferredChannel ? `希望的联系方式：${CHANNEL_LABEL[h.preferredChannel]} · ` : ''}
          已绑定小程序的居民：{h.residentCount}人
        </Text>
        {h.notes && <Text className="card__meta">备注：{h.notes}</Text>}
      </View>
    </Section>
  )
}

export function VisitCard({ v }: { v: VisitView }) {
  return (
    <View className="card visit-card">
      <Text className="card__title">
        {dayTime(v.at)} · {MODE_LABEL[v.mode]}
        {v.source === 'resident' ? '（居民回复）' : ''}
      </Text>
      {v.byName && <Text className="card__meta">走访人：{v.byName}</Text>}
      {v.answer && <Text className="card__meta">回复：{ANSWER_LABEL[v.answer]}</Text>}
      {v.tasksDone.length > 0 && (
        <Text className="card__meta">完成：{v.tasksDone.map((k) => TASK_LABEL[k]).join('、')}</Text>
      )}
      {v.service && <Text className="visits-line">送上服务：{v.service}</Text>}
      {v.topic && <Text className="visits-line">宣传内容：{v.topic}</Text>}
      {v.changes && <Text className="visits-line">家庭变化：{v.changes}</Text>}
      {v.demandIds.length > 0 && (
        <Text className="visits-line">收集诉求 {v.demandIds.length} 条，已转入诉求待办</Text>
      )}
      {v.talentIds.length > 0 && (
        <Text className="visits-line">发现能人 {v.talentIds.length} 位，已入能人库</Text>
      )}
      {v.notes && <Text className="visits-line">备注：{v.notes}</Text>}
    </View>
  )
}

function VersionCard({ v }: { v: VersionView }) {
  return (
    <View className="card">
      <Text className="card__title">
        第{v.version}版 · {dayTime(v.at)} · {v.byName ?? '工作人员'}
      </Text>
      <Text className="card__meta">
        改了：{v.changes.map((c) => FIELD_LABEL[c.field] ?? c.field).join('、') || '无'}
      </Text>
    </View>
  )
}

/**
 * A member's phone as staff see it: masked. 查看完整号码 asks for the full number (the tap is audited), then
 * 拨打 calls it.
 */
function Phone({ householdId, index, masked }: { householdId: string; index: number; masked: string }) {
  const [full, setFull] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const reveal = async () => {
    setBusy(true)
    try {
      setFull((await call('visits', 'revealPhone', { householdId, memberIndex: index })).phone)
    } catch (e) {
      toastError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className="card__meta member-phone">
      <Text>电话：{full ?? masked}</Text>
      {full ? (
        <Button size="small" type="primary" onClick={() => void Taro.makePhoneCall({ phoneNumber: full })}>
          拨打
        </Button>
      ) : (
        <Button size="small" loading={busy} disabled={busy} onClick={() => void reveal()}>
          查看完整号码
        </Button>
      )}
    </View>
  )
}
