import type { ReactNode } from 'react'
import { DataTable } from '@/shared/ui'

export interface Column<T> {
  title: string
  cell: (row: T) => ReactNode
  /** The name column: the row's title in cards, the sticky first column in a table. */
  wide?: boolean
}

/**
 * A report table, readable at 375 px: the kit's DataTable (a narrow one scrolls sideways with a cue and
 * its name column kept in view; a wide one, or any in 长辈模式, becomes one card per row).
 */
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
    <DataTable
      className="rtable"
      caption={caption}
      rowKey={rowKey}
      rows={rows}
      columns={columns.map((c) => ({ key: c.title, title: c.title, cell: c.cell, numeric: !c.wide }))}
    />
  )
}
