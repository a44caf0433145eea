/** Pure rules of a booking's life: what can be booked, cancelled, marked no-show; numbers and QR payloads. */
import { createHash } from 'node:crypto'
import type { BookingDoc, SlotDoc, SlotState, SlotView } from '../../../types/bookings'
import { toDate } from './time'

const MINUTE = 60_000
export const CANCEL_BEFORE_MINUTES = 60
export const NO_SHOW_AFTER_MINUTES = 15
export const SUGGESTION_COUNT = 3

type SlotLike = Pick<
  SlotDoc,
  '_id' | 'date' | 'startTime' | 'endTime' | 'startsAt' | 'capacity' | 'booked' | 'status' | 'closedReason'
>

export function slotState(slot: SlotLike, now: Date, minNoticeMinutes: number): SlotState {
  if (slot.status === 'closed') return 'closed'
  if (toDate(slot.startsAt).getTime() - now.getTime() < minNoticeMinutes * MINUTE) return 'past'
  if (slot.booked >= slot.capacity) return 'full'
  return 'open'
}

/** Why a slot cannot be booked now (zh-CN), or null when it can. */
export function unbookableReason(slot: SlotLike, now: Date, minNoticeMinutes: number): string | null {
  switch (slotState(slot, now, minNoticeMinutes)) {
    case 'closed':
      return `这个时段已停止预约${slot.closedReason ? `（${slot.closedReason}）` : ''}，请选择其他时段`
    case 'past':
      return toDate(slot.startsAt).getTime() <= now.getTime()
        ? '这个时段已经过去了，请选择其他时段'
        : `需要至少提前${minNoticeMinutes}分钟预约，请选择更晚的时段`
    case 'full':
      return '这个时段已经约满了，请选择其他时段'
    default:
      return null
  }
}

export function slotView(slot: SlotLike, now: Date, minNoticeMinutes: number): SlotView {
  return {
    id: slot._id,
    date: slot.date,
    startTime: slot.startTime,
    endTime: slot.endTime,
    remaining: Math.max(0, slot.capacity - slot.booked),
    state: slotState(slot, now, minNoticeMinutes),
  }
}

/** The next free slots after (or instead of) the one that was wanted, earliest first. */
export function suggestSlots(
  slots: readonly SlotLike[],
  now: Date,
  minNoticeMinutes: number,
  exceptId?: string,
): SlotView[] {
  return slots
    .filter((s) => s._id !== exceptId && slotState(s, now, minNoticeMinutes) === 'open')
    .sort((a, b) => toDate(a.startsAt).getTime() - toDate(b.startsAt).getTime())
    .slice(0, SUGGESTION_COUNT)
    .map((s) => slotView(s, now, minNoticeMinutes))
}

type Timed = Pick<BookingDoc, 'status' | 'startsAt'>

/** Cancel or move is allowed until one hour before the slot. */
export function cancelRefusal(b: Timed, now: Date): string | null {
  if (b.status !== 'booked') return '这个预约已不能取消'
  if (!b.startsAt) return '这个预约已不能取消'
  if (toDate(b.startsAt).getTime() - now.getTime() < CANCEL_BEFORE_MINUTES * MINUTE)
    return '离预约时间不到1小时，已不能在线取消或改约，请致电服务中心'
  return null
}

/** A booked resident counts as not come from 15 minutes after the slot starts. */
export function noShowRefusal(b: Timed, now: Date): string | null {
  if (b.status !== 'booked') return '只有未签到的预约才能标记为未到'
  if (!b.startsAt) return '现场取号不能标记为未到'
  if (now.getTime() - toDate(b.startsAt).getTime() < NO_SHOW_AFTER_MINUTES * MINUTE)
    return `预约时段开始${NO_SHOW_AFTER_MINUTES}分钟后才能标记为未到`
  return null
}

/** An 8-digit booking number from the booking id, shown as `1234 5678` and typed at the window. */
export function bookingNumber(bookingId: string): string {
  const h = createHash('sha256').update(`number:${bookingId}`).digest()
  return String(h.readUInt32BE(0) % 100_000_000).padStart(8, '0')
}

export const QR_PREFIX = 'LINLI-BOOKING:'
export const qrPayload = (bookingId: string): string => `${QR_PREFIX}${bookingId}`

/** A check-in code is either the QR payload or the typed number (spaces and dashes allowed). */
export function parseCheckInCode(code: string): { bookingId: string } | { number: string } | null {
  const trimmed = code.trim()
  if (trimmed.startsWith(QR_PREFIX)) {
    const id = trimmed.slice(QR_PREFIX.length)
    return /^[A-Za-z0-9_:-]{1,64}$/.test(id) ? { bookingId: id } : null
  }
  const digits = trimmed.replace(/[\s-]/g, '')
  return /^\d{8}$/.test(digits) ? { number: digits } : null
}

/** A resident may hold one active booking per item per day (同一事项同一天只能预约一次). */
export const guardId = (openid: string, itemId: string, date: string): string =>
  `guard:${openid}:${itemId}:${date}`
