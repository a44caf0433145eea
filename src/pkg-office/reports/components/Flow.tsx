import { Text, View } from '@tarojs/components'
import { Section } from '@/shared/ui'
import { CHANNEL_LABEL, DESTINATION_LABEL } from '../../../../types/demands'
import type { DemandChannel, TransferDestination } from '../../../../types/demands'
import type { DemandFlow } from '../../../../types/reports'
import { pct } from './format'

const list = <K extends string>(m: Record<string, number>, label: Record<K, string>) =>
  Object.entries(m)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${label[k as K] ?? k} ${n}件`)
    .join('，')

/**
 * 诉求流向: how the period's demands went — answered at once (即答即办), up to the sub-district, handed on (and
 * to whom) — and by which channel they came in, as the hotline practice counts them.
 */
export function FlowSection({ flow }: { flow: DemandFlow }) {
  const atOnce = flow.submitted ? flow.answeredAtOnce / flow.submitted : null
  return (
    <Section title="诉求流向">
      <View className="kpis flow">
        <View className="kpi card" id="flow-at-once">
          <Text className="kpi__value">{flow.answeredAtOnce}</Text>
          <Text className="kpi__label">即答即办（件，占新诉求{pct(atOnce)}）</Text>
        </View>
        <View className="kpi card" id="flow-escalated">
          <Text className="kpi__value">{flow.escalated}</Text>
          <Text className="kpi__label">上报街道（件）</Text>
        </View>
        <View className="kpi card" id="flow-transferred">
          <Text className="kpi__value">{flow.transferred}</Text>
          <Text className="kpi__label">转派（次）</Text>
        </View>
      </View>
      <Text className="note flow__to">
        转派去向：
        {flow.transferred ? list<TransferDestination>(flow.transferredTo, DESTINATION_LABEL) : '没有转派'}
      </Text>
      <Text className="note flow__channels">
        受理渠道：{flow.submitted ? list<DemandChannel>(flow.byChannel, CHANNEL_LABEL) : '没有新诉求'}
      </Text>
    </Section>
  )
}
