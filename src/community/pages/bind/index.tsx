import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro, { useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import {
  EmptyState,
  FormField,
  PageShell,
  QueryView,
  PageHero,
  RadioChips,
  useFieldErrors,
} from '@/shared/ui'
import { bindingAddress, BINDING_STATUS, COMMUNITY_ROUTES } from '../../format'
import '../../community.scss'

/**
 * 绑定我家: pick the block and building, type the room; the block head confirms. A building's bind code opens
 * this page with the building already picked.
 */
export default function Bind() {
  const router = useRouter()
  const [committeeId, setCommitteeId] = useState<string | undefined>(router.params.committee)
  const [blockId, setBlockId] = useState<string>()
  const [building, setBuilding] = useState<string>()
  const [room, setRoom] = useState('')
  const { errors, check, clear } = useFieldErrors(['place', 'room'])
  const scanned = useRef(false)
  const query = useQuery(async () => {
    // A building's bind code (scene b=<block>.<building>): follow its committee, then start at that building.
    if (router.params.scene && !scanned.current) {
      scanned.current = true
      const r = await call('community', 'follow', { scene: router.params.scene })
      setCommitteeId(r.committee.id)
      if (r.building) {
        setBlockId(r.building.blockId)
        setBuilding(r.building.name)
      }
    }
    const [me, list] = await Promise.all([call('community', 'me', {}), call('community', 'committees', {})])
    return { me, committees: list.items.filter((c) => me.committees.some((m) => m.id === c.id)) }
  })

  const [sending, bind] = useSubmit(async (blockId: string, building: string) => {
    const r = await call('community', 'bindHousehold', { blockId, building, room: room.trim() })
    await Taro.showModal({
      title: '已提交',
      content: `${bindingAddress(r.binding)}：${BINDING_STATUS[r.binding.status]}。块长确认后就绑定好了。`,
      showCancel: false,
    })
    void Taro.navigateBack().catch(() => Taro.switchTab({ url: '/community/pages/home/index' }))
  })
  async function submit() {
    const ok = check({
      place: (!blockId || !building) && '请选择小区和楼栋',
      room: !room.trim() && '请填写房间号',
    })
    if (ok && blockId && building) await bind(blockId, building)
  }

  return (
    <PageShell className="bind">
      <PageHero title="绑定我家" subtitle="一个居委会只能绑定一户。提交后，块长会核对并确认。" />
      <QueryView query={query}>
        {({ me, committees }) => {
          if (committees.length === 0) {
            return (
              <EmptyState
                title="请先关注您家所在的居委会"
                actionText="去关注"
                onAction={() => void Taro.redirectTo({ url: COMMUNITY_ROUTES.committees })}
              />
            )
          }
          const committee = committees.find((c) => c.id === committeeId) ?? committees[0]
          const existing = me.bindings.find((b) => b.committeeId === committee.id && b.status !== 'declined')
          const block = committee.blocks.find((b) => b.id === blockId)
          return (
            <View>
              {committees.length > 1 && (
                <View className="cm-field">
                  <Text className="cm-field__label">居委会</Text>
                  <RadioChips
                    label="居委会"
                    idPrefix="committee-pick"
                    options={committees.map((c) => ({ value: c.id, label: c.name, className: 'cm-chip' }))}
                    value={committee.id}
                    onChange={(id) => {
                      setCommitteeId(id)
                      setBlockId(undefined)
                      setBuilding(undefined)
                    }}
                  />
                </View>
              )}
              {existing ? (
                <View className="card">
                  <Text className="card__title">您已绑定：{bindingAddress(existing)}</Text>
                  <Text className={`card__body cm-status--${existing.status}`}>
                    {BINDING_STATUS[existing.status]}
                  </Text>
                </View>
              ) : (
                <View>
                  <View className="cm-field">
                    <Text className="cm-field__label">1. 哪个小区？</Text>
                    <RadioChips
                      label="哪个小区"
                      idPrefix="block"
                      options={committee.blocks.map((b) => ({
                        value: b.id,
                        label: b.name,
                        className: 'cm-chip',
                      }))}
                      value={blockId}
                      onChange={(id) => {
                        setBlockId(id)
                        setBuilding(undefined)
                      }}
                    />
                  </View>
                  {block && (
                    <View className="cm-field">
                      <Text className="cm-field__label">2. 几号楼？</Text>
                      <RadioChips
                        label="几号楼"
                        idPrefix="building"
                        options={block.buildings.map((name) => ({
                          value: name,
                          label: name,
                          className: 'cm-chip',
                        }))}
                        value={building}
                        onChange={(b) => {
                          setBuilding(b)
                          clear('place')
                        }}
                      />
                    </View>
                  )}
                  {errors.place && (
                    <View id="field-place" className="form-field__error" role="alert">
                      <Text>{errors.place}</Text>
                    </View>
                  )}
                  <FormField name="room" label="3. 房间号" required error={errors.room}>
                    {(a11y) => (
                      <Input
                        className="cm-input"
                        id="room-input"
                        type="text"
                        value={room}
                        maxlength={20}
                        placeholder="例如：101"
                        onInput={(e) => {
                          setRoom(e.detail.value)
                          clear('room')
                        }}
                        {...({ 'aria-label': a11y['aria-label'], nativeProps: a11y.nativeProps } as object)}
                      />
                    )}
                  </FormField>
                  <Button
                    id="bind-submit"
                    type="primary"
                    size="large"
                    block
                    loading={sending}
                    onClick={() => void submit()}
                  >
                    提交，等块长确认
                  </Button>
                </View>
              )}
            </View>
          )
        }}
      </QueryView>
    </PageShell>
  )
}
