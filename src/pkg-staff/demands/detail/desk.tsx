/**
 * The parts of the case page that hand a case on (转派、交办) and the sub-district desk's steps: which actions
 * a caller has, the case's channel, work order and department, and the picker of colleagues and departments
 * that replaces typing an id.
 */
import { Text, View } from '@tarojs/components'
import { CHANNEL_LABEL, type DemandDetail } from '../../../../types/demands'
import { call } from '@/shared/api'
import { useQuery } from '@/shared/hooks/useQuery'
import { QueryView, RadioChips, Section } from '@/shared/ui'
import { when } from '@/demands/format'

export type Act =
  | 'reply'
  | 'resolve'
  | 'reject'
  | 'toMeeting'
  | 'escalate'
  | 'markMicroMatter'
  | 'transfer'
  | 'departmentAnswer'
  | 'sendBack'

export interface ActSpec {
  key: Act
  label: string
  hint: string
}

const ALL: Record<Act, ActSpec> = {
  reply: { key: 'reply', label: '回复居民', hint: '告诉居民您了解到的情况和下一步怎么办' },
  resolve: { key: 'resolve', label: '已办结', hint: '写清楚办理结果，居民会收到通知并评价' },
  toMeeting: { key: 'toMeeting', label: '提交例会', hint: '说明为什么要上会研究' },
  escalate: { key: 'escalate', label: '上报街道', hint: '说明需要街道协调的原因' },
  markMicroMatter: {
    key: 'markMicroMatter',
    label: '列为微实事',
    hint: '居民自己能办的小事：写出方案，申请和谐自治金',
  },
  transfer: { key: 'transfer', label: '转派', hint: '写清楚转派原因和办理要求' },
  departmentAnswer: { key: 'departmentAnswer', label: '记录部门答复', hint: '部门是怎么答复的' },
  sendBack: { key: 'sendBack', label: '退回居委会', hint: '写清楚要居委会怎么办' },
  reject: { key: 'reject', label: '不予办理', hint: '必须先调研：了解了什么、联系了谁、为什么办不了' },
}

/**
 * What the caller can do with this case now: the desk (an officer) replies, hands it to a department, sends an
 * escalated case back, records a department's answer and resolves; committee staff do everything else too.
 * While a department holds the case its answer comes first, and resolving waits for it.
 */
export function actsFor(d: DemandDetail): ActSpec[] {
  const keys: Act[] = d.desk
    ? ['reply', 'transfer', ...(d.status === 'escalated' ? (['sendBack'] as const) : []), 'resolve']
    : ['reply', 'resolve', 'toMeeting', 'escalate', 'markMicroMatter', 'transfer', 'reject']
  const withAnswer: Act[] = d.department
    ? ['departmentAnswer', ...keys.filter((k) => k !== 'resolve' && k !== 'transfer')]
    : keys
  return withAnswer.map((k) => ({
    ...ALL[k],
    ...(k === 'transfer' && d.desk ? { label: '交办部门', hint: '写清楚要部门办什么、几天内答复' } : {}),
  }))
}

/** How the case came in, its 12345 work order, the caller's phone and the department holding it. */
export function CaseFacts({ d }: { d: DemandDetail }) {
  const lines = [
    `受理渠道：${CHANNEL_LABEL[d.channel]}`,
    d.hotline
      ? `12345工单号：${d.hotline.orderNo}${d.hotline.dueAt ? `，工单时限 ${when(d.hotline.dueAt)}` : ''}`
      : '',
    d.contactPhone ? `来电人电话：${d.contactPhone}` : '',
  ].filter(Boolean)
  return (
    <Section title="来源和去向">
      <View className="demand-field case-facts">
        {lines.map((l) => (
          <Text key={l} className="card__meta">
            {l}
          </Text>
        ))}
        {d.department && (
          <View className="card demand-dept">
            <Text className="card__body">
              已交办{d.department.name}（{d.department.kindLabel}），等它答复
            </Text>
            <Text className="card__meta">
              联系人：{d.department.contactName} {d.department.phone} · {when(d.department.since)} 交办
            </Text>
            <Text className="card__meta">办理要求：{d.department.instructions}</Text>
          </View>
        )}
      </View>
    </Section>
  )
}

/** `o:<openid>` for a colleague, `d:<id>` for a department. */
export type TransferTarget = `o:${string}` | `d:${string}`

/** The picker of colleagues (committee staff) and the sub-district's departments, each with its contact. */
export function TransferPicker({
  d,
  value,
  onChange,
}: {
  d: DemandDetail
  value: TransferTarget | null
  onChange: (v: TransferTarget) => void
}) {
  const query = useQuery(() => call('demands', 'transferTargets', { id: d.id }))
  return (
    <QueryView query={query} skeletonRows={2}>
      {(t) => {
        const dept = t.departments.find((x) => `d:${x.id}` === value)
        return (
          <View className="transfer-picker">
            {t.colleagues.length > 0 && (
              <View>
                <Text className="demand-field__label" id="transfer-colleagues">
                  转给本居委会的同事
                </Text>
                <RadioChips
                  labelledBy="transfer-colleagues"
                  idPrefix="to"
                  options={t.colleagues.map((c) => ({
                    value: `o:${c.openid}` as TransferTarget,
                    label: `${c.name}（${c.role === 'blockHead' ? '块长' : '管理员'}）`,
                  }))}
                  value={value}
                  onChange={onChange}
                />
              </View>
            )}
            <Text className="demand-field__label" id="transfer-departments">
              交给职能部门（案件保留时限，等部门答复）
            </Text>
            {t.departments.length === 0 ? (
              <Text className="card__meta">街道还没有登记职能部门。</Text>
            ) : (
              <RadioChips
                labelledBy="transfer-departments"
                idPrefix="dept"
                options={t.departments.map((x) => ({
                  value: `d:${x.id}` as TransferTarget,
                  label: `${x.kindLabel}：${x.name}`,
                  className: `dept-${x.kind}`,
                }))}
                value={value}
                onChange={onChange}
              />
            )}
            {dept && (
              <Text className="card__meta transfer-contact">
                联系人：{dept.contactName}，电话 {dept.phone}
              </Text>
            )}
          </View>
        )
      }}
    </QueryView>
  )
}
