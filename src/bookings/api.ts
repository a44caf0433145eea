/** Typed calls of the bookings function used by several pages. */
import { call } from '@/shared/api'
import type { CallOutput } from '../../types/api'

export type TicketData = CallOutput<'bookings', 'ticket'>
export type SheetData = CallOutput<'bookings', 'daySheet'>

export const loadItem = (id: string) => call('bookings', 'item', { id })
