/**
 * The community function through the real wx-server-sdk and function host: residents, following, household
 * binding and its confirmation, invitations and redeeming them, the roster, notices and subscribe grants.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'

let t: TestCloud
const call = <A extends ContractAction<'community'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'community', A>>('community', { action, ...input }, openid)
const fresh = (name: string) => `test-${name}-${Math.random().toString(36).slice(2, 8)}`

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

describe('me', () => {
  it('creates the resident from the OPENID on the first call, once', async () => {
    const openid = fresh('new')
    const first = ok(await call('me', {}, openid))
    expect(first).toMatchObject({
      openid,
      created: true,
      committees: [],
      bindings: [],
      roles: ['resident'],
      staff: null,
    })
    const second = ok(await call('me', {}, openid))
    expect(second.created).toBe(false)
    const docs = (await t.dev.collection<{ _id: string }>('residents', 1000)).filter((d) => d._id === openid)
    expect(docs).toHaveLength(1)
  })

  it('shows staff their role and blocks for 工作台', async () => {
    const me = ok(await call('me', {}, 'demo-blockhead-zhang'))
    expect(me.roles).toEqual(['resident', 'blockHead'])
    expect(me.staff).toMatchObject({
      role: 'blockHead',
      committeeId: 'c-chunhui',
      committeeName: '春晖社区居委会',
    })
    expect(me.staff!.blocks.map((b) => b.id)).toEqual(['c-chunhui-b1', 'c-chunhui-b2'])
  })

  it('ignores an OPENID or role in the event body', async () => {
    const stranger = fresh('spoof')
    const r = ok(
      await t.call<CallOutput<'community', 'me'>>(
        'community',
        { action: 'me', openid: 'demo-admin-chen', role: 'officer' },
        stranger,
      ),
    )
    expect(r.openid).toBe(stranger)
    expect(r.staff).toBeNull()
    expect(r.roles).toEqual(['resident'])
  })

  it('without an OPENID is UNAUTHENTICATED', async () => {
    const r = await t.call('community', { action: 'me' })
    expect(r.error?.code).toBe('UNAUTHENTICATED')
  })
})

describe('committees, follow, unfollow', () => {
  it('lists and searches committees by name, address and pinyin initials', async () => {
    const all = ok(await call('committees', {}, fresh('browse')))
    expect(all.items.map((c) => c.id).sort()).toEqual(['c-chunhui', 'c-fenglin', 'c-hepingli'])
    expect(all.items.find((c) => c.id === 'c-chunhui')!.blocks.length).toBeGreaterThan(0)
    expect(ok(await call('committees', { keyword: '枫林' }, fresh('s'))).items.map((c) => c.id)).toEqual([
      'c-fenglin',
    ])
    expect(ok(await call('committees', { keyword: 'hpl' }, fresh('s'))).items.map((c) => c.id)).toEqual([
      'c-hepingli',
    ])
  })

  it('follows by id and by QR scene, once each, and unfollows', async () => {
    const openid = fresh('follower')
    expect(ok(await call('follow', { committeeId: 'c-fenglin' }, openid)).committeeIds).toEqual(['c-fenglin'])
    expect(ok(await call('follow', { scene: 'c%3Dc-chunhui' }, openid)).committeeIds).toEqual([
      'c-fenglin',
      'c-chunhui',
    ])
    expect(ok(await call('follow', { committeeId: 'c-fenglin' }, openid)).committeeIds).toEqual([
      'c-fenglin',
      'c-chunhui',
    ])
    expect(ok(await call('me', {}, openid)).committees.map((c) => c.id)).toEqual(['c-fenglin', 'c-chunhui'])
    expect(ok(await call('unfollow', { committeeId: 'c-fenglin' }, openid)).committeeIds).toEqual([
      'c-chunhui',
    ])
    expect(ok(await call('me', {}, openid)).committees.map((c) => c.id)).toEqual(['c-chunhui'])
  })

  it('an unknown committee or scene is NOT_FOUND; no target at all is INVALID_INPUT', async () => {
    expect((await call('follow', { committeeId: 'c-nowhere' }, fresh('x'))).error?.code).toBe('NOT_FOUND')
    expect((await call('follow', { scene: '&&&' }, fresh('x'))).error?.code).toBe('NOT_FOUND')
    const bad = await call('follow', {}, fresh('x'))
    expect(bad.error?.code).toBe('INVALID_INPUT')
    expect(bad.error?.details).toMatchObject({ issues: [{ path: 'committeeId' }] })
  })
})

describe('updateProfile', () => {
  it('saves name and phone; staff lists show the phone masked', async () => {
    const openid = 'demo-blockhead-zhang'
    expect(ok(await call('updateProfile', { name: '张建国', phone: '13812345678' }, openid))).toEqual({
      name: '张建国',
      phone: '13812345678',
    })
    const roster = ok(await call('roster', {}, 'demo-admin-chen'))
    expect(roster.staff.find((s) => s.openid === openid)!.phoneMasked).toBe('138****5678')
    expect(JSON.stringify(roster)).not.toContain('13812345678')
  })
  it('rejects a bad phone with a field path and a zh-CN message', async () => {
    const r = await call('updateProfile', { phone: '12345' }, fresh('p'))
    expect(r.error?.code).toBe('INVALID_INPUT')
    expect(r.error?.details).toMatchObject({ issues: [{ path: 'phone', message: '请输入11位手机号' }] })
  })
})

describe('household binding', () => {
  const household = { blockId: 'c-chunhui-b1', building: '1号楼', room: '101' } // 王秀英's home

  it('waits for the block head, who confirms it; the family file then lists the resident', async () => {
    const openid = fresh('daughter')
    const b = ok(await call('bindHousehold', { ...household, building: '1' }, openid)).binding
    expect(b).toMatchObject({
      householdId: 'hh-c-chunhui-b1-1-101',
      status: 'pending',
      committeeName: '春晖社区居委会',
      blockName: '春晖苑一期',
    })
    // Binding follows the committee, and a repeat is the same request.
    expect(ok(await call('me', {}, openid)).committees.map((c) => c.id)).toEqual(['c-chunhui'])
    expect(ok(await call('bindHousehold', household, openid)).binding.status).toBe('pending')

    const pending = ok(await call('pendingBindings', {}, 'demo-blockhead-zhang')).items
    expect(pending.some((p) => p.residentOpenid === openid && p.headName === '王秀英')).toBe(true)
    // Another committee's block head does not see it, and cannot confirm it.
    expect(
      ok(await call('pendingBindings', {}, 'staff-fenglin-bh1')).items.some(
        (p) => p.residentOpenid === openid,
      ),
    ).toBe(false)
    const foreign = await call(
      'confirmBinding',
      { residentOpenid: openid, householdId: 'hh-c-chunhui-b1-1-101', decision: 'confirm' },
      'staff-fenglin-bh1',
    )
    expect(foreign.error?.code).toBe('NOT_FOUND')
    // The block head of the committee's other blocks cannot either.
    const sideways = await call(
      'confirmBinding',
      { residentOpenid: openid, householdId: 'hh-c-chunhui-b1-1-101', decision: 'confirm' },
      'staff-chunhui-bh2',
    )
    expect(sideways.error?.code).toBe('NOT_FOUND')

    const input = { residentOpenid: openid, householdId: 'hh-c-chunhui-b1-1-101', decision: 'confirm' }
    expect(ok(await call('confirmBinding', input, 'demo-blockhead-zhang'))).toEqual({ status: 'confirmed' })
    expect(ok(await call('confirmBinding', input, 'demo-blockhead-zhang'))).toEqual({ status: 'confirmed' })
    const file = (
      await t.dev.collection<{ _id: string; residentOpenids: string[] }>('households', 1000)
    ).find((h) => h._id === 'hh-c-chunhui-b1-1-101')!
    expect(file.residentOpenids.filter((o) => o === openid)).toHaveLength(1)
    expect(ok(await call('me', {}, openid)).bindings[0].status).toBe('confirmed')
  })

  it('allows one household per committee', async () => {
    const openid = fresh('two-homes')
    ok(await call('bindHousehold', household, openid))
    const r = await call('bindHousehold', { blockId: 'c-chunhui-b2', building: '2号楼', room: '502' }, openid)
    expect(r.error?.code).toBe('CONFLICT')
    expect(r.error?.message).toContain('一个居委会只能绑定一户')
  })

  it('an address that does not exist is NOT_FOUND with a helpful message', async () => {
    const r = await call(
      'bindHousehold',
      { blockId: 'c-chunhui-b1', building: '99号楼', room: '9999' },
      fresh('lost'),
    )
    expect(r.error?.code).toBe('NOT_FOUND')
    expect(r.error?.message).toContain('门牌')
  })

  it('the committee admin may decline; the resident may then ask again', async () => {
    const openid = fresh('declined')
    ok(await call('bindHousehold', household, openid))
    expect(
      ok(
        await call(
          'confirmBinding',
          { residentOpenid: openid, householdId: 'hh-c-chunhui-b1-1-101', decision: 'decline' },
          'demo-admin-chen',
        ),
      ),
    ).toEqual({ status: 'declined' })
    expect(ok(await call('bindHousehold', household, openid)).binding.status).toBe('pending')
    const resident = t.cloud.database.find('residents', { _id: openid })[0] as {
      households: { status: string }[]
    }
    expect(resident.households.map((b) => b.status)).toEqual(['pending'])
  })

  it('two requests at once for two homes in one committee: one binds, the other is told; a retry binds nothing twice', async () => {
    const openid = fresh('racer')
    ok(await call('me', {}, openid))
    const other = { blockId: 'c-chunhui-b2', building: '2号楼', room: '502' }
    const answers = await Promise.all([
      call('bindHousehold', household, openid),
      call('bindHousehold', other, openid),
      call('bindHousehold', household, openid),
    ])
    expect(answers.filter((a) => a.ok).length).toBeGreaterThanOrEqual(1)
    for (const a of answers.filter((x) => !x.ok)) expect(a.error?.code).toBe('CONFLICT')
    const resident = t.cloud.database.find('residents', { _id: openid })[0] as {
      households: { householdId: string }[]
      committeeIds: string[]
    }
    expect(resident.households).toHaveLength(1)
    expect(resident.committeeIds).toEqual(['c-chunhui'])
    const won = resident.households[0].householdId
    for (const a of answers.filter((x) => x.ok)) expect(ok(a).binding.householdId).toBe(won)
  })

  it('a confirmation cut off before the family file was written is finished by its retry, once', async () => {
    const openid = fresh('cut-off')
    ok(await call('bindHousehold', household, openid))
    const input = { residentOpenid: openid, householdId: 'hh-c-chunhui-b1-1-101', decision: 'confirm' }
    ok(await call('confirmBinding', input, 'demo-blockhead-zhang'))
    // What a process killed between the two writes leaves: the binding decided, the file without the resident.
    await t.cloud.db.update('households', { _id: input.householdId }, { $pull: { residentOpenids: openid } })
    expect(ok(await call('confirmBinding', input, 'demo-blockhead-zhang'))).toEqual({ status: 'confirmed' })
    const file = t.cloud.database.find('households', { _id: input.householdId })[0] as {
      residentOpenids: string[]
    }
    expect(file.residentOpenids.filter((o) => o === openid)).toHaveLength(1)
    // A decline after the confirmation does not undo it.
    const late = await call('confirmBinding', { ...input, decision: 'decline' }, 'demo-admin-chen')
    expect(late.error?.code).toBe('NOT_FOUND')
  })
})

describe('invitations', () => {
  it('admin invites a block head for a block; the new identity redeems it once and becomes block head', async () => {
    const inv = ok(
      await call(
        'invite',
        { role: 'blockHead', blockIds: ['c-chunhui-b4'], note: '钱阿姨' },
        'demo-admin-chen',
      ),
    )
    expect(inv.code).toMatch(/^[A-Z0-9]{8}$/)
    expect(inv.committeeId).toBe('c-chunhui')
    const days = (new Date(inv.expiresAt).getTime() - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(6.9)
    expect(days).toBeLessThan(7.1)
    expect(ok(await call('roster', {}, 'demo-admin-chen')).invites.some((i) => i.code === inv.code)).toBe(
      true,
    )

    const newcomer = fresh('qian')
    const red = ok(await call('redeem', { code: inv.code.toLowerCase().replace(/(.{4})/, '$1 ') }, newcomer))
    expect(red.staff).toMatchObject({
      role: 'blockHead',
      committeeId: 'c-chunhui',
      blocks: [{ id: 'c-chunhui-b4' }],
    })
    const me = ok(await call('me', {}, newcomer))
    expect(me.roles).toEqual(['resident', 'blockHead'])
    expect(me.committees.map((c) => c.id)).toEqual(['c-chunhui'])
    // The block moved from its previous head; both changes are audited.
    const roster = ok(await call('roster', {}, 'demo-admin-chen'))
    expect(roster.staff.find((s) => s.openid === 'staff-chunhui-bh2')!.blockIds).toEqual(['c-chunhui-b3'])
    expect(roster.blocks.find((b) => b.id === 'c-chunhui-b4')!.blockHeadOpenid).toBe(newcomer)
    const audit = await t.dev.collection<{
      subjectId: string
      action: string
      actorOpenid: string
      before: unknown
      after: unknown
    }>('audit', 1000)
    expect(
      audit.some((a) => a.subjectId === newcomer && a.action === 'community.redeem' && a.before === null),
    ).toBe(true)
    expect(audit.some((a) => a.subjectId === 'staff-chunhui-bh2' && a.action === 'community.redeem')).toBe(
      true,
    )

    const again = await call('redeem', { code: inv.code }, fresh('late'))
    expect(again.error).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('用过') })
  })

  it('unknown codes are NOT_FOUND, expired ones CONFLICT, malformed ones INVALID_INPUT', async () => {
    expect((await call('redeem', { code: 'ZZZZZZZZ' }, fresh('x'))).error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('邀请码不存在'),
    })
    expect((await call('redeem', { code: '12' }, fresh('x'))).error?.code).toBe('INVALID_INPUT')
    const inv = ok(await call('invite', { role: 'committeeAdmin', expiresInDays: 1 }, 'demo-admin-chen'))
    await t.dev.setClock(2 * 86_400_000)
    try {
      expect((await call('redeem', { code: inv.code }, fresh('x'))).error).toMatchObject({
        code: 'CONFLICT',
        message: expect.stringContaining('过期'),
      })
    } finally {
      await t.dev.setClock(0)
    }
  })

  it('the same clientRequestId gives the same code', async () => {
    const input = { role: 'blockHead', clientRequestId: 'invite-retry-1' }
    const a = ok(await call('invite', input, 'demo-admin-chen'))
    const b = ok(await call('invite', input, 'demo-admin-chen'))
    expect(b.code).toBe(a.code)
  })

  it('admins cannot invite outside their committee or above their role; officers invite admins', async () => {
    expect(
      (await call('invite', { role: 'blockHead', committeeId: 'c-fenglin' }, 'demo-admin-chen')).error?.code,
    ).toBe('NOT_FOUND')
    expect((await call('invite', { role: 'officer' }, 'demo-admin-chen')).error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ path: 'role' }] },
    })
    expect(
      (await call('invite', { role: 'blockHead', blockIds: ['c-fenglin-b1'] }, 'demo-admin-chen')).error
        ?.code,
    ).toBe('NOT_FOUND')
    const inv = ok(
      await call('invite', { role: 'committeeAdmin', committeeId: 'c-fenglin' }, 'demo-officer-zhao'),
    )
    expect(inv.committeeId).toBe('c-fenglin')
    expect((await call('invite', { role: 'blockHead' }, 'demo-blockhead-zhang')).error?.code).toBe(
      'FORBIDDEN',
    )
  })

  it('a redemption cut off before the staff record was written is finished by its retry, once', async () => {
    const inv = ok(await call('invite', { role: 'blockHead', blockIds: ['c-chunhui-b4'] }, 'demo-admin-chen'))
    const holder = t.cloud.database.find('blocks', { _id: 'c-chunhui-b4' })[0] as { blockHeadOpenid?: string }
    const bh = fresh('cut-redeem')
    ok(await call('redeem', { code: inv.code }, bh))
    // What a process killed before its last write leaves: the code claimed, the rest written, no staff record.
    await t.cloud.db.remove('staff', { _id: bh })
    expect(ok(await call('me', {}, bh)).staff).toBeNull()
    const again = ok(await call('redeem', { code: inv.code }, bh))
    expect(again.staff).toMatchObject({ role: 'blockHead', blocks: [{ id: 'c-chunhui-b4' }] })
    expect(ok(await call('redeem', { code: inv.code }, bh)).staff.role).toBe('blockHead')
    const lines = t.cloud.database.find('audit', { action: 'community.redeem', subjectId: bh })
    expect(lines).toHaveLength(1)
    // The block names its new head, so its former head's list no longer has it.
    expect(t.cloud.database.find('blocks', { _id: 'c-chunhui-b4' })[0]).toMatchObject({ blockHeadOpenid: bh })
    if (holder.blockHeadOpenid) {
      const roster = ok(await call('roster', {}, 'demo-admin-chen'))
      expect(roster.staff.find((s) => s.openid === holder.blockHeadOpenid)?.blockIds ?? []).not.toContain(
        'c-chunhui-b4',
      )
    }
    // Someone else still cannot use it.
    expect((await call('redeem', { code: inv.code }, fresh('late'))).error?.code).toBe('CONFLICT')
  })

  it('a staff member cannot redeem a second code', async () => {
    const inv = ok(await call('invite', { role: 'committeeAdmin' }, 'demo-admin-chen'))
    expect((await call('redeem', { code: inv.code }, 'demo-blockhead-zhang')).error?.code).toBe('CONFLICT')
  })
})

describe('assignBlocks and deactivate', () => {
  it('moves blocks between block heads, audited', async () => {
    const r = ok(
      await call(
        'assignBlocks',
        { openid: 'demo-blockhead-zhang', blockIds: ['c-chunhui-b1', 'c-chunhui-b2', 'c-chunhui-b3'] },
        'demo-admin-chen',
      ),
    )
    expect(r.blockIds).toHaveLength(3)
    const roster = ok(await call('roster', {}, 'demo-admin-chen'))
    expect(roster.staff.find((s) => s.openid === 'staff-chunhui-bh2')!.blockIds).not.toContain('c-chunhui-b3')
    ok(
      await call(
        'assignBlocks',
        { openid: 'demo-blockhead-zhang', blockIds: ['c-chunhui-b1', 'c-chunhui-b2'] },
        'demo-admin-chen',
      ),
    )
    expect(
      (await call('assignBlocks', { openid: 'staff-fenglin-bh1', blockIds: [] }, 'demo-admin-chen')).error
        ?.code,
    ).toBe('NOT_FOUND')
    expect(
      (
        await call(
          'assignBlocks',
          { openid: 'demo-blockhead-zhang', blockIds: ['c-fenglin-b1'] },
          'demo-admin-chen',
        )
      ).error?.code,
    ).toBe('NOT_FOUND')
  })

  it('a move cut off before its last write is finished by running it again, audited once', async () => {
    const inv = ok(await call('invite', { role: 'blockHead' }, 'demo-admin-chen'))
    const bh = fresh('mover')
    ok(await call('redeem', { code: inv.code }, bh))
    const heads = () =>
      new Map(
        (
          t.cloud.database.find('blocks', { committeeId: 'c-chunhui' }) as {
            _id: string
            blockHeadOpenid?: string
          }[]
        ).map((b) => [b._id, b.blockHeadOpenid]),
      )
    ok(await call('assignBlocks', { openid: bh, blockIds: ['c-chunhui-b3'] }, 'demo-admin-chen'))
    const formerHead = heads().get('c-chunhui-b4')
    const audited = () =>
      t.cloud.database.find('audit', { action: 'community.assignBlocks', subjectId: bh }).length
    const linesBefore = audited()
    // A swap: b3 given up, b4 taken from its head.
    const move = { openid: bh, blockIds: ['c-chunhui-b4'], clientRequestId: 'swap-cut-1' }
    ok(await call('assignBlocks', move, 'demo-admin-chen'))
    // What a process killed before its last write leaves: audited, b3 released, b4 not yet taken.
    await t.cloud.db.update(
      'blocks',
      { _id: 'c-chunhui-b4' },
      formerHead ? { $set: { blockHeadOpenid: formerHead } } : { $unset: { blockHeadOpenid: '' } },
    )
    ok(await call('assignBlocks', move, 'demo-admin-chen'))
    ok(await call('assignBlocks', move, 'demo-admin-chen'))
    expect(heads().get('c-chunhui-b4')).toBe(bh)
    expect(heads().get('c-chunhui-b3')).toBeUndefined()
    const roster = ok(await call('roster', {}, 'demo-admin-chen'))
    expect(roster.staff.find((s) => s.openid === bh)!.blockIds).toEqual(['c-chunhui-b4'])
    if (formerHead)
      expect(roster.staff.find((s) => s.openid === formerHead)!.blockIds).not.toContain('c-chunhui-b4')
    expect(audited()).toBe(linesBefore + 1)
  })

  it("a deactivated block head's next call is refused, and the change is audited", async () => {
    const inv = ok(await call('invite', { role: 'blockHead' }, 'demo-admin-chen'))
    const bh = fresh('short-lived')
    ok(await call('redeem', { code: inv.code }, bh))
    expect((await call('pendingBindings', {}, bh)).ok).toBe(true)
    expect((await call('deactivate', { openid: bh }, 'staff-fenglin-admin')).error?.code).toBe('NOT_FOUND')
    expect(ok(await call('deactivate', { openid: bh }, 'demo-admin-chen'))).toEqual({ done: true })
    const refused = await call('pendingBindings', {}, bh)
    expect(refused.ok).toBe(false)
    expect(refused.error?.code).toBe('FORBIDDEN')
    expect(refused.data).toBeUndefined()
    expect(ok(await call('me', {}, bh)).staff).toBeNull()
    const audit = await t.dev.collection<{ subjectId: string; action: string; after: { active: boolean } }>(
      'audit',
      1000,
    )
    expect(audit.find((a) => a.subjectId === bh && a.action === 'community.deactivate')!.after.active).toBe(
      false,
    )
    expect((await call('deactivate', { openid: 'demo-admin-chen' }, 'demo-admin-chen')).error?.code).toBe(
      'CONFLICT',
    )
  })

  it('a deactivation cut off before its last write is finished by a retry, with one audit line', async () => {
    const inv = ok(await call('invite', { role: 'blockHead', blockIds: ['c-chunhui-b4'] }, 'demo-admin-chen'))
    const bh = fresh('cut-short')
    ok(await call('redeem', { code: inv.code }, bh))
    ok(await call('deactivate', { openid: bh }, 'demo-admin-chen'))
    // What a process killed before the staff record's write leaves: audit written, block released, still active.
    await t.cloud.db.update('staff', { _id: bh }, { $set: { active: true } })
    expect((await call('pendingBindings', {}, bh)).ok).toBe(true)
    ok(await call('deactivate', { openid: bh }, 'demo-admin-chen'))
    ok(await call('deactivate', { openid: bh }, 'demo-admin-chen'))
    expect((await call('pendingBindings', {}, bh)).error?.code).toBe('FORBIDDEN')
    const lines = t.cloud.database.find('audit', { subjectId: bh, action: 'community.deactivate' })
    expect(lines).toHaveLength(1)
    const block = t.cloud.database.find('blocks', { _id: 'c-chunhui-b4' })[0] as { blockHeadOpenid?: string }
    expect(block.blockHeadOpenid).toBeUndefined()
    expect(t.cloud.database.find('staff', { _id: bh })[0]).toMatchObject({ active: false })
  })
})

describe('notices', () => {
  it('publishes to followers: pinned first, expired hidden, other committees not shown', async () => {
    const follower = fresh('reader')
    ok(await call('follow', { committeeId: 'c-chunhui' }, follower))
    const now = Date.now()
    const plain = ok(
      await call('publishNotice', { title: '停水通知', body: '周三上午9点到12点停水。' }, 'demo-admin-chen'),
    ).notice
    const pinned = ok(
      await call(
        'publishNotice',
        { title: '防诈骗讲座', body: '周五下午两点，居委会活动室。', pinned: true },
        'demo-admin-chen',
      ),
    ).notice
    const soon = ok(
      await call(
        'publishNotice',
        { title: '今天下午开会', body: '下午三点。', expiresAt: new Date(now + 3_600_000).toISOString() },
        'demo-admin-chen',
      ),
    ).notice
    const feed = ok(await call('notices', { limit: 50 }, follower)).items
    const ids = feed.map((n) => n.id)
    expect(ids).toEqual(expect.arrayContaining([plain.id, pinned.id, soon.id]))
    expect(feed.every((n) => n.committeeId === 'c-chunhui')).toBe(true)
    const firstUnpinned = feed.findIndex((n) => !n.pinned)
    expect(feed.slice(firstUnpinned).every((n) => !n.pinned)).toBe(true)
    expect(ok(await call('notice', { id: pinned.id }, follower)).notice.title).toBe('防诈骗讲座')

    await t.dev.setClock(2 * 3_600_000)
    try {
      expect(ok(await call('notices', { limit: 50 }, follower)).items.map((n) => n.id)).not.toContain(soon.id)
      expect((await call('notice', { id: soon.id }, follower)).error?.code).toBe('NOT_FOUND')
    } finally {
      await t.dev.setClock(0)
    }
    // Someone who does not follow 春晖 sees none of it.
    const other = fresh('other')
    ok(await call('follow', { committeeId: 'c-fenglin' }, other))
    expect(
      ok(await call('notices', { limit: 50 }, other)).items.some((n) => n.committeeId === 'c-chunhui'),
    ).toBe(false)
    expect((await call('notice', { id: plain.id }, other)).error?.code).toBe('NOT_FOUND')
  })

  it('validates: at most 9 images, expiry in the future', async () => {
    const images = Array.from({ length: 10 }, (_, i) => `cloud://env.bucket/notices/${i}.jpg`)
    const r = await call('publishNotice', { title: 't', body: 'b', images }, 'demo-admin-chen')
    expect(r.error).toMatchObject({
      code: 'INVALID_INPUT',
      details: { issues: [{ path: 'images', message: '最多9张图片' }] },
    })
    const past = await call(
      'publishNotice',
      { title: 't', body: 'b', expiresAt: '2000-01-01T00:00:00Z' },
      'demo-admin-chen',
    )
    expect(past.error).toMatchObject({ code: 'INVALID_INPUT', details: { issues: [{ path: 'expiresAt' }] } })
  })

  it('pushes once to followers who granted the template, via the outbox', async () => {
    const granted = fresh('granted')
    const notGranted = fresh('silent')
    for (const o of [granted, notGranted]) ok(await call('follow', { committeeId: 'c-chunhui' }, o))
    const g = ok(
      await call('subscribe', { accepted: ['noticePublished'], clientRequestId: 'sub-req-0001' }, granted),
    )
    expect(g.grants).toEqual([{ templateKey: 'noticePublished', remaining: 1 }])
    // A retried subscribe call adds nothing.
    expect(
      ok(await call('subscribe', { accepted: ['noticePublished'], clientRequestId: 'sub-req-0001' }, granted))
        .grants[0].remaining,
    ).toBe(1)

    const input = { title: '社区义诊', body: '周六上午。', push: true, clientRequestId: 'notice-push-0001' }
    const first = ok(await call('publishNotice', input, 'demo-admin-chen'))
    expect(first.pushed).toBe(1)
    const retry = ok(await call('publishNotice', input, 'demo-admin-chen'))
    expect(retry.notice.id).toBe(first.notice.id)
    expect(retry.pushed).toBe(0)
    const outbox = await t.dev.collection<{ touser: string; templateKey: string; page: string }>(
      'messages',
      1000,
    )
    const mine = outbox.filter((m) => m.page.includes(first.notice.id))
    expect(mine.map((m) => m.touser)).toEqual([granted])
    expect(mine[0].templateKey).toBe('noticePublished')
  })

  it('a notice cut off before its messages were written: the retry writes them, once, and takes no allowance', async () => {
    const follower = fresh('cut-follower')
    ok(await call('follow', { committeeId: 'c-chunhui' }, follower))
    ok(await call('subscribe', { accepted: ['noticePublished'] }, follower))
    const input = { title: '电梯检修', body: '周二全天。', push: true, clientRequestId: 'notice-cut-0001' }
    const first = ok(await call('publishNotice', input, 'demo-admin-chen'))
    expect(first.pushed).toBeGreaterThanOrEqual(1)
    const page = `community/pages/notice/index?id=${first.notice.id}`
    // What a process killed after the notice's insert leaves: the notice, no messages.
    await t.cloud.db.remove('messages', { page })
    const limit = () =>
      (
        t.cloud.database.find('limits', { kind: 'community.publishNotice', openid: 'demo-admin-chen' }) as {
          n: number
        }[]
      ).reduce((n, l) => n + l.n, 0)
    const used = limit()
    const retry = ok(await call('publishNotice', input, 'demo-admin-chen'))
    expect(retry.notice.id).toBe(first.notice.id)
    expect(retry.pushed).toBe(first.pushed)
    expect(ok(await call('publishNotice', input, 'demo-admin-chen')).pushed).toBe(0)
    const mine = t.cloud.database.find('messages', { page }) as { touser: string }[]
    expect(mine.filter((m) => m.touser === follower)).toHaveLength(1)
    expect(mine).toHaveLength(first.pushed)
    expect(limit()).toBe(used)
  })
})

describe('subscribe', () => {
  it('adds one grant per accepted template, readable by the open-API sink', async () => {
    const openid = fresh('grants')
    const r = ok(
      await call('subscribe', { accepted: ['demandUpdate', 'bookingReminder', 'demandUpdate'] }, openid),
    )
    expect(r.grants).toEqual([
      { templateKey: 'demandUpdate', remaining: 1 },
      { templateKey: 'bookingReminder', remaining: 1 },
    ])
    expect(ok(await call('subscribe', { accepted: ['demandUpdate'] }, openid)).grants).toEqual([
      { templateKey: 'demandUpdate', remaining: 2 },
    ])
    const subs = (
      await t.dev.collection<{ openid: string; templateId: string; remaining: number }>('subscriptions', 1000)
    ).filter((s) => s.openid === openid)
    expect(subs.map((s) => [s.templateId, s.remaining]).sort()).toEqual([
      ['bookingReminder', 1],
      ['demandUpdate', 2],
    ])
    expect((await call('subscribe', { accepted: ['nope'] }, openid)).error?.code).toBe('INVALID_INPUT')
  })

  it('counts a request once however often it arrives, and every distinct request at once', async () => {
    const openid = fresh('many-taps')
    const same = { accepted: ['demandUpdate', 'demandAlert'], clientRequestId: 'sub-same-0001' }
    await Promise.all([1, 2, 3].map(() => call('subscribe', same, openid)))
    const again = ok(await call('subscribe', same, openid))
    expect(again.grants).toEqual([
      { templateKey: 'demandUpdate', remaining: 1 },
      { templateKey: 'demandAlert', remaining: 1 },
    ])
    const answers = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        call('subscribe', { accepted: ['demandUpdate'], clientRequestId: `sub-distinct-000${i}` }, openid),
      ),
    )
    for (const a of answers) expect(a.error).toBeUndefined()
    const subs = t.cloud.database.find('subscriptions', { openid }) as {
      templateId: string
      remaining: number
    }[]
    expect(subs.find((d) => d.templateId === 'demandUpdate')!.remaining).toBe(5)
    expect(subs).toHaveLength(2)
  })
})
