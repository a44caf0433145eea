import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useRef, useState } from 'react'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { EmptyState, PageHero, PageShell, QueryView, Section, StatusTag, useFieldErrors } from '@/shared/ui'
import type { OrgCenterView, OrgCommitteeView } from '../../../types/community'
import { OrgTextField, PlaceField, type Place } from './PlaceField'
import { ORG_ROUTES } from './rooms'
import './org.scss'

const COMMITTEE_FIELDS = ['name', 'address', 'phone'] as const
const CENTER_FIELDS = ['centerName', 'centerAddress', 'centerPhone'] as const

/**
 * 组织架构: the sub-district's committees (each opens its blocks, buildings and rooms) and service centers;
 * new ones are added here. Retired ones stay listed, marked, because records point to them.
 */
export default function OrgHome() {
  const query = useQuery(() => call('community', 'org', {}), { refreshOnShow: true })
  const [adding, setAdding] = useState<'committee' | 'center' | null>(null)

  return (
    <PageShell className="org">
      <PageHero title="组织架构" subtitle="居委会、片区、楼栋和房间，社区事务受理服务中心" />
      <QueryView query={query}>
        {(org) => (
          <View>
            <Section title="居委会">
              {org.committees.length === 0 ? (
                <EmptyState title="还没有居委会" description="先新建一个居委会，再添加片区和楼栋" />
              ) : (
                org.committees.map((c) => <CommitteeCard key={c.id} c={c} />)
              )}
              {adding === 'committee' ? (
                <NewCommittee onDone={() => setAdding(null)} />
              ) : (
                <Button
                  id="org-add-committee"
                  size="large"
                  type="primary"
                  onClick={() => setAdding('committee')}
                >
                  新建居委会
                </Button>
              )}
            </Section>
            <Section title="社区事务受理服务中心">
              {org.centers.length === 0 ? (
                <EmptyState title="还没有服务中心" />
              ) : (
                org.centers.map((c) => <CenterCard key={c.id} c={c} onChanged={() => void query.reload()} />)
              )}
              {adding === 'center' ? (
                <NewCenter
                  onDone={() => {
                    setAdding(null)
                    void query.reload()
                  }}
                />
              ) : (
                <Button id="org-add-center" size="large" onClick={() => setAdding('center')}>
                  新建服务中心
                </Button>
              )}
            </Section>
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

function CommitteeCard({ c }: { c: OrgCommitteeView }) {
  return (
    <View
      className="card org-card"
      id={`committee-${c.id}`}
      role="button"
      {...({ tabIndex: 0 } as object)}
      onClick={() => void Taro.navigateTo({ url: ORG_ROUTES.committee(c.id) })}
    >
      <View className="org-card__head">
        <Text className="org-card__name">{c.name}</Text>
        {c.retired && <StatusTag tone="neutral">已撤销</StatusTag>}
      </View>
      <Text className="org-meta">{c.address}</Text>
      {c.phone && <Text className="org-meta">电话 {c.phone}</Text>}
    </View>
  )
}

function NewCommittee({ onDone }: { onDone: () => void }) {
  const [f, setF] = useState({ name: '', address: '', phone: '' })
  const [place, setPlace] = useState<Place | undefined>()
  const requestId = useRef(newRequestId())
  const { errors, check, clear, fromServer } = useFieldErrors(COMMITTEE_FIELDS)
  const [saving, save] = useSubmit(async () => {
    if (
      !check({
        name: !f.name.trim() && '请填写居委会名称',
        address: !f.address.trim() && '请填写地址',
      })
    )
      return
    try {
      const r = await call('community', 'saveCommittee', {
        name: f.name.trim(),
        address: f.address.trim(),
        phone: f.phone.trim(),
        ...(place ? { location: place } : {}),
        clientRequestId: requestId.current,
      })
      requestId.current = newRequestId()
      onDone()
      void Taro.navigateTo({ url: ORG_ROUTES.committee(r.committee.id) })
    } catch (e) {
      if (!fromServer(e)) toastError(e)
    }
  })
  const field = (
    name: (typeof COMMITTEE_FIELDS)[number],
    label: string,
    placeholder: string,
    required = false,
  ) => (
    <OrgTextField
      name={name}
      label={label}
      required={required}
      error={errors[name]}
      value={f[name]}
      placeholder={placeholder}
      maxlength={name === 'address' ? 60 : 30}
      onChange={(v) => {
        setF((x) => ({ ...x, [name]: v }))
        clear(name)
      }}
    />
  )
  return (
    <View className="card org-card">
      {field('name', '居委会名称', '例如：春晖社区居委会', true)}
      {field('address', '地址', '例如：春晖路12号', true)}
      {field('phone', '电话', '手机11位，或区号-号码')}
      <PlaceField value={place} onChange={setPlace} />
      <View className="org-actions">
        <Button
          id="org-save-committee"
          type="primary"
          size="large"
          loading={saving}
          onClick={() => void save()}
        >
          保存
        </Button>
        <Button size="large" onClick={onDone}>
          取消
        </Button>
      </View>
    </View>
  )
}

function CenterCard({ c, onChanged }: { c: OrgCenterView; onChanged: () => void }) {
  const toggle = async () => {
    const retire = !c.retired
    const ok = await Taro.showModal({
      title: retire ? '撤销服务中心' : '恢复服务中心',
      content: retire
        ? `撤销后「${c.name}」不再出现在选择列表里，已有的预约和工作人员记录都保留。确定撤销吗？`
        : `恢复「${c.name}」吗？`,
      confirmText: retire ? '撤销' : '恢复',
      cancelText: '不了',
    })
    if (!ok.confirm) return
    try {
      await call('community', 'saveCenter', {
        id: c.id,
        name: c.name,
        address: c.address,
        phone: c.phone ?? '',
        location: c.location,
        retired: retire,
      })
      onChanged()
    } catch (e) {
      toastError(e)
    }
  }
  return (
    <View className="card org-card" id={`center-${c.id}`}>
      <View className="org-card__head">
        <Text className="org-card__name">{c.name}</Text>
        {c.retired && <StatusTag tone="neutral">已撤销</StatusTag>}
      </View>
      <Text className="org-meta">{c.address}</Text>
      {c.phone && <Text className="org-meta">电话 {c.phone}</Text>}
      <View className="org-actions">
        <Button size="large" onClick={() => void toggle()}>
          {c.retired ? '恢复' : '撤销'}
        </Button>
      </View>
    </View>
  )
}

function NewCenter({ onDone }: { onDone: () => void }) {
  const [f, setF] = useState({ centerName: '', centerAddress: '', centerPhone: '' })
  const [place, setPlace] = useState<Place | undefined>()
  const [placeError, setPlaceError] = useState('')
  const requestId = useRef(newRequestId())
  const { errors, check, clear, fromServer } = useFieldErrors(CENTER_FIELDS)
  const [saving, save] = useSubmit(async () => {
    const ok = check({
      centerName: !f.centerName.trim() && '请填写服务中心名称',
      centerAddress: !f.centerAddress.trim() && '请填写地址',
    })
    setPlaceError(place ? '' : '请选择地图位置，居民要靠它找到服务中心')
    if (!ok || !place) return
    try {
      await call('community', 'saveCenter', {
        name: f.centerName.trim(),
        address: f.centerAddress.trim(),
        phone: f.centerPhone.trim(),
        location: place,
        clientRequestId: requestId.current,
      })
      requestId.current = newRequestId()
      onDone()
    } catch (e) {
      if (!fromServer(e)) toastError(e)
    }
  })
  const field = (name: (typeof CENTER_FIELDS)[number], label: string, required = false) => (
    <OrgTextField
      name={name}
      label={label}
      required={required}
      error={errors[name]}
      value={f[name]}
      maxlength={name === 'centerAddress' ? 60 : 30}
      onChange={(v) => {
        setF((x) => ({ ...x, [name]: v }))
        clear(name)
      }}
    />
  )
  return (
    <View className="card org-card">
      {field('centerName', '服务中心名称', true)}
      {field('centerAddress', '地址', true)}
      {field('centerPhone', '电话')}
      <PlaceField value={place} onChange={setPlace} error={placeError} required />
      <View className="org-actions">
        <Button type="primary" size="large" loading={saving} onClick={() => void save()}>
          保存
        </Button>
        <Button size="large" onClick={onDone}>
          取消
        </Button>
      </View>
    </View>
  )
}
