import { REQUEST_FIELDS } from '../../../types/open311'
import type { DemandDoc } from '../../../types/demands'
import { iso8601, open311Status, requestView, toXml } from './format'

const now = new Date('2024-05-01T01:30:00Z')
const doc = (over: Partial<DemandDoc> = {}): DemandDoc => ({
  _id: 'd1',
  residentOpenid: 'o1',
  residentName: '王秀英',
  committeeId: 'c1',
  subdistrictId: 's1',
  blockId: 'b1',
  building: '3号楼',
  category: 'noise',
  text: '王秀英反映楼上每晚噪声，电话13812345678，502室',
  photos: [],
  visibility: 'public',
  status: 'in_progress',
  assigneeOpenid: 'h1',
  assigneeName: '张建国',
  submittedAt: now,
  submittedDay: '2024-05-01',
  firstResponseDueAt: now,
  resolutionDueAt: new Date('2024-05-04T01:30:00Z'),
  dueAt: new Date('2024-05-04T01:30:00Z'),
  dueStage: 'resolution',
  nextAlertAt: null,
  cycle: 1,
  reopened: false,
  events: [
    {
      id: 'e1',
      type: 'submitted',
      at: now,
      by: 'o1',
      byName: '王秀英',
      byRole: '居民',
      note: '已派给张建国',
    },
    {
      id: 'e2',
      type: 'replied',
      at: now,
      by: 'h1',
      byName: '张建国',
      byRole: '块长',
      note: '已联系物业，明天上门',
    },
    { id: 'e3', type: 'overdue', at: now, by: 'system', byName: '系统', byRole: '系统', note: '内部提醒' },
  ],
  version: 2,
  updatedAt: new Date('2024-05-01T02:00:00Z'),
  ...over,
})

describe('open311 format', () => {
  it('writes instants in Beijing time with the +08:00 offset', () => {
    expect(iso8601(now)).toBe('2024-05-01T09:30:00+08:00')
    expect(iso8601('2024-12-31T20:00:00.000Z')).toBe('2025-01-01T04:00:00+08:00')
  })

  it('maps statuses to open and closed', () => {
    for (const s of ['pending', 'in_progress', 'meeting', 'escalated'] as const)
      expect(open311Status(s)).toBe('open')
    for (const s of ['resolved', 'rejected', 'closed'] as const) expect(open311Status(s)).toBe('closed')
  })

  it('gives every spec field, in order, with personal data masked', () => {
    const v = requestView(doc(), { committeeName: '春晖社区居委会', blockName: '春晖一村' })
    expect(Object.keys(v)).toEqual([...REQUEST_FIELDS])
    expect(v.description).not.toContain('13812345678')
    expect(v.description).not.toContain('王秀英')
    expect(v.description).not.toContain('502')
    expect(v.status).toBe('open')
    expect(v.status_notes).toBe('已联系物业，明天上门')
    expect(v.expected_datetime).toBe('2024-05-04T09:30:00+08:00')
    expect(v.agency_responsible).toBe('春晖社区居委会')
    expect(v.address).toBe('春晖社区居委会 春晖一村 3号楼')
  })

  it('has no expected datetime once closed', () => {
    const v = requestView(doc({ status: 'resolved', dueAt: null }), {})
    expect(v.status).toBe('closed')
    expect(v.expected_datetime).toBeNull()
  })

  it('writes XML with the declaration, escaped text and the spec item names', () => {
    const xml = toXml('service_requests', [{ service_request_id: 'a<b', lat: null }])
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><service_requests><request><service_request_id>a&lt;b</service_request_id><lat/></request></service_requests>',
    )
    expect(toXml('errors', [{ code: 403, description: 'x' }])).toContain('<errors><error><code>403</code>')
  })
})
