import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import type { RosterEntry } from '../../../../types/community'
import { ROLE_LABEL } from '../../../../types/roles'
import { call, newRequestId } from '@/shared/api'
import { useSubmit } from '@/shared/hooks/useSubmit'
import { Chips, RadioChips } from '@/shared/ui'

/**
 * 交接工作: a departing block head's blocks and open cases go to one colleague in one step (optionally with
 * the account deactivated). The request id is kept until it succeeds, so a retry after a lost answer is the
 * same hand-over, not a second one.
 */
export function HandoverPanel({
  from,
  colleagues,
  blockName,
  onDone,
  onCancel,
}: {
  from: RosterEntry
  colleagues: readonly RosterEntry[]
  blockName: (id: string) => string
  onDone: () => Promise<void>
  onCancel: () => void
}) {
  const [to, setTo] = useState<string | null>(null)
  const [deactivate, setDeactivate] = useState<('off' | 'on')[]>(['on'])
  const [problem, setProblem] = useState<string | null>(null)
  const [requestId] = useState(newRequestId)
  const idp = `handover-${from.openid}`

  const [busy, submit] = useSubmit(async () => {
    const target = colleagues.find((c) => c.openid === to)
    if (!target) return setProblem('请先选择接手的同事')
    setProblem(null)
    const off = from.active && deactivate.includes('on')
    const ok = await Taro.showModal({
      title: '确认交接',
      content: `${from.name}负责的片区和还没办完的诉求将交给${target.name}${off ? `，${from.name}的账号同时停用` : ''}。确定吗？`,
      confirmText: '交接',
      cancelText: '再想想',
    })
    if (!ok.confirm) return
    const r = await call('community', 'handover', {
      fromOpenid: from.openid,
      toOpenid: target.openid,
      deactivate: off,
      clientRequestId: requestId,
    })
    void Taro.showToast({
      title: `已交给${r.toName}：${r.blockIds.length}个片区、${r.cases}件诉求`,
      icon: 'none',
      duration: 3000,
    })
    await onDone()
  })

  return (
    <View className="roster__panel" id={idp}>
      <Text className="cm-field__label" id={`${idp}-label`}>
        {from.name}的工作交给谁
      </Text>
      <Text className="cm-hint">
        {from.blockIds.length > 0 ? `片区：${from.blockIds.map(blockName).join('、')}。` : '没有负责的片区。'}
        还没办完的诉求也一起交过去，每件诉求的处理记录里会写明。
      </Text>
      {colleagues.length === 0 ? (
        <Text className="cm-hint">本居委会还没有其他在职的块长，请先邀请一位。</Text>
      ) : (
        <RadioChips
          labelledBy={`${idp}-label`}
          idPrefix={`${idp}-to`}
          options={colleagues.map((c) => ({ value: c.openid, label: `${c.name}（${ROLE_LABEL[c.role]}）` }))}
          value={to}
          onChange={(v) => {
            setTo(v)
            setProblem(null)
          }}
        />
      )}
      {from.active && (
        <Chips
          label="交接后停用账号"
          idPrefix={`${idp}-deactivate`}
          options={[{ value: 'on' as const, label: `交接后停用${from.name}的账号` }]}
          values={deactivate}
          onChange={setDeactivate}
        />
      )}
      {problem && (
        <View className="cm-problem" role="alert">
          <Text>{problem}</Text>
        </View>
      )}
      <View className="cm-actions">
        <Button size="large" onClick={onCancel}>
          取消
        </Button>
        <Button
          size="large"
          type="primary"
          id={`${idp}-confirm`}
          loading={busy}
          onClick={() => void submit()}
        >
          确认交接
        </Button>
      </View>
    </View>
  )
}
