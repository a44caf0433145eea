/**
 * The demo identities: fixed OPENIDs that the local sign-in page lists and the README names. Locally the
 * OPENID travels in the `X-WX-OPENID` header; in WeChat the platform injects it.
 */
import type { Role } from '../../types/roles'

export interface DemoIdentity {
  readonly openid: string
  readonly role: Role
  readonly name: string
  readonly committeeId?: string
  readonly committeeName?: string
  readonly description: string
}

export const SUBDISTRICT = { id: 'sd-mingde', name: '明德街道' } as const
export const COMMITTEES = [
  { id: 'c-chunhui', name: '春晖社区居委会', address: '明德街道春晖路88号' },
  { id: 'c-fenglin', name: '枫林社区居委会', address: '明德街道枫林路16号' },
  { id: 'c-hepingli', name: '和平里社区居委会', address: '明德街道和平里东街3号' },
] as const
export const SERVICE_CENTER = {
  id: 'sc-mingde',
  name: '明德街道社区事务受理服务中心',
  address: '明德街道明德路200号',
} as const

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    openid: 'demo-resident-wang',
    role: 'resident',
    name: '王秀英',
    committeeId: 'c-chunhui',
    committeeName: '春晖社区居委会',
    description: '居民 · 独居老人，春晖社区',
  },
  {
    openid: 'demo-resident-li',
    role: 'resident',
    name: '李明',
    committeeId: 'c-chunhui',
    committeeName: '春晖社区居委会',
    description: '居民 · 上班族，春晖社区',
  },
  {
    openid: 'demo-blockhead-zhang',
    role: 'blockHead',
    name: '张建国',
    committeeId: 'c-chunhui',
    committeeName: '春晖社区居委会',
    description: '块长 · 春晖社区第一、二片区',
  },
  {
    openid: 'demo-admin-chen',
    role: 'committeeAdmin',
    name: '陈丽华',
    committeeId: 'c-chunhui',
    committeeName: '春晖社区居委会',
    description: '居委会书记 · 春晖社区',
  },
  {
    openid: 'demo-clerk-liu',
    role: 'windowClerk',
    name: '刘洋',
    description: '综合窗口 · 社区事务受理服务中心',
  },
  { openid: 'demo-officer-zhao', role: 'officer', name: '赵志强', description: '街道办 · 明德街道' },
  { openid: 'demo-newcomer', role: 'resident', name: '新用户', description: '第一次打开，还没有关注居委会' },
]
