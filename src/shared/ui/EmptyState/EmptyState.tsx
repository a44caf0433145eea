import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import emptyPng from '../../../assets/empty.png'
import { Picture } from '../Picture'
import './EmptyState.scss'

export interface EmptyStateProps {
  title: string
  description?: string
  actionText?: string
  onAction?: () => void
  /** A small inline version for an empty part of a page (no picture). */
  compact?: boolean
}

/** Nothing here yet: says so plainly and, when there is one, offers the next step. */
export function EmptyState({ title, description, actionText, onAction, compact }: EmptyStateProps) {
  return (
    <View className={`state-empty${compact ? ' state-empty--compact' : ''}`}>
      {!compact && <Picture className="state-image" src={emptyPng} />}
      <View className="state-title">
        <Text>{title}</Text>
      </View>
      {description && (
        <View className="state-description">
          <Text>{description}</Text>
        </View>
      )}
      {actionText && onAction && (
        <Button className="state-action" type="primary" size="large" onClick={onAction}>
          {actionText}
        </Button>
      )}
    </View>
  )
}
