import { canManage } from './manage'

const s = (
  openid: string,
  role: 'blockHead' | 'committeeAdmin' | 'windowClerk' | 'officer',
  committeeId?: string,
  subdistrictId = 'sd',
) => ({
  openid,
  role,
  committeeId,
  subdistrictId,
})

describe('canManage', () => {
  it('admins manage block heads and admins of their committee only', () => {
    const admin = s('a', 'committeeAdmin', 'c1')
    expect(canManage(admin, s('b', 'blockHead', 'c1'))).toBe(true)
    expect(canManage(admin, s('b', 'committeeAdmin', 'c1'))).toBe(true)
    expect(canManage(admin, s('b', 'blockHead', 'c2'))).toBe(false)
    expect(canManage(admin, s('b', 'officer'))).toBe(false)
    expect(canManage(admin, s('b', 'windowClerk'))).toBe(false)
  })
  it('officers manage staff of their sub-district only; block heads manage nobody', () => {
    expect(canManage(s('o', 'officer'), s('b', 'windowClerk'))).toBe(true)
    expect(canManage(s('o', 'officer'), s('b', 'blockHead', 'c9', 'sd2'))).toBe(false)
    expect(canManage(s('b', 'blockHead', 'c1'), s('x', 'blockHead', 'c1'))).toBe(false)
  })
})
