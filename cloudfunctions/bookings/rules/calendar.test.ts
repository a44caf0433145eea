import { ticketIcs } from './calendar'

it('writes the slot in UTC (+08:00 has no daylight saving) with the center as location', () => {
  const ics = ticketIcs({
    id: 'b1',
    number: '12345678',
    itemNames: ['居住证办理'],
    date: '2026-11-24',
    startTime: '09:30',
    endTime: '10:00',
    centerName: '明德街道社区事务受理服务中心',
    centerAddress: '明德路200号',
    latitude: 39.9,
    longitude: 116.4,
  })
  expect(ics).toContain('BEGIN:VEVENT')
  expect(ics).toContain('DTSTART:20261124T013000Z')
  expect(ics).toContain('DTEND:20261124T020000Z')
  expect(ics).toContain('居住证办理')
  expect(ics).toContain('BEGIN:VALARM')
})
