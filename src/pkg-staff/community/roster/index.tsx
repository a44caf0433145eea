import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { StaffRole } from '../../../../types/roles'
import { ROLE_LABEL } from '../../../../types/roles'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { EmptyState, focusable, PageShell, QueryView, Section, PageHero } from '@/shared/ui'
import { shortDate } from '../../../community/format'
import '../../../community/community.scss'

interface Invited {
  code: string
  role: StaffRole
  expiresAt: string
}

/** 工作人员: the roster, inviting with a one-time code, assigning blocks, deactivating. */
export default function Roster() {
  const query = useQuery(async () => {
    const [roster, me] = await Promise.all([call('community', 'roster', {}), call('community', 'me', {})])
    return { ...roster, me }
  })
  const [role, setRole] = useState<StaffRole>('blockHead')
  const [picked, setPicked] = useState<string[]>([])
  const [invited, setInvited] = useState<Invited | null>(null)
  const [editing, setEditing] = useState<{ openid: string; blockIds: string[] } | null>(null)

  const toggle = (list: string[], id: string) =>
    list.includes(id) ? list.filter((x) => x !== id) : [...list, id]

  const [busy, invite] = useSubmit(async (committeeId?: string) => {
    const r = await call('community', 'invite', {
      role,
      committeeId,
      blockIds: role === 'blockHead' ? picked : [],
      clientRequestId: newRequestId(),
    })
    setInvited(r)
    setPicked([])
    await query.reload()
  })

  async function deactivate(openid: string, name: string) {
    const ok = await Taro.showModal({
      title: '停用账号',
      content: `停用后，${name}将不能再使用工作台。确定停用吗？`,
      confirmText: '停用',
    })
    if (!ok.confirm) return
    try {
      await call('community', 'deactivate', { openid })
      void Taro.showToast({ title: '已停用', icon: 'success' })
      await query.reload()
    } catch (e) {
      toastError(e)
    }
  }

  async function saveBlocks() {
    if (!editing) return
    try {
      await call('community', 'assignBlocks', editing)
      setEditing(null)
      void Taro.showToast({ title: '片区已更新', icon: 'success' })
      await query.reload()
    } catch (e) {
      toastError(e)
    }
  }

  return (
    <PageShell className="roster">
      <PageHero title="工作人员" />
      <QueryView query={query}>
        {({ staff, blocks, invites, me }) => {
          const myRole = me.staff?.role
          const roles: StaffRole[] =
            myRole === 'officer'
              ? ['committeeAdmin', 'windowClerk', 'officer']
              : ['blockHead', 'committeeAdmin']
          const blockName = (id: string) => blocks.find((b) => b.id === id)?.name ?? id
          return (
            <View>
              <Section title="邀请新的工作人员">
                {invited ? (
                  <View className="card" id="invite-result">
                    <Text className="card__title">邀请码（{ROLE_LABEL[invited.role]}）</Text>
                    <Text className="cm-code" id="invite-code">
                      {invited.code}
                    </Text>
                    <Text className="cm-hint">
                      请把邀请码告诉对方：在“我的 → 我是工作人员”里输入。只能用一次，
                      {shortDate(invited.expiresAt)}前有效。
                    </Text>
                    <View className="cm-actions">
                      <Button
                        size="large"
                        id="invite-copy"
                        onClick={() => void Taro.setClipboardData({ data: invited.code })}
                      >
                        复制
                      </Button>
                      <Button size="large" type="primary" onClick={() => setInvited(null)}>
                        再邀请一位
                      </Button>
                    </View>
                  </View>
                ) : (
                  <View className="card">
                    <Text className="cm-field__label">岗位</Text>
                    <View className="cm-chips" role="radiogroup">
                      {roles.map((r) => (
                        <View
                          key={r}
                          id={`invite-role-${r}`}
                          role="radio"
                          aria-checked={role === r}
                          {...focusable}
                          className={`cm-chip ${role === r ? 'cm-chip--on' : ''}`}
                          onClick={() => setRole(r)}
                        >
                          <Text>{ROLE_LABEL[r]}</Text>
                        </View>
                      ))}
                    </View>
                    {role === 'blockHead' && blocks.length > 0 && (
                      <View>
                        <Text className="cm-field__label">负责的片区（可以以后再分）</Text>
                        <View className="cm-chips">
                          {blocks.map((b) => (
                            <View
                              key={b.id}
                              id={`invite-block-${b.id}`}
                              role="checkbox"
                              aria-checked={picked.includes(b.id)}
                              {...focusable}
                              className={`cm-chip ${picked.includes(b.id) ? 'cm-chip--on' : ''}`}
                              onClick={() => setPicked(toggle(picked, b.id))}
                            >
                              <Text>{b.name}</Text>
                            </View>
                          ))}
                        </View>
                      </View>
                    )}
                    <View className="cm-actions">
                      <Button
                        id="invite-create"
                        type="primary"
                        size="large"
                        loading={busy}
                        onClick={() => void invite(me.staff?.committeeId)}
                      >
                        生成邀请码
                      </Button>
                    </View>
                  </View>
                )}
                {invites.length > 0 && (
                  <Text className="cm-hint">
                    还没用的邀请码：{invites.map((i) => `${i.code}（${ROLE_LABEL[i.role]}）`).join('、')}
                  </Text>
                )}
              </Section>
              <Section title="名单">
                {staff.length === 0 ? (
                  <EmptyState title="还没有工作人员" />
                ) : (
                  staff.map((s) => (
                    <View key={s.openid} className="card" id={`staff-${s.openid}`}>
                      <Text className="card__title">
                        {s.name} · {ROLE_LABEL[s.role]}
                        {s.active ? '' : '（已停用）'}
                      </Text>
                      <Text className="card__meta">
                        {[s.phoneMasked, s.blockIds.map(blockName).join('、')].filter(Boolean).join(' · ')}
                      </Text>
                      {editing?.openid === s.openid ? (
                        <View>
                          <View className="cm-chips">
                            {blocks.map((b) => (
                              <View
                                key={b.id}
                                role="checkbox"
                                aria-checked={editing.blockIds.includes(b.id)}
                                {...focusable}
                                className={`cm-chip ${editing.blockIds.includes(b.id) ? 'cm-chip--on' : ''}`}
                                onClick={() =>
                                  setEditing({ ...editing, blockIds: toggle(editing.blockIds, b.id) })
                                }
                              >
                                <Text>{b.name}</Text>
                              </View>
                            ))}
                          </View>
                          <View className="cm-actions">
                            <Button size="large" onClick={() => setEditing(null)}>
                              取消
                            </Button>
                            <Button size="large" type="primary" onClick={() => void saveBlocks()}>
                              保存片区
                            </Button>
                          </View>
                        </View>
                      ) : (
                        s.active &&
                        s.openid !== me.openid && (
                          <View className="cm-actions">
                            {s.role === 'blockHead' && myRole === 'committeeAdmin' && (
                              <Button
                                size="large"
                                onClick={() => setEditing({ openid: s.openid, blockIds: s.blockIds })}
                              >
                                分配片区
                              </Button>
                            )}
                            <Button
                              size="large"
                              className="cm-deactivate"
                              onClick={() => void deactivate(s.openid, s.name)}
                            >
                              停用
                            </Button>
                          </View>
                        )
                      )}
                    </View>
                  ))
                )}
              </Section>
            </View>
          )
        }}
      </QueryView>
    </PageShell>
  )
}
