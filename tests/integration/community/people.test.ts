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

describe('handover (块长交接)', () => {
  type Case = {
    _id: string
    committeeId: string
    assigneeOpenid: string
    status: string
    events: { id: string; type: string; note?: string }[]
  }
  type Staff = { _id: string; active: boolean }
  type Block = { _id: string; blockHeadOpenid?: string }
  const OPEN = ['pending', 'in_progress', 'meeting', 'escalated']
  const cases = () => t.dev.collection<Case>('demands', 5000)
  const staff = async (id: string) =>
    (await t.dev.collection<Staff>('staff', 1000)).find((s) => s._id === id)!
  const block = async (id: string) =>
    (await t.dev.collection<Block>('blocks', 1000)).find((b) => b._id === id)!
  /** The blocks that name `openid` as their head (where a block's head is stored). */
  const headOf = async (openid: string) =>
    (await t.dev.collection<Block>('blocks', 1000))
      .filter((b) => b.blockHeadOpenid === openid)
      .map((b) => b._id)
      .sort()

  /** A block head of 春晖 with one block and `n` open cases, made through the app's own actions. */
  async function headWithCases(blockId: string, n: number): Promise<string> {
    const inv = ok(await call('invite', { role: 'blockHead', blockIds: [blockId] }, 'demo-admin-chen'))
    const head = fresh('head')
    ok(await call('me', {}, head))
    ok(await call('redeem', { code: inv.code }, head))
    for (let i = 0; i < n; i++) {
      const r = fresh('resident')
      await t.call(
        'demands',
        {
          action: 'submit',
          category: 'sanitation',
          text: `楼道里堆了很多杂物，请处理一下（${i}）`,
          location: { blockId },
          visibility: 'private',
          clientRequestId: `${r}-submit`,
        },
        r,
      )
    }
    return head
  }

  it("moves a departing head's blocks and open cases to a colleague in five requests, once however often retried", async () => {
    const departing = 'demo-blockhead-zhang'
    const colleague = 'staff-chunhui-bh2'
    const before = await cases()
    const open = before.filter((d) => d.assigneeOpenid === departing && OPEN.includes(d.status))
    const closed = before.filter((d) => d.assigneeOpenid === departing && !OPEN.includes(d.status))
    expect(open.length).toBeGreaterThan(0)

    const input = {
      fromOpenid: departing,
      toOpenid: colleague,
      deactivate: true,
      clientRequestId: 'handover-zhang-1',
    }
    let r!: CallOutput<'community', 'handover'>
    expect(await cost(async () => (r = ok(await call('handover', input, 'demo-admin-chen'))))).toBe(5)
    expect(r).toEqual({
      fromOpenid: departing,
      toOpenid: colleague,
      toName: '周海燕',
      blockIds: ['c-chunhui-b1', 'c-chunhui-b2'],
      cases: open.length,
      deactivated: true,
    })

    const check = async () => {
      const after = new Map((await cases()).map((d) => [d._id, d]))
      for (const d of open) {
        const now = after.get(d._id)!
        expect(now.assigneeOpenid).toBe(colleague)
        const entries = now.events.filter((e) => e.note === '块长交接：张建国的工作交给周海燕')
        expect(entries).toHaveLength(1)
        expect(entries[0].type).toBe('transferred')
      }
      // Closed cases keep who did them.
      for (const d of closed) expect(after.get(d._id)!.assigneeOpenid).toBe(departing)
      expect((await block('c-chunhui-b1')).blockHeadOpenid).toBe(colleague)
      expect((await block('c-chunhui-b2')).blockHeadOpenid).toBe(colleague)
      expect(await headOf(colleague)).toEqual([
        'c-chunhui-b1',
        'c-chunhui-b2',
        'c-chunhui-b3',
        'c-chunhui-b4',
      ])
      expect(await headOf(departing)).toEqual([])
      expect(await staff(departing)).toMatchObject({ active: false })
    }
    await check()
    // The departing head loses access at once; the colleague sees the cases in the inbox.
    expect((await t.call('demands', { action: 'inbox', status: 'open' }, departing)).error?.code).toBe(
      'FORBIDDEN',
    )
    for (const d of open.slice(0, 3))
      expect((await t.call('demands', { action: 'get', id: d._id }, colleague)).ok).toBe(true)

    // The same request again (the answer was lost): the same answer, nothing written.
    let again!: CallOutput<'community', 'handover'>
    expect(await cost(async () => (again = ok(await call('handover', input, 'demo-admin-chen'))))).toBe(2)
    expect(again).toEqual(r)
    await check()
  })

  it('an interrupted hand-over, run again, ends with every case moved once', async () => {
    const departing = await headWithCases('c-chunhui-b3', 3)
    const colleague = await headWithCases('c-chunhui-b4', 0)
    const mine = (await cases()).filter((d) => d.assigneeOpenid === departing && OPEN.includes(d.status))
    expect(mine).toHaveLength(3)
    // What the first run had written when it stopped: the block and one case (with its entry).
    const eventId = 'first-run-entry'
    await t.cloud.db.update('blocks', { _id: 'c-chunhui-b3' }, { $set: { blockHeadOpenid: colleague } })
    await t.cloud.db.update(
      'demands',
      { _id: mine[0]._id },
      {
        $set: { assigneeOpenid: colleague },
        $push: {
          events: {
            id: eventId,
            type: 'transferred',
            note: '块长交接',
            at: new Date(),
            by: 'x',
            byName: 'x',
            byRole: 'x',
          },
        },
      },
    )
    const r = ok(
      await call(
        'handover',
        { fromOpenid: departing, toOpenid: colleague, clientRequestId: 'handover-interrupted' },
        'demo-admin-chen',
      ),
    )
    // The record says what this run moved: the block and the case the first run moved are not counted again.
    expect(r).toMatchObject({ blockIds: [], cases: 2, deactivated: false })
    const after = new Map((await cases()).map((d) => [d._id, d]))
    for (const d of mine) {
      const now = after.get(d._id)!
      expect(now.assigneeOpenid).toBe(colleague)
      expect(now.events.filter((e) => e.type === 'transferred')).toHaveLength(1)
    }
    expect(await staff(departing)).toMatchObject({ active: true })
    expect(await headOf(departing)).toEqual([])
    expect(await headOf(colleague)).toEqual(['c-chunhui-b3', 'c-chunhui-b4'])
  })

  it('refuses bad input with zh-CN field paths, and colleagues outside the committee', async () => {
    const base = {
      fromOpenid: 'staff-chunhui-bh2',
      toOpenid: 'staff-chunhui-bh2',
      clientRequestId: 'handover-bad-1',
    }
    expect((await call('handover', base, 'demo-admin-chen')).error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ path: 'toOpenid', message: '接手的同事不能是交出的块长本人' }] },
    })
    expect((await call('handover', { ...base, toOpenid: '' }, 'demo-admin-chen')).error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: expect.arrayContaining([{ path: 'toOpenid', message: '请选择接手的同事' }]) },
    })
    const noId = await call(
      'handover',
      { fromOpenid: 'staff-chunhui-bh2', toOpenid: 'demo-admin-chen' },
      'demo-admin-chen',
    )
    expect(noId.error?.code).toBe('INVALID_INPUT')
    expect((noId.error?.details as { issues: { path: string; message: string }[] }).issues[0].path).toBe(
      'clientRequestId',
    )
    expect(
      (noId.error?.details as { issues: { path: string; message: string }[] }).issues[0].message,
    ).toMatch(/[\u4e00-\u9fa5]/)
    // Another committee's block head or staff: as if they did not exist.
    expect(
      (await call('handover', { ...base, toOpenid: 'staff-fenglin-bh1' }, 'demo-admin-chen')).error,
    ).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'toOpenid' }] } })
    expect(
      (
        await call(
          'handover',
          { ...base, fromOpenid: 'staff-fenglin-bh1', toOpenid: 'demo-admin-chen' },
          'demo-admin-chen',
        )
      ).error?.code,
    ).toBe('NOT_FOUND')
    // Only a committee admin hands over.
    expect((await call('handover', base, 'demo-officer-zhao')).error?.code).toBe('FORBIDDEN')
    expect((await call('handover', base, 'staff-chunhui-bh2')).error?.code).toBe('FORBIDDEN')
  })
})
