import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { focusable } from '@/shared/ui'

export interface Column<T> {
  title: string
  cell: (row: T) => ReactNode
  wide?: boolean
}

/** A plain table that scrolls sideways on a phone and prints whole. */
export function Table<T>({
  columns,
  rows,
  rowKey,
  caption,
}: {
  columns: Column<T>[]
  rows: T[]
  rowKey: (r: T) => string
  caption: string
}) {
  return (
    // Focusable: it scrolls sideways, and keyboards can only scroll what can take focus.
    <View className="rtable" role="table" aria-label={caption} {...focusable}>
      <View className="rtable__row rtable__row--head" role="row">
        {columns.map((c) => (
          <View
            key={c.title}
            className={`rtable__cell ${c.wide ? 'rtable__cell--name' : ''}`}
            role="columnheader"
          >
            <Text>{c.title}</Text>
          </View>
        ))}
      </View>
      {rows.map((r) => (
        <View key={rowKey(r)} className="rtable__row" role="row">
          {columns.map((c) => (
            <View key={c.title} className={`rtable__cell ${c.wide ? 'rtable__cell--name' : ''}`} role="cell">
              {c.cell(r)}
            </View>
          ))}
        </View>
      ))}
    </View>
  )
}
