/**
 * What each community action costs in database requests (CloudBase bills and rate-limits them), caller
 * lookup included. A change of data layer must not add a round trip: these numbers were measured before the
 * typed repositories replaced the raw collection calls, and still hold after.
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
const fresh = (name: string) => `rt-${name}-${Math.random().toString(36).slice(2, 8)}`

const { cost } = requestMeter(() => t.cloud.database)

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

it('resident actions', async () => {
  const r = fresh('resident')
  const costs = {
    meFirst: await cost(async () => ok(await call('me', {}, r))),
    meStaff: await cost(async () => ok(await call('me', {}, 'demo-blockhead-zhang'))),
    committees: await cost(async () => ok(await call('committees', {}, r))),
    follow: await cost(async () => ok(await call('follow', { committeeId: 'c-fenglin' }, r))),
    followAgain: await cost(async () => ok(await call('follow', { committeeId: 'c-fenglin' }, r))),
    followNew: await cost(async () =>
      ok(await call('follow', { committeeId: 'c-fenglin' }, fresh('newcomer'))),
    ),
    unfollow: await cost(async () => ok(await call('unfollow', { committeeId: 'c-fenglin' }, r))),
    updateProfile: await cost(async () => ok(await call('updateProfile', { name: '钱多多', phone: '' }, r))),
    bindHousehold: await cost(async () =>
      ok(await call('bindHousehold', { blockId: 'c-chunhui-b2', building: '2号楼', room: '502' }, r)),
    ),
    notices: await cost(async () => ok(await call('notices', { limit: 20 }, 'demo-resident-wang'))),
    notice: await cost(async () =>
      ok(await call('notice', { id: 'notice-c-chunhui-1' }, 'demo-resident-wang')),
    ),
    subscribe: await cost(async () =>
      ok(
        await call(
          'subscribe',
          { accepted: ['demandUpdate', 'noticePublished'], clientRequestId: 'rt-sub-1' },
          r,
        ),
      ),
    ),
  }
  expect(costs).toEqual({
    // caller + insert + staff; no committee or block to look up yet
    meFirst: 3,
    // caller + staff + committees + blocks
    meStaff: 4,
    committees: 2,
    // caller + committee + update (the resident exists)
    follow: 3,
    followAgain: 2,
    // … + the resident's insert on first sight
    followNew: 4,
    unfollow: 2,
    updateProfile: 2,
    // caller + block + household + transaction (start, resident, update, commit) + committee
    bindHousehold: 8,
    notices: 3,
    notice: 3,
    // caller + transaction (start, resident, 2 × (read, set), request id, commit) + the sum
    subscribe: 10,
  })
})

it('staff actions', async () => {
  const costs: Record<string, number> = {}
  const bindingOf = fresh('binder')
  ok(await call('bindHousehold', { blockId: 'c-chunhui-b1', building: '1号楼', room: '101' }, bindingOf))
  costs.pendingBindings = await cost(async () =>
    ok(await call('pendingBindings', {}, 'demo-blockhead-zhang')),
  )
  costs.confirmBinding = await cost(async () =>
    ok(
      await call(
        'confirmBinding',
        { residentOpenid: bindingOf, householdId: 'hh-c-chunhui-b1-1-101', decision: 'confirm' },
        'demo-blockhead-zhang',
      ),
    ),
  )
  let code = ''
  costs.invite = await cost(async () => {
    code = ok(
      await call(
        'invite',
        { role: 'blockHead', blockIds: ['c-chunhui-b4'], clientRequestId: 'rt-invite-1' },
        'demo-admin-chen',
      ),
    ).code
  })
  costs.inviteRetry = await cost(async () =>
    ok(
      await call(
        'invite',
        { role: 'blockHead', blockIds: ['c-chunhui-b4'], clientRequestId: 'rt-invite-1' },
        'demo-admin-chen',
      ),
    ),
  )
  const head = fresh('head')
  ok(await call('me', {}, head))
  costs.redeem = await cost(async () => ok(await call('redeem', { code }, head)))
  costs.rosterAdmin = await cost(async () => ok(await call('roster', {}, 'demo-admin-chen')))
  costs.rosterOfficer = await cost(async () =>
    ok(await call('roster', { committeeId: 'c-fenglin' }, 'demo-officer-zhao')),
  )
  costs.assignBlocks = await cost(async () =>
    ok(
      await call(
        'assignBlocks',
        { openid: head, blockIds: ['c-chunhui-b3', 'c-chunhui-b4'] },
        'demo-admin-chen',
      ),
    ),
  )
  costs.deactivate = await cost(async () => ok(await call('deactivate', { openid: head }, 'demo-admin-chen')))

  const follower = fresh('follower')
  ok(await call('follow', { committeeId: 'c-hepingli' }, follower))
  ok(await call('subscribe', { accepted: ['noticePublished'] }, follower))
  const input = { title: '楼道灯维修', body: '周四上午。', push: true, clientRequestId: 'rt-notice-1' }
  costs.publishNotice = await cost(async () => ok(await call('publishNotice', input, 'staff-hepingli-admin')))
  costs.publishNoticeRetry = await cost(async () =>
    ok(await call('publishNotice', input, 'staff-hepingli-admin')),
  )
  expect(costs).toEqual({
    // caller + residents + households + blocks
    pendingBindings: 4,
    // caller + household + transaction (start, resident, update, household, update, commit)
    confirmBinding: 8,
    // caller + committee + blocks + insert (no center)
    invite: 4,
    // … + the first attempt's invitation, read after the duplicate insert
    inviteRetry: 5,
    // caller + transaction (start, invitation, staff, resident, set, invitation update, audit, the block,
    // its former head, 2 staff updates and their audits, block update, resident update, commit)
    // + committee + blocks
    // + the hour's attempt allowance (rate limit against guessing codes): 2 here, as a new staff member's first
    // attempt of the hour opens the window (the increment finds nothing, the insert creates it); 1 afterwards
    redeem: 21,
    // caller + staff, blocks, invitations + phones
    rosterAdmin: 5,
    // … + the committee asked for
    rosterOfficer: 6,
    // caller + blocks + transaction (start, target, 2 blocks, their former head, 2 staff updates and
    // their audits, 1 block update, commit)
    assignBlocks: 13,
    // caller + transaction (start, target, update, 2 blocks, audit, commit)
    deactivate: 8,
    // caller + committee + insert + grants + followers + 1 message
    // + the admin's hourly notice allowance (rate limit): 2 as the hour's first notice opens the window, 1 after
    publishNotice: 8,
    // … + the first attempt's notice (both inserts are tried again and meet their duplicates); the allowance is
    // taken (1) and given back (1), as a retry publishes nothing new
    publishNoticeRetry: 9,
  })
})
