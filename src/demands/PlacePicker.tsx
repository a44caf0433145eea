import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { CommitteeView, MeOutput } from '../../types/community'
import type { DemandLocation, MapPoint } from '../../types/demands'
import { call } from '@/shared/api'
import { FormField, RadioChips, type ChipOption } from '@/shared/ui'
import { IS_H5 } from '@/shared/session'
import { explainWxFailure, wxFailureKind } from '@/shared/wxFailure'

export type PlaceKindChoice = 'home' | 'block' | 'spot' | 'map'

/** Where the problem is, as the submit form keeps it until it is sent. */
export interface PlaceState {
  kind: PlaceKindChoice
  blockId?: string
  building?: string
  spot?: string
  point?: MapPoint
  committeeId?: string
}

const SPOTS = ['小区大门', '中心花园', '停车场', '健身器材', '垃圾站', '楼下道路']

/** The place as `submit` takes it; `undefined` is the resident's own building; a string says what is missing. */
export function locationOf(p: PlaceState): DemandLocation | undefined | string {
  if (p.kind === 'home') return undefined
  if (p.kind === 'block') {
    if (!p.blockId) return '请选择是哪个小区'
    return { blockId: p.blockId, ...(p.building ? { building: p.building } : {}) }
  }
  if (p.kind === 'spot') {
    const spot = (p.spot ?? '').trim()
    if (spot.length < 2) return '请写下是哪个公共场所，比如：中心花园'
    return { spot, ...(p.committeeId ? { committeeId: p.committeeId } : {}) }
  }
  if (!p.point) return '请在地图上选一个位置'
  return { point: p.point, ...(p.committeeId ? { committeeId: p.committeeId } : {}) }
}

/**
 * 问题在哪里: the resident's own building by default; another block and building of their committees; a
 * public spot by name; or a point on the map (WeChat's chooseLocation — the browser build offers the lists).
 */
export function PlacePicker({
  value,
  onChange,
  error,
}: {
  value: PlaceState
  onChange: (p: PlaceState) => void
  error?: string | null
}) {
  const [me, setMe] = useState<MeOutput | null>(null)
  const [committees, setCommittees] = useState<CommitteeView[]>([])
  useEffect(() => {
    let live = true
    void Promise.all([call('community', 'me', {}), call('community', 'committees', {})])
      .then(([m, c]) => {
        if (!live) return
        setMe(m)
        const mine = new Set([...m.committees.map((x) => x.id), ...m.bindings.map((b) => b.committeeId)])
        setCommittees(c.items.filter((x) => mine.has(x.id)))
      })
      .catch(() => undefined)
    return () => {
      live = false
    }
  }, [])

  const home = me?.bindings.find((b) => b.status === 'confirmed')
  // No household on file: there is no "my building" to default to.
  useEffect(() => {
    if (me && !home && value.kind === 'home') onChange({ kind: 'block' })
  }, [me, home, value.kind, onChange])

  const kinds: ChipOption<PlaceKindChoice>[] = [
    ...(home || !me
      ? [{ value: 'home' as const, label: home ? `我家楼（${home.building}）` : '我家楼' }]
      : []),
    { value: 'block', label: '别的楼' },
    { value: 'spot', label: '公共场所' },
    ...(IS_H5 ? [] : [{ value: 'map' as const, label: '在地图上选' }]),
  ]
  const blocks = committees.flatMap((c) => c.blocks.map((b) => ({ ...b, committeeName: c.name })))
  const block = blocks.find((b) => b.id === value.blockId)
  const manyCommittees = committees.length > 1

  async function pickOnMap() {
    try {
      const r = await Taro.chooseLocation({})
      onChange({
        ...value,
        point: {
          latitude: r.latitude,
          longitude: r.longitude,
          ...(r.name ? { name: r.name.slice(0, 50) } : {}),
          ...(r.address ? { address: r.address.slice(0, 100) } : {}),
        },
      })
    } catch (e) {
      // A refused location permission or privacy guide is explained with its way out; anything else
      // points to the lists, which always work.
      if (wxFailureKind(e) !== 'other') return explainWxFailure(e, '在地图上选位置', '位置信息')
      void Taro.showToast({ title: '没能打开地图，请改选楼或公共场所', icon: 'none', duration: 2500 })
    }
  }

  return (
    <FormField
      name="location"
      label="4. 问题在哪里？"
      hint={IS_H5 ? '在手机微信里还可以在地图上选位置' : undefined}
      error={error}
    >
      <RadioChips
        label="问题在哪里"
        idPrefix="place"
        options={kinds}
        value={value.kind}
        onChange={(kind) => onChange({ kind })}
      />
      {value.kind === 'block' && (
        <View className="demand-place">
          <Text className="demand-field__label" id="place-block-label">
            哪个小区？
          </Text>
          <RadioChips
            labelledBy="place-block-label"
            idPrefix="place-block"
            options={blocks.map((b) => ({
              value: b.id,
              label: manyCommittees ? `${b.committeeName} ${b.name}` : b.name,
            }))}
            value={value.blockId}
            onChange={(blockId) => onChange({ kind: 'block', blockId })}
          />
          {block && block.buildings.length > 0 && (
            <>
              <Text className="demand-field__label" id="place-building-label">
                哪栋楼？（不确定可以不选）
              </Text>
              <RadioChips
                labelledBy="place-building-label"
                idPrefix="place-building"
                options={block.buildings.map((b) => ({ value: b, label: b }))}
                value={value.building}
                onChange={(building) => onChange({ ...value, building })}
              />
            </>
          )}
        </View>
      )}
      {value.kind === 'spot' && (
        <View className="demand-place">
          <Input
            className="demand-input"
            value={value.spot ?? ''}
            maxlength={30}
            placeholder="比如：中心花园、东门停车场"
            onInput={(e) => onChange({ ...value, spot: e.detail.value })}
            {...({ 'aria-label': '公共场所的名字' } as object)}
          />
          <RadioChips
            label="常见的公共场所"
            idPrefix="place-spot"
            options={SPOTS.map((s) => ({ value: s, label: s }))}
            value={value.spot}
            onChange={(spot) => onChange({ ...value, spot })}
          />
        </View>
      )}
      {value.kind === 'map' && (
        <View className="demand-place">
          {value.point && (
            <Text className="card__body">
              已选：{value.point.name ?? value.point.address ?? '地图上的位置'}
            </Text>
          )}
          <Button size="large" onClick={() => void pickOnMap()}>
            {value.point ? '重新选位置' : '打开地图选位置'}
          </Button>
        </View>
      )}
      {(value.kind === 'spot' || value.kind === 'map') && manyCommittees && (
        <View className="demand-place">
          <Text className="demand-field__label" id="place-committee-label">
            属于哪个居委会？
          </Text>
          <RadioChips
            labelledBy="place-committee-label"
            idPrefix="place-committee"
            options={committees.map((c) => ({ value: c.id, label: c.name }))}
            value={value.committeeId}
            onChange={(committeeId) => onChange({ ...value, committeeId })}
          />
        </View>
      )}
    </FormField>
  )
}
