import { Text } from '@tarojs/components'
import { Tag } from '@nutui/nutui-react-taro'
import type { ReactNode } from 'react'
import './StatusTag.scss'

/**
 * What a status means to the person reading it, not which state machine it came from: a refusal must
 * never look like good news, and overdue must look urgent.
 */
export type StatusTone = 'waiting' | 'progress' | 'done' | 'refused' | 'overdue' | 'neutral'

/** A glyph besides the colour, for readers who cannot tell red from green. */
const GLYPH: Record<StatusTone, string> = {
  waiting: '◷',
  progress: '➜',
  done: '✓',
  refused: '✕',
  overdue: '!',
  neutral: '',
}

export interface StatusTagProps {
  tone: StatusTone
  children: ReactNode
  className?: string
  id?: string
}

export function StatusTag({ tone, children, className, id }: StatusTagProps) {
  const glyph = GLYPH[tone]
  return (
    <Tag
      className={['status-tag', `status-tag--${tone}`, className ?? ''].filter(Boolean).join(' ')}
      {...({ id, 'data-tone': tone } as object)}
    >
      {glyph && (
        <Text className="status-tag__glyph" aria-hidden="true">
          {glyph}
        </Text>
      )}
      <Text className="status-tag__text">{children}</Text>
    </Tag>
  )
}
