import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { StaffRole } from '../../../../types/roles'
import { ROLE_LABEL } from '../../../../types/roles'
import { call, newRequestId } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { Chips, optionsOf, RadioChips } from '@/shared/ui'
import { shortDate } from '../../../community/format'

interface Unit {
  id: string
  name: string
}

interface Invited {
  code: string
  role: StaffRole
  expiresAt: string
  unitName?: string
}

/**
 * 邀请新的工作人员. An officer invites committee admins (picking the committee), window clerks (picking the
 * service center) and other officers; a committee admin invites block heads (picking their blocks) and
 * fellow admins of the own committee.
 */
export function InviteForm({
  myRole,
  myCommitteeId,
  committees,
  centers,
  blocks,
  onInvited,
}: {
  myRole: StaffRole
  myCommitteeId?: string
  committees: readonly Unit[]
  centers: readonly Unit[]
  blocks: readonly Unit[]
  onInvited: () => Promise<void>
}) {
  const officer = myRole === 'officer'
  const roles: StaffRole[] = officer
    ? ['committeeAdmin', 'windowClerk', 'officer']
    : ['blockHead', 'committeeAdmin']
  const [role, setRole] = useState<StaffRole>(roles[0])
  const [committeeId, setCommitteeId] = useState<string | undefined>(
    officer ? (committees.length === 1 ? committees[0].id : undefined) : myCommitteeId,
  )
  const [centerId, setCenterId] = useState<string | undefined>(
    centers.length === 1 ? centers[0].id : undefined,
  )
  const [picked, setPicked] = useState<string[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  const [invited, setInvited] = useState<Invited | null>(null)
  // One id per invitation being made: a retried tap (lost answer) gets the same code back.
  const [requestId, setRequestId] = useState(newRequestId)

  const needsCommittee = officer && role === 'committeeAdmin'
  const needsCenter = role === 'windowClerk'

  const [busy, invite] = useSubmit(async () => {
    if (needsCommittee && !committeeId) return setProblem('请先选择居委会')
    if (needsCenter && !centerId) return setProblem('请先选择服务中心')
    setProblem(null)
    const r = await call('community', 'invite', {
      role,
      ...(role === 'committeeAdmin' || role === 'blockHead' ? { committeeId } : {}),
      ...(needsCenter ? { centerId } : {}),
      blockIds: role === 'blockHead' ? picked : [],
      clientRequestId: requestId,
    })
    const unitName = needsCenter
      ? centers.find((c) => c.id === centerId)?.name
      : committees.find((c) => c.id === r.committeeId)?.name
    setInvited({ ...r, unitName })
    setPicked([])
    setRequestId(newRequestId())
    await onInvited()
  })

  if (invited) {
    return (
      <View className="card" id="invite-result">
        <Text className="card__title">
          邀请码（{[invited.unitName, ROLE_LABEL[invited.role]].filter(Boolean).join(' ')}）
        </Text>
        <Text className="cm-code" id="invite-code">
          {invited.code}
        </Text>
        <Text className="cm-hint">
          请把邀请码告诉对方：在“我的 → 我是工作人员”里输入。只能用一次，{shortDate(invited.expiresAt)}
          前有效。
        </Text>
        <View className="cm-actions">
          <Button
            size="large"
            id="invite-copy"
            onClick={() => void Taro.setClipboardData({ data: invited.code })}
          >
            复制
          </Button>
          <Button size="large" type="primary" id="invite-again" onClick={() => setInvited(null)}>
            再邀请一位
          </Button>
        </View>
      </View>
    )
  }

  return (
    <View className="card" id="invite-form">
      <View className="cm-field">
        <Text className="cm-field__label" id="invite-role-label">
          岗位
        </Text>
        <RadioChips
          labelledBy="invite-role-label"
          idPrefix="invite-role"
          options={optionsOf(roles, ROLE_LABEL)}
          value={role}
          onChange={(r) => {
            setRole(r)
            setProblem(null)
          }}
        />
      </View>
      {needsCommittee && (
        <UnitPicker
          id="invite-committee"
          label="哪个居委会"
          units={committees}
          value={committeeId}
          empty="本街道还没有居委会，请先在组织架构里添加。"
          onPick={(id) => {
            setCommitteeId(id)
            setProblem(null)
          }}
        />
      )}
      {needsCenter && (
        <UnitPicker
          id="invite-center"
          label="哪个服务中心"
          units={centers}
          value={centerId}
          empty="本街道还没有服务中心，请先在组织架构里添加。"
          onPick={(id) => {
            setCenterId(id)
            setProblem(null)
          }}
        />
      )}
      {role === 'blockHead' && blocks.length > 0 && (
        <View className="cm-field">
          <Text className="cm-field__label" id="invite-blocks-label">
            负责的片区（可以多选，也可以以后再分）
          </Text>
          <Chips
            labelledBy="invite-blocks-label"
            idPrefix="invite-block"
            options={blocks.map((b) => ({ value: b.id, label: b.name }))}
            values={picked}
            onChange={setPicked}
          />
        </View>
      )}
      {problem && (
        <View className="cm-problem" id="invite-problem" role="alert">
          <Text>{problem}</Text>
        </View>
      )}
      <View className="cm-actions">
        <Button id="invite-create" type="primary" size="large" loading={busy} onClick={() => void invite()}>
          生成邀请码
        </Button>
      </View>
    </View>
  )
}

function UnitPicker({
  id,
  label,
  units,
  value,
  empty,
  onPick,
}: {
  id: string
  label: string
  units: readonly Unit[]
  value?: string
  empty: string
  onPick: (id: string) => void
}) {
  return (
    <View className="cm-field">
      <Text className="cm-field__label" id={`${id}-label`}>
        {label}
      </Text>
      {units.length === 0 ? (
        <Text className="cm-hint">{empty}</Text>
      ) : (
        <RadioChips
          labelledBy={`${id}-label`}
          idPrefix={id}
          options={units.map((u) => ({ value: u.id, label: u.name }))}
          value={value}
          onChange={onPick}
        />
      )}
    </View>
  )
}
