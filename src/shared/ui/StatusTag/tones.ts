import type { DemandStatus } from '../../../../types/demands'
import type { BookingStatus } from '../../../../types/bookings'
import type { StatusTone } from './StatusTag'

/** 不予办理 reads as refused; an open case past its deadline reads as overdue whatever its step. */
export function demandTone(status: DemandStatus, overdue = false): StatusTone {
  if (overdue && status !== 'resolved' && status !== 'rejected' && status !== 'closed') return 'overdue'
  switch (status) {
    case 'pending':
      return 'waiting'
    case 'in_progress':
    case 'meeting':
    case 'escalated':
      return 'progress'
    case 'resolved':
      return 'done'
    case 'rejected':
      return 'refused'
    case 'closed':
      return 'neutral'
  }
}

export function bookingTone(status: BookingStatus): StatusTone {
  switch (status) {
    case 'booked':
      return 'waiting'
    case 'checkedIn':
      return 'progress'
    case 'served':
      return 'done'
    case 'notDone':
    case 'closed':
      return 'refused'
    case 'noShow':
      return 'overdue'
    case 'cancelled':
      return 'neutral'
  }
}
