import { Text, View } from '@tarojs/components'
import type { DemandDetail } from '../../types/demands'
import { Section } from '@/shared/ui'
import { when } from './format'

/** 处理经过: every step, newest first, as the resident and the staff both see it. */
export function Timeline({ d }: { d: DemandDetail }) {
  return (
    <Section title="处理经过">
      <View className="demand-timeline" role="list">
        {[...d.events].reverse().map((e) => (
          <View key={e.id} className="demand-event" role="listitem">
            <Text className="demand-event__head">{EVENT_LABEL[e.type] ?? e.type}</Text>
            <Text className="demand-event__meta">
              {when(e.at)} · {e.byRole} {e.byName}
            </Text>
            {e.note && <Text className="demand-event__note">{e.note}</Text>}
          </View>
        ))}
      </View>
    </Section>
  )
}

export const EVENT_LABEL: Record<string, string> = {
  submitted: '提交诉求',
  replied: '答复',
  meeting: '提交例会研究',
  escalated: '上报街道',
  transferred: '转派',
  resolved: '办结',
  rejected: '经调研不予办理',
  microMatter: '列为微实事',
  duplicate: '合并办理',
  rated: '评价',
  reopened: '重新办理',
  closed: '结案',
  overdue: '超时提醒',
  joined: '邻居也遇到了',
  split: '拆分办理',
  subItemDone: '分项办完',
}
