import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ReactNode } from 'react'
import errorPng from '../../assets/error.png'
import { errorText, type ApiFailure } from '../api'
import type { Query } from '../hooks/useQuery'
import { Picture } from './Picture'

export { Picture } from './Picture'
export { EmptyState, type EmptyStateProps } from './EmptyState'

/** Grey placeholder cards while a page loads. */
export function LoadingSkeleton({ rows = 3 }: { rows?: number }) {
  return (
    <View className="state-loading" aria-busy="true">
      <Text className="sr-only">正在加载</Text>
      {Array.from({ length: rows }, (_, i) => (
        <View key={i} className="skeleton-card">
          <View className="skeleton-line skeleton-line--title" />
          <View className="skeleton-line" />
          <View className="skeleton-line skeleton-line--short" />
        </View>
      ))}
    </View>
  )
}

export function ErrorState({ error, onRetry }: { error: ApiFailure; onRetry: () => void }) {
  return (
    <View className="state-error" role="alert">
      <Picture className="state-image" src={errorPng} />
      <View className="state-title">
        <Text>{errorText(error)}</Text>
      </View>
      {error.requestId && (
        <View className="state-description">
          <Text>如需帮助，请告诉工作人员编号：{error.requestId}</Text>
        </View>
      )}
      <Button className="state-retry" type="primary" size="large" onClick={onRetry}>
        重试
      </Button>
    </View>
  )
}

/** Renders a query's loading and error states, then `children(data)`. */
export function QueryView<T>({
  query,
  children,
  skeletonRows,
}: {
  query: Query<T>
  children: (data: T) => ReactNode
  skeletonRows?: number
}) {
  const { state } = query
  if (state.status === 'loading') return <LoadingSkeleton rows={skeletonRows} />
  if (state.status === 'error') return <ErrorState error={state.error} onRetry={() => void query.reload()} />
  return <>{children(state.data)}</>
}
