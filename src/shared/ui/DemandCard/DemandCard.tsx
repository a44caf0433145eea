import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { DemandSummary } from '../../../../types/demands'
import { StatusTag, demandTone } from '../StatusTag'
import './DemandCard.scss'

export interface DemandCardProps {
  d: Pick<DemandSummary, 'id' | 'status' | 'statusLabel' | 'overdue' | 'categoryLabel' | 'text' | 'reopened'>
  /** 还剩3小时 / 回复已超时5小时 — the page words it (it knows whose deadline it is). */
  due?: string | null
  /** The deadline is close or past: the line is drawn as urgent. */
  dueUrgent?: boolean
  /** Small lines under the text, joined with ·; empty ones are left out. */
  meta?: readonly (string | null | undefined | false)[]
  /** Extra tags after the category (照片数, 请您评价…). */
  badges?: ReactNode
  onClick?: () => void
  className?: string
}

/** One demand in a list: its status at a glance (refused and overdue look it), what, when, who. */
export function DemandCard({ d, due, dueUrgent, meta = [], badges, onClick, className }: DemandCardProps) {
  const tone = demandTone(d.status, d.overdue)
  const lines = meta.filter(Boolean).join(' · ')
  return (
    <View
      className={['card', 'demand-card', `demand-card--${tone}`, className ?? ''].filter(Boolean).join(' ')}
      onClick={onClick}
      // A link is named by what it shows (status, category, text): an aria-label of its own would hide the
      // rest from screen readers and fail axe's label-content-name-mismatch.
      {...(onClick ? ({ tabIndex: 0, role: 'link' } as object) : {})}
    >
      <View className="demand-card__row">
        <StatusTag tone={tone} className="demand-status">
          {d.overdue && tone === 'overdue' ? `${d.statusLabel}·已超时` : d.statusLabel}
        </StatusTag>
        <Text className="card__title">{d.categoryLabel}</Text>
        {d.reopened && <StatusTag tone="overdue">重新办理</StatusTag>}
        {badges}
      </View>
      <Text className="card__body demand-card__text">{d.text}</Text>
      {due && (
        <Text className={`demand-card__due${dueUrgent || d.overdue ? ' demand-card__due--urgent' : ''}`}>
          {due}
        </Text>
      )}
      {lines && <Text className="card__meta">{lines}</Text>}
    </View>
  )
}
