import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import {
  CHANNEL_LABEL,
  CLASS_LABEL,
  MemberTag,
  type ContactChannel,
  type HouseholdClass,
  type HouseholdView,
} from '../../../../types/visits'
import { ApiFailure, call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { Chips, focusable, FormField, PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import { RadioChips } from '@/visits/RadioChips'
import '../../../visits/visits.scss'
import { backToHousehold } from '../nav'

type MemberForm = { name: string; relation: string; birthYear: string; phone: string; tags: MemberTag[] }

/** Each box says what goes in it above it: a filled-in value alone (“1986”) does not say what it is. */
const MEMBER_FIELDS: {
  key: 'name' | 'relation' | 'birthYear' | 'phone'
  label: string
  numeric?: boolean
}[] = [
  { key: 'name', label: '姓名' },
  { key: 'relation', label: '与户主关系' },
  { key: 'birthYear', label: '出生年份', numeric: true },
  { key: 'phone', label: '手机号（可不填）', numeric: true },
]

/** 修改档案: every save is a new version (who changed what, when); a stale edit is refused, not merged. */
export default function EditHousehold() {
  const id = decodeURIComponent(useRouter().params.id ?? '')
  const query = useQuery(() => call('visits', 'household', { householdId: id }))
  return (
    <PageShell className="visits-edit">
      <QueryView query={query}>
        {/* Keyed by version: after a conflict the reloaded file mounts a fresh form, so nothing typed over the
            older version is saved over the newer one. */}
        {(d) => <Form key={d.household.version} h={d.household} reload={() => void query.reload()} />}
      </QueryView>
    </PageShell>
  )
}

function Form({ h, reload }: { h: HouseholdView; reload: () => void }) {
  const [cls, setCls] = useState<HouseholdClass>(h.class)
  const [channel, setChannel] = useState<ContactChannel | undefined>(h.preferredChannel)
  const [notes, setNotes] = useState(h.notes)
  const [members, setMembers] = useState<MemberForm[]>(() =>
    h.members.map((m) => ({
      name: m.name,
      relation: m.relation,
      birthYear: m.birthYear ? String(m.birthYear) : '',
      phone: m.phone ?? '',
      tags: m.tags,
    })),
  )
  const [clientRequestId] = useState(newRequestId)
  const [busy, save] = useSubmit(
    async () => {
      await call('visits', 'saveHousehold', {
        householdId: h.id,
        expectedVersion: h.version,
        clientRequestId,
        fields: {
          blockId: h.blockId,
          building: h.building,
          room: h.room,
          class: cls,
          preferredChannel: channel,
          notes,
          members: members.map((m) => ({
            name: m.name,
            relation: m.relation,
            birthYear: m.birthYear ? Number(m.birthYear) : undefined,
            phone: m.phone || undefined,
            tags: m.tags,
          })),
        },
      })
      await Taro.showToast({ title: '档案已保存', icon: 'success' })
      setTimeout(() => backToHousehold(h.id), 600)
    },
    async (e) => {
      if (e instanceof ApiFailure && e.code === 'CONFLICT') {
        await Taro.showModal({
          title: '档案刚被别人改过',
          content: '请看一下最新的内容再修改。',
          showCancel: false,
        })
        reload()
      } else toastError(e)
    },
  )

  const upd = (i: number, p: Partial<MemberForm>) =>
    setMembers(members.map((m, j) => (j === i ? { ...m, ...p } : m)))
  return (
    <View>
      <PageHero
        title={
          <>
            {h.building}
            {h.room}室
          </>
        }
        subtitle={<>当前第{h.version}版</>}
      />
      <Section title="家庭分类">
        <RadioChips
          options={['A', 'B', 'C'] as HouseholdClass[]}
          value={cls}
          label={CLASS_LABEL}
          groupLabel="家庭分类"
          onChange={setCls}
        />
        {h.suggestedClass === 'C' && cls !== 'C' && (
          <Text className="visits-line">家中有特殊群体标签，建议选C类</Text>
        )}
        {cls === 'A' && (
          <View>
            <Text className="visits-line">A类家庭必须选联系方式：</Text>
            <RadioChips
              options={['phone', 'wechat', 'email'] as ContactChannel[]}
              value={channel}
              label={CHANNEL_LABEL}
              groupLabel="联系方式"
              onChange={setChannel}
            />
          </View>
        )}
      </Section>
      <Section title="家庭成员">
        {members.map((m, i) => (
          <View key={i} className="card">
            {MEMBER_FIELDS.map(({ key, label, numeric }) => (
              <FormField key={key} name={`member-${i}-${key}`} label={label}>
                {(a11y) => (
                  <Input
                    className="visits-input"
                    type={numeric ? 'number' : 'text'}
                    value={m[key]}
                    onInput={(e) => upd(i, { [key]: e.detail.value })}
                    {...(a11y as object)}
                  />
                )}
              </FormField>
            ))}
            <Text className="visits-line" id={`member-${i}-tags-label`}>
              特殊情况（可多选）
            </Text>
            <Chips
              labelledBy={`member-${i}-tags-label`}
              options={MemberTag.options.map((t) => ({ value: t, label: t, className: 'visits-chip' }))}
              values={m.tags}
              onChange={(tags) => upd(i, { tags })}
            />
            {members.length > 1 && (
              <Text
                className="link"
                {...focusable}
                onClick={() =>
                  void Taro.showModal({
                    title: '删除这位成员？',
                    content: `${m.name || '这位成员'}将从档案中删除。`,
                  }).then((r) => {
                    if (r.confirm) setMembers(members.filter((_, j) => j !== i))
                  })
                }
              >
                删除这位成员
              </Text>
            )}
          </View>
        ))}
        <Button
          size="small"
          onClick={() =>
            setMembers([...members, { name: '', relation: '', birthYear: '', phone: '', tags: [] }])
          }
        >
          ＋ 添加成员
        </Button>
      </Section>
      <Section title="备注">
        <Textarea
          className="visits-textarea"
          value={notes}
          maxlength={1000}
          placeholder="备注（可不填）"
          onInput={(e) => setNotes(e.detail.value)}
        />
      </Section>
      <View className="visits-actions">
        <Button id="save-household" type="primary" size="large" loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </View>
  )
}
