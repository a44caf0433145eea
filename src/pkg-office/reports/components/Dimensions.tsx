import { Text, View } from '@tarojs/components'
import type { FiveDimensions } from '../../../../types/reports'
import { hours, pct } from './format'
import type { Column } from './Table'

/** The five dimensions as table columns (the same order as the Excel export). */
export function dimensionColumns<T extends FiveDimensions>(): Column<T>[] {
  const n = (v: number) => <Text>{v}</Text>
  const s = (v: string) => <Text>{v}</Text>
  return [
    { title: '处理诉求', cell: (r) => n(r.quantity.demandsHandled) },
    { title: '走访', cell: (r) => n(r.quantity.visitsMade) },
    { title: '窗口办结', cell: (r) => n(r.quantity.bookingsServed) },
    { title: '首次响应(中位)', cell: (r) => s(hours(r.efficiency.medianFirstResponseHours)) },
    { title: '24小时响应', cell: (r) => s(pct(r.efficiency.answeredIn24hRate)) },
    { title: '即答即办', cell: (r) => s(pct(r.efficiency.answeredAtOnceRate)) },
    { title: '办结用时(中位)', cell: (r) => s(hours(r.efficiency.medianResolutionHours)) },
    { title: '微实事', cell: (r) => n(r.value.microMatters) },
    { title: '上报件办结', cell: (r) => n(r.value.escalationsResolved) },
    { title: '发现能人', cell: (r) => n(r.value.talentsFound) },
    { title: '诉求满意率', cell: (r) => s(pct(r.rating.demandSatisfactionRate)) },
    { title: '窗口满意率', cell: (r) => s(pct(r.rating.windowSatisfactionRate)) },
    { title: '重新办理率', cell: (r) => s(pct(r.quality.reopenRate)) },
    { title: '超期', cell: (r) => n(r.quality.overdueCount) },
    { title: '未经调研不予办理', cell: (r) => n(r.quality.rejectionsWithoutResearch) },
  ]
}

/** The definitions, written where the numbers are read (the same as types/reports.ts `FiveDimensions`). */
export const DEFINITIONS: [string, string][] = [
  [
    '数量',
    '处理诉求：本期内亲自答复、上会、上报、转派、办结或经调研不予办理的诉求件数（一件只算一次）；走访：记录的入户、电话和线上走访户次；窗口办结：办结的预约和现场取号件数。',
  ],
  [
    '效率',
    '在本期首次答复的诉求中：从提交到首次答复用时的中位数、24小时内答复的比例、首次答复即办结（即答即办）的比例；在本期办结的诉求中：从提交到办结用时的中位数。',
  ],
  [
    '价值',
    '微实事：列为微实事（可申请和谐自治金）的诉求件数；上报件办结：上报街道后办结的诉求件数；发现能人：走访中登记的能人人数。',
  ],
  [
    '服务评价',
    '诉求满意率：本期居民对其办结诉求的评价中，“满意”和“基本满意”所占比例；窗口满意率：本期窗口服务评价中4星、5星所占比例。',
  ],
  [
    '质量',
    '重新办理率：本期办结的诉求中，居民不满意或申请后重新办理的比例；超期：本期到期而未按时答复或办结的诉求件数；未经调研不予办理：按规定必须为零（系统不允许），照样列出以便监督。',
  ],
]

export function Definitions() {
  return (
    <View className="card" id="definitions">
      {DEFINITIONS.map(([name, text]) => (
        <Text key={name} className="note">
          <Text style={{ fontWeight: 700 }}>{name}：</Text>
          {text}
        </Text>
      ))}
      <Text className="note">
        社区一行按全社区所有诉求计算（中位数取全部诉求，不是人员的平均）。“—”表示本期没有可计算的数据。
      </Text>
    </View>
  )
}
