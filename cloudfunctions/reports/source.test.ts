import type { DemandDoc } from '../../types/demands'
import { bookingFacts, demandFacts } from './source'
import { firstResponse } from './rules/facts'
import type { BookingDoc } from '../../types/bookings'

const at = (h: number) => new Date(Date.UTC(2026, 9, 5, h))
const ev = (type: string, h: number, by: string, note?: string) => ({
  id: `${type}${h}`,
  type,
  at: at(h),
  by,
  byName: '',
  byRole: '',
  ...(note ? { note } : {}),
})

describe('reading the demands feature’s documents', () => {
  const doc = {
    _id: 'd1',
    residentOpenid: 'res',
    committeeId: 'c1',
    subdistrictId: 'sd',
    category: 'noise',
    text: '吵',
    status: 'in_progress',
    assigneeOpenid: 'bh',
    submittedAt: at(0),
    firstResponseDueAt: at(24),
    resolutionDueAt: at(72),
    dueAt: at(72),
    events: [
      ev('submitted', 0, 'res'),
      ev('escalated', 1, 'system', '超时自动上报'),
      ev('resolved', 2, 'bh'),
      ev('reopened', 3, 'res', '不满意，重新办理：还是吵'),
      ev('reopened', 4, 'res', '申请重新办理'),
      ev('resolved', 5, 'bh'),
      ev('rated', 6, 'res', '基本满意'),
    ],
  } as unknown as DemandDoc

  test('ratings come from rated events and from a 不满意 that reopened the case; automatic escalation is no response', () => {
    const f = demandFacts(doc)
    expect(f.ratings.map((r) => r.level)).toEqual(['dissatisfied', 'basic'])
    expect(f.reopens).toEqual([at(3), at(4)])
    expect(f.actions.map((a) => `${a.kind}:${a.by}`)).toEqual(['escalate:system', 'resolve:bh', 'resolve:bh'])
    expect(firstResponse(f)).toMatchObject({ kind: 'resolve', at: at(2) })
    expect(f).toMatchObject({ open: true, category: 'noise', dueAt: at(72), assignee: 'bh' })
  })

  test('bookings: served, no-show and ratings at the time they were given', () => {
    const b = {
      _id: 'b',
      committeeId: undefined,
      centerId: 'sc',
      subdistrictId: 'sd',
      walkIn: false,
      createdAt: at(0),
      status: 'served',
      finishedAt: at(2),
      clerkOpenid: 'clerk',
      rating: 4,
      ratedAt: at(3),
    } as unknown as BookingDoc
    expect(bookingFacts(b)).toEqual({
      id: 'b',
      unitId: 'sc',
      walkIn: false,
      createdAt: at(0),
      served: { at: at(2), by: 'clerk' },
      rating: { at: at(3), stars: 4 },
    })
    expect(bookingFacts({ ...b, status: 'noShow', rating: undefined } as BookingDoc)).toEqual({
      id: 'b',
      unitId: 'sc',
      walkIn: false,
      createdAt: at(0),
      noShowAt: at(2),
    })
  })
})
