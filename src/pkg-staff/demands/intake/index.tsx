import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import { CHANNEL_LABEL, DEMAND_TAXONOMY, IntakeChannel, type DemandCategory } from '../../../../types/demands'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { FormField, PageHero, PageShell, QueryView, RadioChips, useFieldErrors } from '@/shared/ui'
import { staffDetailUrl } from '@/demands/format'
import '../../../demands/demands.scss'

type Who = 'caller' | 'household'
const ORDER = [
  'channel',
  'hotline.orderNo',
  'hotline.dueAt',
  'caller',
  'caller.name',
  'caller.phone',
  'householdId',
  'location.blockId',
  'category',
  'text',
] as const

/** `2026-12-04` and `17:00`, Beijing time, as an instant; null when either does not read as one. */
function beijing(date: string, time: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date.trim()) || !/^\d{1,2}:\d{2}$/.test(time.trim())) return null
  const [h, m] = time.trim().split(':')
  const at = Date.parse(`${date.trim()}T${h.padStart(2, '0')}:${m}:00+08:00`)
  return Number.isNaN(at) ? null : new Date(at).toISOString()
}

/**
 * 代为登记: a demand taken by phone, at the door, at the window or from a 12345 work order, for a caller by
 * name and phone or a household on file. It goes to the block head like a resident's own.
 */
export default function Intake() {
  const places = useQuery(async () => {
    const me = await call('community', 'me', {})
    const committeeId = me.staff?.committeeId
    const { items } = await call('community', 'committees', {})
    return items.find((c) => c.id === committeeId)?.blocks ?? []
  })
  return (
    <PageShell className="demands-intake">
      <PageHero title="代为登记诉求" subtitle="电话、上门、窗口或12345转来的诉求，登记后按片区派给块长。" />
      <QueryView query={places} skeletonRows={4}>
        {(blocks) => <Form blocks={blocks} />}
      </QueryView>
    </PageShell>
  )
}

function Form({ blocks }: { blocks: { id: string; name: string; buildings: string[] }[] }) {
  const [channel, setChannel] = useState<IntakeChannel>('phone')
  const [who, setWho] = useState<Who>('caller')
  const [name, setName] = useState('')
  const [phone, setPhone] = useState('')
  const [keyword, setKeyword] = useState('')
  const [householdId, setHouseholdId] = useState<string | null>(null)
  const [found, setFound] = useState<{ householdId: string; address: string; headName: string }[]>([])
  const [blockId, setBlockId] = useState<string | null>(blocks.length === 1 ? blocks[0].id : null)
  const [orderNo, setOrderNo] = useState('')
  const [dueDate, setDueDate] = useState('')
  const [dueTime, setDueTime] = useState('17:00')
  const [category, setCategory] = useState<DemandCategory | null>(null)
  const [text, setText] = useState('')
  const requestId = useRef(newRequestId())
  const { errors, check, clear, fromServer } = useFieldErrors(ORDER)
  const hotline = channel === 'hotline12345'

  async function search() {
    try {
      const r = await call('visits', 'households', { keyword: keyword.trim(), limit: 10 })
      setFound(r.items)
      if (r.items.length === 0) void Taro.showToast({ title: '没有找到，换个姓名或门牌试试', icon: 'none' })
    } catch (e) {
      toastError(e)
    }
  }

  const [sending, submit] = useSubmit(async () => {
    const dueAt = hotline ? beijing(dueDate, dueTime) : null
    const ok = check({
      'hotline.orderNo': hotline && !orderNo.trim() && '请填写12345工单号',
      'hotline.dueAt': hotline && dueDate.trim() !== '' && !dueAt && '日期写成 2026-12-04，时间写成 17:00',
      'caller.name': who === 'caller' && !name.trim() && '请填写来电人姓名',
      'caller.phone': who === 'caller' && !/^1[3-9]\d{9}$/.test(phone.trim()) && '请输入11位手机号',
      householdId: who === 'household' && !householdId && '请先搜索并选择一户',
      'location.blockId': who === 'caller' && !blockId && '请选择诉求发生的小区',
      category: !category && '请选择诉求类别',
      text: text.trim().length < 5 && '诉求内容至少5个字',
    })
    if (!ok) return
    try {
      const r = await call('demands', 'intake', {
        channel,
        category: category!,
        text: text.trim(),
        ...(who === 'household'
          ? { householdId: householdId! }
          : {
              caller: { name: name.trim(), phone: phone.trim() },
              location: { blockId: blockId! },
            }),
        ...(hotline ? { hotline: { orderNo: orderNo.trim(), ...(dueAt ? { dueAt } : {}) } } : {}),
        clientRequestId: requestId.current,
      })
      requestId.current = newRequestId()
      void Taro.showToast({ title: `已派给${r.assigneeName}`, icon: 'success' })
      void Taro.redirectTo({ url: staffDetailUrl(r.id) })
    } catch (e) {
      if (!fromServer(e)) toastError(e)
    }
  })

  return (
    <View className="intake-form">
      <FormField name="channel" label="1. 怎么来的" required error={errors.channel}>
        <RadioChips
          label="受理渠道"
          idPrefix="channel"
          options={IntakeChannel.options.map((c) => ({ value: c, label: CHANNEL_LABEL[c] }))}
          value={channel}
          onChange={setChannel}
        />
      </FormField>
      {hotline && (
        <>
          <FormField name="hotline.orderNo" label="12345工单号" required error={errors['hotline.orderNo']}>
            {(a11y) => (
              <Input
                className="demand-textarea"
                value={orderNo}
                placeholder="如 GD20261202-0042"
                onInput={(e) => {
                  setOrderNo(e.detail.value)
                  clear('hotline.orderNo')
                }}
                {...(a11y as object)}
              />
            )}
          </FormField>
          <FormField
            name="hotline.dueAt"
            label="工单办结时限"
            hint="照工单上写的填；比本类诉求的时限早，就按工单的算"
            error={errors['hotline.dueAt']}
          >
            {(a11y) => (
              <View className="intake-due">
                <Input
                  className="demand-textarea"
                  value={dueDate}
                  placeholder="日期，如 2026-12-04"
                  onInput={(e) => {
                    setDueDate(e.detail.value)
                    clear('hotline.dueAt')
                  }}
                  {...(a11y as object)}
                />
                <Input
                  className="demand-textarea"
                  value={dueTime}
                  aria-label="工单办结时限的时间"
                  placeholder="时间，如 17:00"
                  onInput={(e) => setDueTime(e.detail.value)}
                />
              </View>
            )}
          </FormField>
        </>
      )}
      <FormField name="caller" label="2. 是谁反映的" required error={errors.caller}>
        <RadioChips
          label="反映人"
          idPrefix="who"
          options={[
            { value: 'caller' as const, label: '来电或来访的人' },
            { value: 'household' as const, label: '在册居民' },
          ]}
          value={who}
          onChange={setWho}
        />
      </FormField>
      {who === 'caller' ? (
        <>
          <FormField name="caller.name" label="姓名" required error={errors['caller.name']}>
            {(a11y) => (
              <Input
                className="demand-textarea"
                value={name}
                maxlength={20}
                placeholder="如 刘先生"
                onInput={(e) => {
                  setName(e.detail.value)
                  clear('caller.name')
                }}
                {...(a11y as object)}
              />
            )}
          </FormField>
          <FormField name="caller.phone" label="电话" required error={errors['caller.phone']}>
            {(a11y) => (
              <Input
                className="demand-textarea"
                type="number"
                value={phone}
                maxlength={11}
                placeholder="11位手机号，回访用"
                onInput={(e) => {
                  setPhone(e.detail.value)
                  clear('caller.phone')
                }}
                {...(a11y as object)}
              />
            )}
          </FormField>
          <FormField name="location.blockId" label="在哪个小区" required error={errors['location.blockId']}>
            <RadioChips
              label="小区"
              idPrefix="block"
              options={blocks.map((b) => ({ value: b.id, label: b.name }))}
              value={blockId}
              onChange={(v) => {
                setBlockId(v)
                clear('location.blockId')
              }}
            />
          </FormField>
        </>
      ) : (
        <FormField
          name="householdId"
          label="找到这户"
          hint="输入户主姓名或门牌，再点搜索"
          required
          error={errors.householdId}
        >
          {(a11y) => (
            <View>
              <Input
                className="demand-textarea"
                value={keyword}
                placeholder="如 王秀英 或 1号楼101"
                onInput={(e) => setKeyword(e.detail.value)}
                {...(a11y as object)}
              />
              <Button size="small" className="intake-search" onClick={() => void search()}>
                搜索
              </Button>
              {found.length > 0 && (
                <RadioChips
                  label="选择一户"
                  idPrefix="hh"
                  options={found.map((h) => ({ value: h.householdId, label: `${h.headName} ${h.address}` }))}
                  value={householdId}
                  onChange={(v) => {
                    setHouseholdId(v)
                    clear('householdId')
                  }}
                />
              )}
            </View>
          )}
        </FormField>
      )}
      <FormField name="category" label="3. 什么类别" required error={errors.category}>
        <RadioChips
          label="诉求类别"
          idPrefix="cat"
          options={DEMAND_TAXONOMY.map((c) => ({ value: c.code, label: c.label }))}
          value={category}
          onChange={(v) => {
            setCategory(v)
            clear('category')
          }}
        />
      </FormField>
      <FormField name="text" label="4. 反映了什么" hint="至少5个字" required error={errors.text}>
        {(a11y) => (
          <Textarea
            className="demand-textarea"
            value={text}
            maxlength={1000}
            placeholder="照对方说的记下来，如：1号楼门口垃圾桶满了两天没人清运"
            onInput={(e) => {
              setText(e.detail.value)
              if (e.detail.value.trim().length >= 5) clear('text')
            }}
            {...(a11y as object)}
          />
        )}
      </FormField>
      <Button
        className="intake-submit"
        type="primary"
        size="large"
        block
        loading={sending}
        onClick={() => void submit()}
      >
        登记并派单
      </Button>
      <Text className="card__meta">登记后块长会收到提醒，24小时内要回复。</Text>
    </View>
  )
}
