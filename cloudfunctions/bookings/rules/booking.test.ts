import {
  bookingNumber,
  cancelRefusal,
  noShowRefusal,
  parseCheckInCode,
  qrPayload,
  slotState,
  suggestSlots,
  unbookableReason,
} from './booking'

const now = new Date('2026-11-23T02:00:00Z') // 10:00 Shanghai
const slot = (start: string, booked = 0, extra: object = {}) => ({
  _id: `slot:sc:2026-11-23:${start.replace(':', '')}`,
  date: '2026-11-23',
  startTime: start,
  endTime: start,
  startsAt: new Date(`2026-11-23T${start}:00+08:00`),
  capacity: 2,
  booked,
  status: 'open' as const,
  ...extra,
})

describe('slot state', () => {
  it('past, within minimum notice, full, closed, open', () => {
    expect(slotState(slot('09:00'), now, 30)).toBe('past')
    expect(unbookableReason(slot('09:00'), now, 30)).toMatch('已经过去')
    expect(unbookableReason(slot('10:20'), now, 30)).toMatch('至少提前30分钟')
    expect(slotState(slot('10:30'), now, 30)).toBe('open')
    expect(unbookableReason(slot('11:00', 2), now, 30)).toMatch('约满')
    expect(unbookableReason(slot('11:00', 0, { status: 'closed', closedReason: '停电' }), now, 30)).toMatch(
      '停电',
    )
    expect(unbookableReason(slot('11:00', 1), now, 30)).toBeNull()
  })
  it('suggests the earliest open slots other than the wanted one', () => {
    const s = suggestSlots(
      [slot('15:00'), slot('09:00'), slot('11:00', 2), slot('14:00'), slot('13:30'), slot('16:00')],
      now,
      30,
      'slot:sc:2026-11-23:1330',
    )
    expect(s.map((x) => x.startTime)).toEqual(['14:00', '15:00', '16:00'])
  })
})

describe('cancel and no-show windows', () => {
  const at = (hhmm: string) => ({
    status: 'booked' as const,
    startsAt: new Date(`2026-11-23T${hhmm}:00+08:00`),
  })
  it('cancel until one hour before', () => {
    expect(cancelRefusal(at('11:00'), now)).toBeNull()
    expect(cancelRefusal(at('10:59'), now)).toMatch('不到1小时')
    expect(cancelRefusal({ ...at('15:00'), status: 'checkedIn' }, now)).not.toBeNull()
  })
  it('no-show from 15 minutes after start', () => {
    expect(noShowRefusal(at('09:45'), now)).toBeNull()
    expect(noShowRefusal(at('09:46'), now)).toMatch('15分钟')
  })
})

describe('numbers and check-in codes', () => {
  it('8 stable digits', () => {
    expect(bookingNumber('abc')).toMatch(/^\d{8}$/)
    expect(bookingNumber('abc')).toBe(bookingNumber('abc'))
    expect(bookingNumber('abc')).not.toBe(bookingNumber('abd'))
  })
  it('reads QR payloads and typed numbers', () => {
    expect(parseCheckInCode(qrPayload('b1'))).toEqual({ bookingId: 'b1' })
    expect(parseCheckInCode(' 1234 5678 ')).toEqual({ number: '12345678' })
    expect(parseCheckInCode('1234-567')).toBeNull()
    expect(parseCheckInCode('LINLI-BOOKING:{"$gt":1}')).toBeNull()
  })
})
