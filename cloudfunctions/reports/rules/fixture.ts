/**
 * A small history with every kind of event, shared by the rule tests; the numbers the tests expect are
 * worked out by hand in the comments there. Times are Asia/Shanghai.
 */
import type { BookingFacts, DemandFacts, SourceFacts, TalentFacts, VisitFacts } from './facts'

export const t = (local: string): Date => new Date(`${local.replace(' ', 'T')}:00+08:00`)

const demand = (
  d: Partial<DemandFacts> & Pick<DemandFacts, 'id' | 'category' | 'submittedAt'>,
): DemandFacts => ({
  committeeId: 'c1',
  blockId: 'b1',
  text: '',
  status: 'resolved',
  open: false,
  responseDueAt: new Date(d.submittedAt.getTime() + 24 * 3_600_000),
  actions: [],
  ratings: [],
  reopens: [],
  ...d,
})

export const BH = 'bh1'
export const ADMIN = 'admin1'
export const CLERK = 'clerk1'

export const demands: DemandFacts[] = [
  demand({
    id: 'D1',
    category: '环境卫生',
    submittedAt: t('2026-10-05 09:00'),
    resolutionDueAt: t('2026-10-12 09:00'),
    assignee: BH,
    actions: [
      { at: t('2026-10-05 15:00'), by: BH, kind: 'reply' },
      { at: t('2026-10-07 09:00'), by: BH, kind: 'resolve' },
    ],
    ratings: [{ at: t('2026-10-07 12:00'), level: 'satisfied' }],
  }),
  demand({
    id: 'D2',
    category: '噪声扰民',
    blockId: 'b2',
    submittedAt: t('2026-10-05 20:00'),
    resolutionDueAt: t('2026-10-12 20:00'),
    assignee: BH,
    actions: [
      { at: t('2026-10-05 22:00'), by: BH, kind: 'resolve' },
      { at: t('2026-10-08 10:00'), by: BH, kind: 'resolve' },
    ],
    ratings: [
      { at: t('2026-10-06 10:00'), level: 'dissatisfied' },
      { at: t('2026-10-08 12:00'), level: 'basic' },
    ],
    reopens: [t('2026-10-06 10:00')],
  }),
  demand({
    id: 'D3',
    category: '环境卫生',
    submittedAt: t('2026-10-06 08:00'),
    resolutionDueAt: t('2026-10-13 08:00'),
    assignee: ADMIN,
    actions: [
      { at: t('2026-10-07 10:00'), by: ADMIN, kind: 'reply' },
      { at: t('2026-10-07 11:00'), by: ADMIN, kind: 'escalate' },
      { at: t('2026-10-09 08:00'), by: ADMIN, kind: 'resolve' },
    ],
  }),
  demand({
    id: 'D4',
    category: '公共设施',
    submittedAt: t('2026-10-06 09:00'),
    resolutionDueAt: t('2026-10-08 09:00'),
    assignee: BH,
    status: 'pending',
    open: true,
  }),
  demand({
    id: 'D5',
    category: '邻里纠纷',
    submittedAt: t('2026-10-07 10:00'),
    resolutionDueAt: t('2026-10-14 10:00'),
    assignee: BH,
    status: 'rejected',
    actions: [
      { at: t('2026-10-07 11:00'), by: BH, kind: 'reply' },
      { at: t('2026-10-08 10:00'), by: BH, kind: 'reject', investigated: true },
    ],
  }),
]

export const visits: VisitFacts[] = [
  {
    id: 'v1',
    committeeId: 'c1',
    householdId: 'h1',
    by: BH,
    at: t('2026-10-05 10:00'),
    mode: 'home',
    byResident: false,
    intervalDays: 14,
  },
  {
    id: 'v2',
    committeeId: 'c1',
    householdId: 'h2',
    by: BH,
    at: t('2026-09-20 10:00'),
    mode: 'home',
    byResident: false,
    intervalDays: 14,
  },
  {
    id: 'v3',
    committeeId: 'c1',
    householdId: 'h3',
    by: BH,
    at: t('2026-09-25 10:00'),
    mode: 'online',
    byResident: false,
    intervalDays: 14,
  },
  {
    id: 'v4',
    committeeId: 'c1',
    householdId: 'h4',
    by: BH,
    at: t('2026-10-08 16:00'),
    mode: 'online',
    byResident: false,
    intervalDays: 90,
  },
]

export const bookings: BookingFacts[] = [
  {
    id: 'k1',
    unitId: 'sc',
    walkIn: false,
    createdAt: t('2026-10-05 09:00'),
    served: { at: t('2026-10-06 10:00'), by: CLERK },
    rating: { at: t('2026-10-06 11:00'), stars: 5 },
  },
  {
    id: 'k2',
    unitId: 'sc',
    walkIn: false,
    createdAt: t('2026-10-05 09:30'),
    noShowAt: t('2026-10-07 09:00'),
  },
  {
    id: 'k3',
    unitId: 'sc',
    walkIn: true,
    createdAt: t('2026-10-08 14:00'),
    served: { at: t('2026-10-08 14:20'), by: CLERK },
    rating: { at: t('2026-10-08 15:00'), stars: 2 },
  },
]

export const talents: TalentFacts[] = [{ id: 'tal1', committeeId: 'c1', by: BH, at: t('2026-10-05 10:30') }]

export const source: SourceFacts = { demands, visits, bookings, talents }
export const NOW = t('2026-10-10 00:00')
