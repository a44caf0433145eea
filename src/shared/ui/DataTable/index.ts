export { DataTable, type DataColumn, type DataTableLayout, type DataTableProps } from './DataTable'
