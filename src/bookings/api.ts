/** Typed calls of the bookings function used by several pages. */
import { call } from '@/shared/api'
import type { CallOutput } from '../../types/api'

export type ItemDetailData = CallOutput<'bookings', 'item'>
export type TicketData = CallOutput<'bookings', 'ticket'>
export type SlotsData = CallOutput<'bookings', 'slots'>
export type SheetData = CallOutput<'bookings', 'daySheet'>

export const loadItem = (id: string) => call('bookings', 'item', { id })
