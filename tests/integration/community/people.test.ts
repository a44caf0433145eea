/**
 * People (工作人员): the units an inviter picks from, inviting into a committee or a service center, the roster
 * of one committee or one center, and handing a departing block head's blocks and open cases to a colleague.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'
import { requestMeter } from '../../helpers/requests'

let t: TestCloud
const call = <A extends ContractAction<'community'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'community', A>>('community', { action, ...input }, openid)
const fresh = (name: string) => `test-${name}-${Math.random().toString(36).slice(2, 8)}`
const { cost } = requestMeter(() => t.cloud.database)

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

describe('units and the invite pickers', () => {
  it("an officer picks from the sub-district's committees and centers; an admin sees only their own", async () => {
    let units!: CallOutput<'community', 'units'>
    // caller + committees + centers: a list within its budget of 3
    expect(await cost(async () => (units = ok(await call('units', {}, 'demo-officer-zhao'))))).toBe(3)
    expect(units.committees.map((c) => c.id).sort()).toEqual(['c-chunhui', 'c-fenglin', 'c-hepingli'])
    expect(units.centers).toEqual([{ id: 'sc-mingde', name: '明德街道社区事务受理服务中心' }])
    expect(ok(await call('units', {}, 'demo-admin-chen'))).toEqual({
      committees: [{ id: 'c-chunhui', name: '春晖社区居委会' }],
      centers: [],
    })
    expect((await call('units', {}, 'demo-blockhead-zhang')).error?.code).toBe('FORBIDDEN')
  })

  it('an officer invites a clerk into a center and an admin into a committee; each lands in its roster', async () => {
    const clerkCode = ok(
      await call('invite', { role: 'windowClerk', centerId: 'sc-mingde', note: '小孙' }, 'demo-officer-zhao'),
    )
    expect(clerkCode).toMatchObject({ role: 'windowClerk', centerId: 'sc-mingde' })
    const clerk = fresh('clerk')
    ok(await call('redeem', { code: clerkCode.code }, clerk))
    const adminCode = ok(
      await call('invite', { role: 'committeeAdmin', committeeId: 'c-hepingli' }, 'demo-officer-zhao'),
    )
    const center = ok(await call('roster', { centerId: 'sc-mingde' }, 'demo-officer-zhao'))
    expect(center.staff.map((s) => s.openid)).toEqual(expect.arrayContaining(['demo-clerk-liu', clerk]))
    expect(center.staff.every((s) => s.centerId === 'sc-mingde')).toBe(true)
    const committee = ok(await call('roster', { committeeId: 'c-hepingli' }, 'demo-officer-zhao'))
    expect(committee.staff.every((s) => s.committeeId === 'c-hepingli')).toBe(true)
    expect(committee.invites.map((i) => i.code)).toContain(adminCode.code)
  })

  it('a clerk without a center, an admin without a committee: INVALID_INPUT naming the field in zh-CN', async () => {
    expect((await call('invite', { role: 'windowClerk' }, 'demo-officer-zhao')).error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ path: 'centerId', message: '请选择服务中心' }] },
    })
    expect((await call('invite', { role: 'committeeAdmin' }, 'demo-officer-zhao')).error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ path: 'committeeId', message: '请选择居委会' }] },
    })
  })

  it("a center's roster is the officer's: an admin asking for it, or for another sub-district's, gets NOT_FOUND", async () => {
    expect((await call('roster', { centerId: 'sc-mingde' }, 'demo-admin-chen')).error?.code).toBe('NOT_FOUND')
    expect((await call('roster', { centerId: 'sc-nowhere' }, 'demo-officer-zhao')).error?.code).toBe(
      'NOT_FOUND',
    )
  })
})

describe('demo data', () => {
  it('seeded bindings carry their block, building and room', async () => {
    const wang = ok(await call('me', {}, 'demo-resident-wang'))
    expect(wang.bindings[0]).toMatchObject({ blockName: '春晖苑一期', building: '1号楼', room: '101' })
    const li = ok(await call('me', {}, 'demo-resident-li'))
    expect(li.bindings[0]).toMatchObject({ blockName: '春晖苑二期', building: '2号楼', room: '502' })
    const residents = await t.dev.collection<{ households: { building?: string; room?: string }[] }>(
      'residents',
      1000,
    )
    const bindings = residents.flatMap((r) => r.households)
    expect(bindings.length).toBeGreaterThan(100)
    expect(bindings.filter((h) => !h.building || !h.room)).toEqual([])
  })
})
