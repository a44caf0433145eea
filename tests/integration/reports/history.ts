/**
 * A known history for the reports integration tests, written straight into the collections as the other
 * features store them: the same cases as the rule tests' fixture (tests/fixtures/reports.ts),
 * in the 春晖 committee of a small sub-district of its own, plus one old case still open. Every number the
 * tests expect is worked out by hand there and in the comments here.
 */
import {
  bookings as fBookings,
  demands as fDemands,
  talents as fTalents,
  visits as fVisits,
  t,
  BH,
  ADMIN,
  CLERK,
} from '../../fixtures/reports'
import type { DemandFacts } from '../../../cloudfunctions/reports/rules/facts'

export const SD = 'sd-mingde'
export const C1 = 'c-chunhui'
export const C2 = 'c-fenglin'
export const CENTER = 'sc-mingde'
export const OFFICER = 'demo-officer-zhao'
export const OFFICER2 = 'officer-other'
export const ID: Record<string, string> = {
  [BH]: 'demo-blockhead-zhang',
  [ADMIN]: 'demo-admin-chen',
  [CLERK]: 'demo-clerk-liu',
}
const CODE: Record<string, string> = {
  环境卫生: 'sanitation',
  噪声扰民: 'noise',
  公共设施: 'facilities',
  邻里纠纷: 'neighbors',
  其他: 'other',
}
const TEXT: Record<string, string> = {
  D0: '单元门禁坏了两个月，电话13812345678联系过物业',
  D1: '楼道垃圾堆积很久没有清理，气味很大',
  D2: '楼上装修噪声太大，晚上也在施工',
  D3: '小区门口的垃圾满了没人清理',
  D4: '路灯坏了，晚上很黑不安全',
  D5: '邻居在楼道堆放杂物',
}
/** Shanghai "now" of the tests: Monday 2026-10-12 08:00, when the weekly digest fires. */
export const NOW = t('2026-10-12 08:00')

const staff = (openid: string, name: string, role: string, extra: Record<string, unknown> = {}) => ({
  _id: openid,
  openid,
  name,
  role,
  subdistrictId: SD,
  active: true,
  ...extra,
})

export const backbone: Record<string, object[]> = {
  subdistricts: [
    { _id: SD, name: '明德街道' },
    { _id: 'sd-other', name: '远方街道' },
  ],
  committees: [
    { _id: C1, subdistrictId: SD, name: '春晖社区居委会', address: '春晖路88号' },
    { _id: C2, subdistrictId: SD, name: '枫林社区居委会', address: '枫林路16号' },
    { _id: 'c-far', subdistrictId: 'sd-other', name: '远方社区居委会', address: '远方路1号' },
  ],
  serviceCenters: [
    { _id: CENTER, subdistrictId: SD, name: '明德街道社区事务受理服务中心', address: '明德路200号' },
  ],
  blocks: [
    // Who heads a block is stored on the block.
    {
      _id: 'c-chunhui-b1',
      committeeId: C1,
      name: '春晖苑一期',
      buildings: ['1号楼'],
      blockHeadOpenid: 'demo-blockhead-zhang',
    },
    {
      _id: 'c-chunhui-b2',
      committeeId: C1,
      name: '春晖苑二期',
      buildings: ['1号楼'],
      blockHeadOpenid: 'demo-blockhead-zhang',
    },
    {
      _id: 'c-chunhui-b3',
      committeeId: C1,
      name: '晖南小区',
      buildings: ['1号楼'],
      blockHeadOpenid: 'staff-chunhui-bh2',
    },
  ],
  staff: [
    staff('demo-blockhead-zhang', '张建国', 'blockHead', { committeeId: C1 }),
    staff('staff-chunhui-bh2', '周海燕', 'blockHead', { committeeId: C1 }),
    staff('demo-admin-chen', '陈丽华', 'committeeAdmin', { committeeId: C1 }),
    staff('staff-fenglin-admin', '孙卫东', 'committeeAdmin', { committeeId: C2 }),
    staff('demo-clerk-liu', '刘洋', 'windowClerk', { centerId: CENTER }),
    staff(OFFICER, '赵志强', 'officer'),
    staff(OFFICER2, '钱敏', 'officer'),
    { ...staff('officer-far', '孙远', 'officer'), subdistrictId: 'sd-other' },
  ],
  households: [
    {
      _id: 'h1',
      committeeId: C1,
      blockId: 'c-chunhui-b1',
      building: '1号楼',
      room: '101',
      class: 'C',
      members: [],
      updatedAt: NOW,
    },
    {
      _id: 'h2',
      committeeId: C1,
      blockId: 'c-chunhui-b1',
      building: '1号楼',
      room: '102',
      class: 'C',
      members: [],
      updatedAt: NOW,
    },
    {
      _id: 'h3',
      committeeId: C1,
      blockId: 'c-chunhui-b1',
      building: '1号楼',
      room: '201',
      class: 'C',
      members: [],
      updatedAt: NOW,
    },
    {
      _id: 'h4',
      committeeId: C1,
      blockId: 'c-chunhui-b2',
      building: '1号楼',
      room: '202',
      class: 'B',
      members: [],
      updatedAt: NOW,
    },
  ],
  residents: [
    {
      _id: 'demo-resident-wang',
      openid: 'demo-resident-wang',
      committeeIds: [C1],
      households: [],
      createdAt: NOW,
    },
  ],
}

const TYPE: Record<string, string> = {
  reply: 'replied',
  meeting: 'meeting',
  escalate: 'escalated',
  transfer: 'transferred',
  resolve: 'resolved',
  reject: 'rejected',
  microMatter: 'microMatter',
  duplicate: 'duplicate',
}
const LEVEL_NOTE = { satisfied: '满意', basic: '基本满意', dissatisfied: '不满意，重新办理' }

/** The old case: submitted 2026-08-20, never answered, still open — overdue and long unresolved. */
const D0: DemandFacts = {
  id: 'D0',
  committeeId: 'c1',
  blockId: 'b3',
  category: '其他',
  text: '',
  status: 'pending',
  open: true,
  submittedAt: t('2026-08-20 09:00'),
  responseDueAt: t('2026-08-21 09:00'),
  resolutionDueAt: t('2026-08-27 09:00'),
  assignee: 'staff-chunhui-bh2',
  actions: [],
  ratings: [],
  reopens: [],
}

function demandDoc(d: DemandFacts): Record<string, unknown> {
  const resident = 'demo-resident-wang'
  const who = (id: string) => ID[id] ?? id
  const events: Record<string, unknown>[] = [
    {
      id: `${d.id}-e0`,
      type: 'submitted',
      at: d.submittedAt,
      by: resident,
      byName: '王秀英',
      byRole: '居民',
    },
  ]
  for (const a of d.actions)
    events.push({
      id: `${d.id}-${events.length}`,
      type: TYPE[a.kind],
      at: a.at,
      by: who(a.by),
      byName: '工作人员',
      byRole: '块长',
    })
  const reopenTimes = new Set(d.reopens.map((r) => r.getTime()))
  for (const r of d.ratings) {
    const type = r.level === 'dissatisfied' && reopenTimes.has(r.at.getTime()) ? 'reopened' : 'rated'
    events.push({
      id: `${d.id}-${events.length}`,
      type,
      at: r.at,
      by: resident,
      byName: '王秀英',
      byRole: '居民',
      note: LEVEL_NOTE[r.level],
    })
  }
  events.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime())
  const first = d.actions[0]
  const last = events[events.length - 1].at as Date
  const resolved = [...d.actions].reverse().find((a) => a.kind === 'resolve' || a.kind === 'reject')
  const rating = d.ratings[d.ratings.length - 1]
  return {
    _id: d.id,
    residentOpenid: resident,
    residentName: '王秀英',
    committeeId: C1,
    subdistrictId: SD,
    blockId: d.blockId === 'b2' ? 'c-chunhui-b2' : d.blockId === 'b3' ? 'c-chunhui-b3' : 'c-chunhui-b1',
    category: CODE[d.category],
    text: TEXT[d.id],
    photos: [],
    visibility: 'private',
    status: d.open ? 'pending' : d.status === 'rejected' ? 'rejected' : rating ? 'closed' : 'resolved',
    assigneeOpenid: who(d.assignee ?? BH),
    assigneeName: '工作人员',
    submittedAt: d.submittedAt,
    submittedDay: '',
    firstResponseDueAt: d.responseDueAt,
    ...(first ? { firstRespondedAt: first.at } : {}),
    resolutionDueAt: d.resolutionDueAt,
    // Open and unanswered: working against the response deadline.
    dueAt: d.open ? d.responseDueAt : null,
    dueStage: d.open ? 'response' : null,
    nextAlertAt: null,
    cycle: d.reopens.length,
    reopened: d.reopens.length > 0,
    overdue: d.open,
    ...(resolved ? { resolvedAt: resolved.at } : {}),
    ...(d.status === 'rejected'
      ? {
          investigation: {
            findings: '到现场查看，杂物为住户临时存放',
            contacted: '物业、住户',
            reason: '属于私人纠纷，已调解',
            at: resolved!.at,
          },
        }
      : {}),
    ...(rating && rating.level !== 'dissatisfied' ? { rating: { level: rating.level, at: rating.at } } : {}),
    ...(d.ratings.some((r) => r.level === 'dissatisfied')
      ? { lastRating: { level: 'dissatisfied', at: d.ratings[0].at } }
      : {}),
    events,
    version: events.length,
    updatedAt: last,
  }
}

export const history: Record<string, object[]> = {
  demands: [D0, ...fDemands].map(demandDoc),
  bookings: fBookings.map((b, i) => ({
    _id: b.id,
    number: `A00${i + 1}`,
    subdistrictId: SD,
    centerId: CENTER,
    itemIds: ['item-1'],
    itemNames: ['居住证办理'],
    date: '2026-10-06',
    status: b.served ? 'served' : b.noShowAt ? 'noShow' : 'booked',
    walkIn: b.walkIn,
    createdAt: b.createdAt,
    ...(b.served ? { finishedAt: b.served.at, clerkOpenid: ID[b.served.by] } : {}),
    ...(b.noShowAt ? { finishedAt: b.noShowAt, clerkOpenid: ID[CLERK] } : {}),
    ...(b.rating ? { rating: b.rating.stars, ratedAt: b.rating.at } : {}),
    rescheduledFrom: [],
  })),
  visits: fVisits.map((v) => ({
    _id: v.id,
    householdId: v.householdId,
    committeeId: C1,
    blockId: 'c-chunhui-b1',
    mode: v.mode,
    source: 'staff',
    notes: '',
    visitorOpenid: ID[v.by],
    visitedAt: v.at,
    recordedAt: v.at,
    demandIds: [],
    talentIds: [],
  })),
  talents: fTalents.map((x) => ({
    _id: x.id,
    committeeId: C1,
    blockId: 'c-chunhui-b1',
    householdId: 'h1',
    name: '李师傅',
    skills: ['水电维修'],
    consent: { given: true, at: x.at, recordedBy: ID[x.by] },
    visitId: 'v1',
    createdAt: x.at,
  })),
}

/**
 * `n` open noise cases in 枫林 submitted a second apart on 10-10: more than an export writes within the call,
 * so the job goes on in the background.
 */
export function manyOpenCases(prefix: string, n = 2100): object[] {
  return Array.from({ length: n }, (_, i) => ({
    _id: `${prefix}-${String(i).padStart(5, '0')}`,
    residentOpenid: 'r',
    residentName: '李明',
    committeeId: C2,
    subdistrictId: SD,
    category: 'noise',
    text: `夜里有噪声 ${i}`,
    status: 'pending',
    submittedAt: new Date(Date.parse('2026-10-10T10:00:00+08:00') + i * 1000),
    firstResponseDueAt: new Date('2026-10-11T10:00:00+08:00'),
    resolutionDueAt: new Date('2026-10-13T10:00:00+08:00'),
    events: [],
    updatedAt: new Date('2026-10-10T10:00:00+08:00'),
  }))
}
