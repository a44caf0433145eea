import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useElderMode } from '../../prefs'
import './DataTable.scss'

export interface DataColumn<T> {
  /** Unique within the table. */
  key: string
  title: string
  cell: (row: T) => ReactNode
  /** Numbers line up on the right. */
  numeric?: boolean
}

export type DataTableLayout = 'scroll' | 'cards' | 'auto'

export interface DataTableProps<T> {
  caption: string
  columns: readonly DataColumn<T>[]
  rows: readonly T[]
  rowKey: (row: T) => string
  /**
   * `scroll`: a table whose first column stays put while the rest scrolls sideways, with a cue saying so;
   * `cards`: one card per row, every column a labelled line (nothing hidden at 375 px);
   * `auto` (default): cards in 长辈模式 and when the table has more than four columns, else scroll.
   */
  layout?: DataTableLayout
  /** Shown instead of an empty table. */
  empty?: ReactNode
  className?: string
}

/** A table that is readable on a phone: nothing is cut off without a cue. */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  layout = 'auto',
  empty,
  className,
}: DataTableProps<T>) {
  const elder = useElderMode()
  const resolved = layout === 'auto' ? (elder || columns.length > 4 ? 'cards' : 'scroll') : layout
  if (rows.length === 0 && empty) return <>{empty}</>
  const [first, ...rest] = columns
  if (resolved === 'cards')
    return (
      <View className={`dtable-cards ${className ?? ''}`} role="list" aria-label={caption}>
        {rows.map((r) => (
          <View key={rowKey(r)} className="dtable-card" role="listitem">
            <View className="dtable-card__title">{first.cell(r)}</View>
            {rest.map((c) => (
              <View key={c.key} className="dtable-card__line">
                <Text className="dtable-card__label">{c.title}</Text>
                <View className="dtable-card__value">{c.cell(r)}</View>
              </View>
            ))}
          </View>
        ))}
      </View>
    )
  const cls = (c: DataColumn<T>, i: number) =>
    ['dtable__cell', i === 0 ? 'dtable__cell--first' : '', c.numeric ? 'dtable__cell--num' : '']
      .filter(Boolean)
      .join(' ')
  return (
    <View className={`dtable ${className ?? ''}`}>
      {columns.length > 2 && (
        <View className="dtable__cue" aria-hidden="true">
          <Text>共{columns.length}列，左右滑动查看 ⇆</Text>
        </View>
      )}
      {/* Focusable: it scrolls sideways, and keyboards can only scroll what can take focus. */}
      <View
        className="dtable__scroll"
        role="region"
        aria-label={`${caption}（可左右滑动）`}
        {...({ tabIndex: 0 } as object)}
      >
        <View className="dtable__table" role="table" aria-label={caption}>
          <View className="dtable__row dtable__row--head" role="row">
            {columns.map((c, i) => (
              <View key={c.key} className={cls(c, i)} role="columnheader">
                <Text>{c.title}</Text>
              </View>
            ))}
          </View>
          {rows.map((r) => (
            <View key={rowKey(r)} className="dtable__row" role="row">
              {columns.map((c, i) => (
                <View key={c.key} className={cls(c, i)} role={i === 0 ? 'rowheader' : 'cell'}>
                  {c.cell(r)}
                </View>
              ))}
            </View>
          ))}
        </View>
      </View>
    </View>
  )
}
