import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import type { RosterEntry } from '../../../../types/community'
import { ROLE_LABEL } from '../../../../types/roles'
import { call, newRequestId, toastError } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { Chips, EmptyState, PageShell, QueryView, RadioChips, Section, PageHero } from '@/shared/ui'
import { HandoverPanel } from './HandoverPanel'
import { InviteForm } from './InviteForm'
import '../../../community/community.scss'
import './roster.scss'

type Filter = { kind: 'all' } | { kind: 'committee' | 'center'; id: string }

/**
 * 工作人员: the roster of a committee (committee admin) or of the sub-district, one committee or one service
 * center (officer); inviting with a one-time code, assigning blocks, deactivating.
 */
export default function Roster() {
  const [filter, setFilter] = useState<Filter>({ kind: 'all' })
  // What the next load asks for, set before it starts (state would only be there after the next render).
  const asked = useRef<Filter>(filter)
  const query = useQuery(async () => {
    const filter = asked.current
    const [roster, me, units] = await Promise.all([
      call('community', 'roster', {
        ...(filter.kind === 'committee' ? { committeeId: filter.id } : {}),
        ...(filter.kind === 'center' ? { centerId: filter.id } : {}),
      }),
      call('community', 'me', {}),
      call('community', 'units', {}),
    ])
    return { ...roster, me, units }
  })
  const [editing, setEditing] = useState<{ openid: string; blockIds: string[] } | null>(null)
  const [handingOver, setHandingOver] = useState<string | null>(null)

  const choose = (f: Filter) => {
    setFilter(f)
    asked.current = f
    void query.reload()
  }

  async function deactivate(s: RosterEntry) {
    const ok = await Taro.showModal({
      title: '停用账号',
      content:
        s.role === 'blockHead'
          ? `停用后，${s.name}马上就不能再使用工作台了，负责的片区先由居委会管理员代管。还没办完的诉求请用“交接工作”交给同事。确定停用吗？`
          : `停用后，${s.name}马上就不能再使用工作台了。确定停用吗？`,
      confirmText: '停用',
      cancelText: '不停用',
    })
    if (!ok.confirm) return
    try {
      await call('community', 'deactivate', { openid: s.openid })
      void Taro.showToast({ title: '已停用', icon: 'success' })
      await query.reload()
    } catch (e) {
      toastError(e)
    }
  }

  async function saveBlocks() {
    if (!editing) return
    try {
      await call('community', 'assignBlocks', { ...editing, clientRequestId: newRequestId() })
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
        {({ staff, blocks, invites, me, units }) => {
          const myRole = me.staff?.role
          if (!myRole) return <EmptyState title="您还没有工作权限" />
          const officer = myRole === 'officer'
          const handsOver = (x: RosterEntry) => x.role === 'blockHead' && myRole === 'committeeAdmin'
          const blockName = (id: string) => blocks.find((b) => b.id === id)?.name ?? id
          // The sub-district-wide list carries no blocks (they belong to one committee's roster): count them.
          const blocksOf = (ids: readonly string[]) =>
            ids.length === 0
              ? undefined
              : ids.every((id) => blocks.some((b) => b.id === id))
                ? ids.map(blockName).join('、')
                : `负责${ids.length}个片区`
          const unitName = (s: { committeeId?: string; centerId?: string }) =>
            units.committees.find((c) => c.id === s.committeeId)?.name ??
            units.centers.find((c) => c.id === s.centerId)?.name
          return (
            <View>
              <Section title="邀请新的工作人员">
                <InviteForm
                  myRole={myRole}
                  myCommitteeId={me.staff?.committeeId}
                  committees={units.committees}
                  centers={units.centers}
                  blocks={blocks.map((b) => ({ id: b.id, name: b.name }))}
                  onInvited={query.reload}
                />
                <Button
                  id="roster-import"
                  size="large"
                  onClick={() => void Taro.navigateTo({ url: '/pkg-office/org/import/index?kind=staff' })}
                >
                  从 Excel 导入名单（人多时）
                </Button>
                {invites.length > 0 && (
                  <Text className="cm-hint" id="open-invites">
                    还没用的邀请码：
                    {invites
                      .map(
                        (i) => `${i.code}（${[unitName(i), ROLE_LABEL[i.role]].filter(Boolean).join(' ')}）`,
                      )
                      .join('、')}
                  </Text>
                )}
              </Section>
              <Section title="名单">
                {officer && (
                  <RadioChips
                    className="roster__units"
                    label="看哪个单位的名单"
                    idPrefix="roster-unit"
                    options={[
                      { value: 'all', label: '全街道' },
                      ...[...units.committees, ...units.centers].map((u) => ({ value: u.id, label: u.name })),
                    ]}
                    value={filter.kind === 'all' ? 'all' : filter.id}
                    onChange={(v) =>
                      choose(
                        v === 'all'
                          ? { kind: 'all' }
                          : {
                              kind: units.committees.some((c) => c.id === v) ? 'committee' : 'center',
                              id: v,
                            },
                      )
                    }
                  />
                )}
                {staff.length === 0 ? (
                  <EmptyState title="还没有工作人员" description="生成邀请码，请对方在“我的”里输入。" />
                ) : (
                  staff.map((s) => (
                    <View key={s.openid} className="card" id={`staff-${s.openid}`}>
                      <Text className={`card__title ${s.active ? '' : 'roster__inactive'}`}>
                        {s.name} · {ROLE_LABEL[s.role]}
                        {s.active ? '' : '（已停用）'}
                      </Text>
                      <Text className="card__meta">
                        {[officer ? unitName(s) : undefined, s.phoneMasked, blocksOf(s.blockIds)]
                          .filter(Boolean)
                          .join(' · ')}
                      </Text>
                      {handingOver === s.openid ? (
                        <HandoverPanel
                          from={s}
                          colleagues={staff.filter(
                            (c) =>
                              c.active &&
                              c.openid !== s.openid &&
                              (c.role === 'blockHead' || c.role === 'committeeAdmin'),
                          )}
                          blockName={blockName}
                          onCancel={() => setHandingOver(null)}
                          onDone={async () => {
                            setHandingOver(null)
                            await query.reload()
                          }}
                        />
                      ) : editing?.openid === s.openid ? (
                        <View className="roster__panel">
                          <Text className="cm-field__label" id={`blocks-label-${s.openid}`}>
                            {s.name}负责的片区
                          </Text>
                          <Chips
                            labelledBy={`blocks-label-${s.openid}`}
                            options={blocks.map((b) => ({ value: b.id, label: b.name }))}
                            values={editing.blockIds}
                            onChange={(blockIds) => setEditing({ ...editing, blockIds })}
                          />
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
                        (s.active || handsOver(s)) &&
                        s.openid !== me.openid && (
                          <View className="cm-actions">
                            {s.active && handsOver(s) && (
                              <Button
                                size="large"
                                id={`assign-${s.openid}`}
                                onClick={() => setEditing({ openid: s.openid, blockIds: s.blockIds })}
                              >
                                分配片区
                              </Button>
                            )}
                            {handsOver(s) && (
                              <Button
                                size="large"
                                id={`handover-${s.openid}`}
                                onClick={() => setHandingOver(s.openid)}
                              >
                                {/* A head deactivated before hand-overs existed may still hold open cases. */}
                                {s.active ? '交接工作' : '交接遗留诉求'}
                              </Button>
                            )}
                            {s.active && (
                              <Button
                                size="large"
                                className="cm-deactivate"
                                id={`deactivate-${s.openid}`}
                                onClick={() => void deactivate(s)}
                              >
                                停用
                              </Button>
                            )}
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
