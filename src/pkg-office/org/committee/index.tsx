import { Text, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { Button } from '@nutui/nutui-react-taro'
import { useRef, useState } from 'react'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import {
  EmptyState,
  fieldErrorsOf,
  FormField,
  PageHero,
  PageShell,
  QueryView,
  Section,
  StatusTag,
  useFieldErrors,
} from '@/shared/ui'
import type { OrgBlockView, OrgBuildingView, OrgCommitteeView } from '../../../../types/community'
import { ORG_ROUTES, parseRooms, roomsText } from '../rooms'
import { inputA11y, OrgTextField, PlaceField, type Place } from '../PlaceField'
import '../org.scss'

const FIELDS = ['name', 'address', 'phone'] as const

async function confirm(title: string, content: string, confirmText: string) {
  const r = await Taro.showModal({ title, content, confirmText, cancelText: '不了' })
  return r.confirm
}

/**
 * 居委会 in 组织架构: its details, its blocks (片区) with their buildings and rooms (块 → 楼 → 室), the Excel
 * import and the QR posters. Retiring hides a committee, block or building from pickers and keeps everything
 * that points to it.
 */
export default function CommitteeOrgPage() {
  const { params } = useRouter()
  const committeeId = params.id ?? ''
  const query = useQuery(() => call('community', 'committeeOrg', { committeeId }), { refreshOnShow: true })
  const reload = () => void query.reload()
  return (
    <PageShell className="org">
      <QueryView query={query}>
        {({ committee, blocks }) => (
          <View>
            <PageHero title={committee.name} subtitle={committee.retired ? '已撤销' : committee.address} />
            <View className="org-actions">
              <Button
                id="org-open-import"
                type="primary"
                size="large"
                onClick={() => void Taro.navigateTo({ url: ORG_ROUTES.import(committee.id) })}
              >
                从 Excel 导入
              </Button>
              <Button
                id="org-open-poster"
                size="large"
                onClick={() => void Taro.navigateTo({ url: ORG_ROUTES.followPoster(committee.id) })}
              >
                关注二维码
              </Button>
            </View>
            <Section title="片区、楼栋和房间">
              {blocks.length === 0 && (
                <EmptyState title="还没有片区" description="先添加片区，再添加楼栋和房间" />
              )}
              {blocks.map((b) => (
                <BlockCard key={b.id} block={b} onChanged={reload} />
              ))}
              <NewBlock committeeId={committee.id} onDone={reload} />
            </Section>
            <Section title="居委会信息">
              <CommitteeForm committee={committee} onSaved={reload} />
            </Section>
          </View>
        )}
      </QueryView>
    </PageShell>
  )
}

function CommitteeForm({ committee, onSaved }: { committee: OrgCommitteeView; onSaved: () => void }) {
  const [f, setF] = useState({
    name: committee.name,
    address: committee.address,
    phone: committee.phone ?? '',
  })
  const [place, setPlace] = useState<Place | undefined>(committee.location)
  const { errors, check, clear, fromServer } = useFieldErrors(FIELDS)
  const send = async (retired: boolean) => {
    try {
      await call('community', 'saveCommittee', {
        id: committee.id,
        name: f.name.trim(),
        address: f.address.trim(),
        phone: f.phone.trim(),
        ...(place ? { location: place } : {}),
        retired,
      })
      void Taro.showToast({ title: '已保存', icon: 'success' })
      onSaved()
    } catch (e) {
      if (!fromServer(e)) toastError(e)
    }
  }
  const [saving, save] = useSubmit(async () => {
    if (!check({ name: !f.name.trim() && '请填写居委会名称', address: !f.address.trim() && '请填写地址' }))
      return
    await send(committee.retired)
  })
  const toggle = async () => {
    const retire = !committee.retired
    const ok = await confirm(
      retire ? '撤销居委会' : '恢复居委会',
      retire
        ? `撤销后「${committee.name}」不再出现在居民的列表和各处的选择里；家庭档案、诉求和工作人员记录都保留，以后还能恢复。确定撤销吗？`
        : `恢复「${committee.name}」吗？`,
      retire ? '撤销' : '恢复',
    )
    if (ok) await send(retire)
  }
  const field = (name: (typeof FIELDS)[number], label: string, required = false) => (
    <OrgTextField
      name={name}
      label={label}
      required={required}
      error={errors[name]}
      value={f[name]}
      maxlength={name === 'address' ? 60 : 30}
      onChange={(v) => {
        setF((x) => ({ ...x, [name]: v }))
        clear(name)
      }}
    />
  )
  return (
    <View className="card org-card">
      {field('name', '居委会名称', true)}
      {field('address', '地址', true)}
      {field('phone', '电话')}
      <PlaceField value={place} onChange={setPlace} />
      <View className="org-actions">
        <Button type="primary" size="large" loading={saving} onClick={() => void save()}>
          保存修改
        </Button>
        <Button id="org-retire-committee" size="large" onClick={() => void toggle()}>
          {committee.retired ? '恢复居委会' : '撤销居委会'}
        </Button>
      </View>
    </View>
  )
}

function NewBlock({ committeeId, onDone }: { committeeId: string; onDone: () => void }) {
  const [name, setName] = useState('')
  const [error, setError] = useState('')
  const requestId = useRef(newRequestId())
  const [saving, save] = useSubmit(async () => {
    if (!name.trim()) return setError('请填写片区名称')
    try {
      await call('community', 'saveBlock', {
        committeeId,
        name: name.trim(),
        clientRequestId: requestId.current,
      })
      requestId.current = newRequestId()
      setName('')
      setError('')
      onDone()
    } catch (e) {
      const byField = fieldErrorsOf(e)
      if (byField?.name) setError(byField.name)
      else toastError(e)
    }
  })
  return (
    <View className="card org-card">
      <OrgTextField
        name="blockName"
        label="添加片区"
        hint="例如：第一片区、春晖苑一期"
        error={error}
        value={name}
        maxlength={20}
        onChange={(v) => {
          setName(v)
          setError('')
        }}
      />
      <Button id="org-add-block" type="primary" size="large" loading={saving} onClick={() => void save()}>
        添加片区
      </Button>
    </View>
  )
}

function BlockCard({ block, onChanged }: { block: OrgBlockView; onChanged: () => void }) {
  const [adding, setAdding] = useState(false)
  const toggle = async () => {
    const retire = !block.retired
    const ok = await confirm(
      retire ? '撤销片区' : '恢复片区',
      retire
        ? `撤销后「${block.name}」不再出现在选择里，家庭档案和诉求都保留。确定撤销吗？`
        : `恢复「${block.name}」吗？`,
      retire ? '撤销' : '恢复',
    )
    if (!ok) return
    try {
      await call('community', 'saveBlock', {
        id: block.id,
        committeeId: block.committeeId,
        name: block.name,
        retired: retire,
      })
      onChanged()
    } catch (e) {
      toastError(e)
    }
  }
  return (
    <View className="card org-card" id={`block-${block.id}`}>
      <View className="org-card__head">
        <Text className="org-card__name">{block.name}</Text>
        {block.retired && <StatusTag tone="neutral">已撤销</StatusTag>}
      </View>
      <Text className="org-meta">
        {block.buildings.filter((u) => !u.retired).length} 栋楼，
        {block.buildings.filter((u) => !u.retired).reduce((n, u) => n + u.rooms.length, 0)} 个房间
      </Text>
      {block.buildings.map((u) => (
        <BuildingRow key={u.id} block={block} unit={u} onChanged={onChanged} />
      ))}
      {adding && (
        <BuildingForm
          block={block}
          onDone={() => {
            setAdding(false)
            onChanged()
          }}
        />
      )}
      <View className="org-actions">
        {!adding && !block.retired && (
          <Button size="large" onClick={() => setAdding(true)}>
            添加楼栋
          </Button>
        )}
        <Button size="large" onClick={() => void toggle()}>
          {block.retired ? '恢复片区' : '撤销片区'}
        </Button>
      </View>
    </View>
  )
}

function BuildingRow({
  block,
  unit,
  onChanged,
}: {
  block: OrgBlockView
  unit: OrgBuildingView
  onChanged: () => void
}) {
  const [editing, setEditing] = useState(false)
  if (editing)
    return (
      <BuildingForm
        block={block}
        unit={unit}
        onDone={() => {
          setEditing(false)
          onChanged()
        }}
      />
    )
  return (
    <View className="org-building">
      <View className="org-card__head">
        <Text className="org-card__name">{unit.name}</Text>
        {unit.retired && <StatusTag tone="neutral">已撤销</StatusTag>}
      </View>
      <Text className="org-meta">
        {unit.rooms.length ? `房间：${roomsText(unit.rooms)}` : '还没有登记房间'}
      </Text>
      <View className="org-actions">
        <Button size="large" onClick={() => setEditing(true)}>
          修改
        </Button>
        {!unit.retired && (
          <Button
            size="large"
            onClick={() => void Taro.navigateTo({ url: ORG_ROUTES.bindPoster(block.id, unit.id) })}
          >
            绑定二维码
          </Button>
        )}
      </View>
    </View>
  )
}

function BuildingForm({
  block,
  unit,
  onDone,
}: {
  block: OrgBlockView
  unit?: OrgBuildingView
  onDone: () => void
}) {
  const [name, setName] = useState(unit?.name ?? '')
  const [rooms, setRooms] = useState(unit ? roomsText(unit.rooms) : '')
  const { errors, check, fromServer, clear } = useFieldErrors(['buildingName', 'rooms'])
  const requestId = useRef(newRequestId())
  const send = async (retired?: boolean) => {
    const parsed = parseRooms(rooms)
    if (!check({ buildingName: !name.trim() && '请填写楼栋名称', rooms: 'error' in parsed && parsed.error }))
      return
    if ('error' in parsed) return
    try {
      await call('community', 'saveBuilding', {
        blockId: block.id,
        ...(unit ? { id: unit.id } : { clientRequestId: requestId.current }),
        name: name.trim(),
        rooms: parsed.rooms,
        ...(retired !== undefined ? { retired } : {}),
      })
      requestId.current = newRequestId()
      onDone()
    } catch (e) {
      if (!fromServer(e)) toastError(e)
    }
  }
  const [saving, save] = useSubmit(() => send())
  const toggle = async () => {
    if (!unit) return
    const retire = !unit.retired
    const ok = await confirm(
      retire ? '撤销楼栋' : '恢复楼栋',
      retire
        ? `撤销后居民绑定时不再能选「${unit.name}」，已有的家庭档案都保留。确定撤销吗？`
        : `恢复「${unit.name}」吗？`,
      retire ? '撤销' : '恢复',
    )
    if (ok) await send(retire)
  }
  return (
    <View className="org-building">
      <OrgTextField
        name="buildingName"
        label="楼栋名称"
        required
        hint="例如：3号楼"
        error={errors.buildingName}
        value={name}
        maxlength={20}
        onChange={(v) => {
          setName(v)
          clear('buildingName')
        }}
      />
      <FormField name="rooms" label="房间号" hint="用顿号隔开，连续的可以写成 101-106" error={errors.rooms}>
        {(a11y) => (
          <Textarea
            className="org-textarea"
            value={rooms}
            maxlength={4000}
            onInput={(e) => {
              setRooms(e.detail.value)
              clear('rooms')
            }}
            {...inputA11y(a11y)}
          />
        )}
      </FormField>
      <View className="org-actions">
        <Button type="primary" size="large" loading={saving} onClick={() => void save()}>
          保存楼栋
        </Button>
        {unit && (
          <Button size="large" onClick={() => void toggle()}>
            {unit.retired ? '恢复楼栋' : '撤销楼栋'}
          </Button>
        )}
        <Button size="large" onClick={onDone}>
          取消
        </Button>
      </View>
    </View>
  )
}
