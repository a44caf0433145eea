import { handoverEvent, movesInHandover, type CaseHandover } from './handover'

const h: CaseHandover = {
  committeeId: 'c1',
  from: { openid: 'bh-old', name: '张建国' },
  to: { openid: 'bh-new', name: '周海燕' },
  actor: { openid: 'admin', name: '陈丽华', roleLabel: '居委会管理员' },
  eventId: 'ev-1',
  now: new Date('2026-03-02T02:00:00Z'),
}

it('says on the timeline who handed what to whom, as the admin', () => {
  expect(handoverEvent(h)).toEqual({
    id: 'ev-1',
    type: 'transferred',
    at: h.now,
    by: 'admin',
    byName: '陈丽华',
    byRole: '居委会管理员',
    note: '块长交接：张建国的工作交给周海燕',
    data: { handover: true, fromOpenid: 'bh-old', toOpenid: 'bh-new' },
  })
})

it("moves only the committee's open cases still with the departing head", () => {
  const d = { committeeId: 'c1', assigneeOpenid: 'bh-old', status: 'pending' as const }
  expect(movesInHandover(d, h)).toBe(true)
  expect(movesInHandover({ ...d, status: 'escalated' }, h)).toBe(true)
  expect(movesInHandover({ ...d, status: 'resolved' }, h)).toBe(false)
  expect(movesInHandover({ ...d, assigneeOpenid: 'bh-new' }, h)).toBe(false)
  expect(movesInHandover({ ...d, committeeId: 'c2' }, h)).toBe(false)
})
