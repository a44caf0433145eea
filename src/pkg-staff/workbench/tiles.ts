import type { Role } from '../../../types/roles'
import type { FunctionName } from '../../../types/policy'

/**
 * The tiles of 工作台 per role. Each points at a staff page that its feature adds under `pkg-staff/`;
 * `count` names an action whose `total` (or `items.length`) becomes the tile's badge.
 */
export interface WorkTile {
  key: string
  title: string
  description: string
  url: string
  roles: readonly Role[]
  count?: { fn: FunctionName; action: string; input?: Record<string, unknown> }
}

export const WORK_TILES: readonly WorkTile[] = [
  {
    key: 'inbox',
    title: '诉求待办',
    description: '居民提的诉求，24小时内要回复',
    url: '/pkg-staff/demands/inbox/index',
    roles: ['blockHead', 'committeeAdmin'],
    count: { fn: 'demands', action: 'inbox', input: { status: 'open', limit: 1 } },
  },
  {
    key: 'intake',
    title: '代为登记诉求',
    description: '电话、上门、窗口或12345转来的诉求',
    url: '/pkg-staff/demands/intake/index',
    roles: ['blockHead', 'committeeAdmin'],
  },
  {
    key: 'catalogue',
    title: '走访目录',
    description: '该去走访的家庭，逾期的排在前面',
    url: '/pkg-staff/visits/catalogue/index',
    roles: ['blockHead', 'committeeAdmin'],
    count: { fn: 'visits', action: 'catalogue', input: { limit: 1 } },
  },
  {
    key: 'households',
    title: '家庭档案',
    description: '片区里每户人家的情况',
    url: '/pkg-staff/visits/households/index',
    roles: ['blockHead', 'committeeAdmin'],
  },
  {
    key: 'bindings',
    title: '确认家庭绑定',
    description: '居民申请绑定家庭，核对后确认',
    url: '/pkg-staff/community/bindings/index',
    roles: ['blockHead', 'committeeAdmin'],
    count: { fn: 'community', action: 'pendingBindings', input: {} },
  },
  {
    key: 'notices',
    title: '发布通知',
    description: '给关注本社区的居民发通知',
    url: '/pkg-staff/community/publish/index',
    roles: ['committeeAdmin'],
  },
  {
    key: 'roster',
    title: '工作人员',
    description: '邀请块长、分配片区',
    url: '/pkg-staff/community/roster/index',
    roles: ['committeeAdmin'],
  },
  {
    key: 'cadence',
    title: '走访周期',
    description: 'A、B、C 类家庭隔几天走访一次',
    url: '/pkg-staff/visits/cadence/index',
    roles: ['committeeAdmin'],
  },
  {
    key: 'summary',
    title: '社区数据',
    description: '诉求、走访、满意度的汇总',
    url: '/pkg-staff/reports/summary/index',
    roles: ['committeeAdmin'],
  },
  {
    key: 'learning',
    title: '业务学习',
    description: '常办的事项先学，学完考一考；小贴士更新了要重考',
    url: '/pkg-staff/learning/path/index',
    roles: ['windowClerk'],
    count: { fn: 'bookings', action: 'learningPath', input: {} },
  },
  {
    key: 'daySheet',
    title: '今日预约',
    description: '今天来办事的居民，到了就签到',
    url: '/pkg-staff/bookings/day-sheet/index',
    roles: ['windowClerk'],
    count: { fn: 'bookings', action: 'daySheet', input: {} },
  },
  {
    key: 'items',
    title: '办事指南',
    description: '维护事项和要带的材料',
    url: '/pkg-staff/bookings/items/index',
    roles: ['windowClerk'],
  },
  {
    key: 'slots',
    title: '放号与闭馆',
    description: '开放可预约的时段，临时闭馆',
    url: '/pkg-staff/bookings/slots/index',
    roles: ['windowClerk'],
  },
  {
    key: 'plan',
    title: '工作安排',
    description: '每周办公时间、窗口数、节假日',
    url: '/pkg-staff/bookings/plan/index',
    roles: ['windowClerk'],
  },
]

export function tilesFor(roles: readonly Role[]): WorkTile[] {
  return WORK_TILES.filter((t) => t.roles.some((r) => roles.includes(r)))
}
