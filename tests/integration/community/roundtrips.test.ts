/**
 * What each community action costs in database requests (CloudBase bills and rate-limits them), caller
 * lookup included, against the pins and budgets of tests/helpers/budgets.ts. First-run setup runs on the
 * empty environment before the demo data is loaded, as it does once in a real one.
 */
import { join, resolve } from 'node:path'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'
import { budgetMeter } from '../../helpers/budgets'
import { requestMeter } from '../../helpers/requests'
import { HOUSEHOLD_HEADER, STAFF_HEADER, xlsx } from '../../helpers/xlsx'
import { storeOf } from '../../../cloudfunctions/shared/data'
import type { Database } from '../../../cloudfunctions/shared/cloud'

jest.setTimeout(120_000)

let t: TestCloud
const call = <A extends ContractAction<'community'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'community', A>>('community', { action, ...input }, openid)
const fresh = (name: string) => `rt-${name}-${Math.random().toString(36).slice(2, 8)}`

const meter = requestMeter(
  () => t.cloud.database,
  () => t.cloud.meter,
)
const { cost, count, problems } = budgetMeter('community', meter)

const SECRET = 'linli-roundtrips-setup-secret'
const secretBefore = process.env.LINLI_SETUP_SECRET
/** Gives the function its setup secret (or takes it away), as the deployer does in the console. */
function setupSecret(secret: string | undefined) {
  if (secret === undefined) delete process.env.LINLI_SETUP_SECRET
  else process.env.LINLI_SETUP_SECRET = secret
  const dir = join(resolve(__dirname, '..', '..', '..'), 'dist', 'cloudfunctions', 'community')
  t.cloud.host!.register({ name: 'community', dir })
}

beforeAll(async () => {
  t = await startTestCloud()
  setupSecret(SECRET)
  const input = { secret: SECRET, subdistrictName: '试算街道' }
  await cost('bootstrap', async () => ok(await call('bootstrap', input, 'rt-deployer')))
  await cost('bootstrap', 'retry', async () => ok(await call('bootstrap', input, 'rt-deployer')))
  setupSecret(secretBefore)
  const { loadDemoData } = await import('../../../emulator/seed')
  await loadDemoData(t.cloud)
})
afterAll(async () => {
  meter.save()
  await t?.stop()
})

it('resident actions', async () => {
  const r = fresh('resident')
  // caller + insert + staff; no committee or block to look up yet
  await cost('me', 'first', async () => ok(await call('me', {}, r)))
  // caller + staff + committees + blocks
  await cost('me', 'staff', async () => ok(await call('me', {}, 'demo-blockhead-zhang')))
  await cost('committees', async () => ok(await call('committees', {}, r)))
  // caller + committee + update (the resident exists)
  await cost('follow', async () => ok(await call('follow', { committeeId: 'c-fenglin' }, r)))
  await cost('follow', 'again', async () => ok(await call('follow', { committeeId: 'c-fenglin' }, r)))
  // … + the resident's insert on first sight
  await cost('follow', 'newcomer', async () =>
    ok(await call('follow', { committeeId: 'c-fenglin' }, fresh('newcomer'))),
  )
  await cost('unfollow', async () => ok(await call('unfollow', { committeeId: 'c-fenglin' }, r)))
  await cost('updateProfile', async () => ok(await call('updateProfile', { name: '钱多多', phone: '' }, r)))
  // caller + the household with its block and committee (one aggregate) + the conditional binding write
  const address = { blockId: 'c-chunhui-b2', building: '2号楼', room: '502' }
  await cost('bindHousehold', async () => ok(await call('bindHousehold', address, r)))
  // … retried: the caller's record already holds the binding, so nothing is written
  await cost('bindHousehold', 'retry', async () => ok(await call('bindHousehold', address, r)))
  await cost('notices', async () => ok(await call('notices', { limit: 20 }, 'demo-resident-wang')))
  // the home page: caller's record + staff + committees + blocks + the followed committees' notices
  await cost('me', 'home', async () =>
    expect(ok(await call('me', { notices: 20 }, 'demo-resident-wang')).notices?.length).toBeGreaterThan(0),
  )
  await cost('notice', async () =>
    ok(await call('notice', { id: 'notice-c-chunhui-1' }, 'demo-resident-wang')),
  )
  // caller + the one-time grants' conditional update (none there yet) + the read + their insert
  const accepted = { accepted: ['demandUpdate', 'noticePublished'], clientRequestId: 'rt-sub-1' }
  await cost('subscribe', async () => ok(await call('subscribe', accepted, r)))
  // … retried: the update skips what holds the request id, and the read answers
  await cost('subscribe', 'retry', async () => ok(await call('subscribe', accepted, r)))
  // … a newcomer's first one-time and long-term grants: + their record, + the long-term grants' update
  const both = { accepted: ['demandUpdate', 'demandAlert'], clientRequestId: 'rt-sub-2' }
  await cost('subscribe', 'newcomer', async () => ok(await call('subscribe', both, fresh('subscriber'))))
  await cost('alerts', async () => ok(await call('alerts', {}, r)))
  await cost('alerts', 'staff', async () => ok(await call('alerts', {}, 'demo-admin-chen')))
})

it('staff actions', async () => {
  const bindingOf = fresh('binder')
  ok(await call('bindHousehold', { blockId: 'c-chunhui-b1', building: '1号楼', room: '101' }, bindingOf))
  // caller + the residents waiting with their files and blocks (one aggregate)
  await cost('pendingBindings', async () => ok(await call('pendingBindings', {}, 'demo-blockhead-zhang')))
  // caller + household + resident + the binding's conditional update + the file's add-to-set
  const binding = { residentOpenid: bindingOf, householdId: 'hh-c-chunhui-b1-1-101', decision: 'confirm' }
  await cost('confirmBinding', async () => ok(await call('confirmBinding', binding, 'demo-blockhead-zhang')))
  // … retried: found decided, the add-to-set again (what a process killed between the two writes left)
  await cost('confirmBinding', 'retry', async () =>
    ok(await call('confirmBinding', binding, 'demo-blockhead-zhang')),
  )
  let code = ''
  const invite = { role: 'blockHead', blockIds: ['c-chunhui-b4'], clientRequestId: 'rt-invite-1' }
  // caller + committee + blocks + insert (no center)
  await cost('invite', async () => {
    code = ok(await call('invite', invite, 'demo-admin-chen')).code
  })
  // … + the first attempt's invitation, read after the duplicate insert
  await cost('invite', 'retry', async () => ok(await call('invite', invite, 'demo-admin-chen')))
  const head = fresh('head')
  ok(await call('me', {}, head))
  // no caller lookup: the invitation with the caller's resident and staff records, its blocks, their heads and
  // what they hold, and the committee (one aggregate) + the attempt counted on the resident record (the hourly
  // allowance against guessing codes), with the follow + the claim + the audit lines + the blocks' head (taken
  // from the former head with it) + the staff record
  await cost('redeem', async () => ok(await call('redeem', { code }, head)))
  // … retried: the aggregate, which finds the record done, + the attempt
  await cost('redeem', 'retry', async () => ok(await call('redeem', { code }, head)))
  // … a code that does not exist, by someone new: the aggregate (nothing), the count (no record), the record
  await cost('redeem', 'unknown', async () =>
    expect((await call('redeem', { code: 'ZZZZZZZZ' }, fresh('guess'))).error?.code).toBe('NOT_FOUND'),
  )
  // … a plain invitation (no blocks): aggregate, attempt, claim, audit line, staff record
  const plain = ok(await call('invite', { role: 'committeeAdmin' }, 'demo-admin-chen')).code
  await cost('redeem', 'plain', async () => ok(await call('redeem', { code: plain }, fresh('admin'))))
  // caller + the committee with its staff, blocks, invitations and the staff's phones (one aggregate)
  await cost('roster', 'admin', async () => ok(await call('roster', {}, 'demo-admin-chen')))
  // … + the committee asked for
  await cost('units', async () => ok(await call('units', {}, 'demo-officer-zhao')))
  await cost('units', 'admin', async () => ok(await call('units', {}, 'demo-admin-chen')))
  await cost('roster', 'officer', async () =>
    ok(await call('roster', { committeeId: 'c-fenglin' }, 'demo-officer-zhao')),
  )
  // caller + the committee's heads and blocks (one aggregate) + the audit lines + the blocks given (which
  // takes them from their former head: a block's head is stored on the block only)
  const blocks = { openid: head, blockIds: ['c-chunhui-b3', 'c-chunhui-b4'] }
  await cost('assignBlocks', async () => ok(await call('assignBlocks', blocks, 'demo-admin-chen')))
  // … repeated: nothing left to move, so only the aggregate
  await cost('assignBlocks', 'again', async () => ok(await call('assignBlocks', blocks, 'demo-admin-chen')))
  // … a swap: the target gives up both blocks and takes one from another head, + the blocks released
  const swap = { openid: head, blockIds: ['c-chunhui-b1'] }
  await cost('assignBlocks', 'swap', async () => ok(await call('assignBlocks', swap, 'demo-admin-chen')))
  // caller + target with the blocks it heads (one aggregate) + the audit line + their blocks (one conditional
  // update) + the record (conditional)
  await cost('deactivate', async () => ok(await call('deactivate', { openid: head }, 'demo-admin-chen')))
  // … retried: caller + target, found inactive
  await cost('deactivate', 'retry', async () =>
    ok(await call('deactivate', { openid: head }, 'demo-admin-chen')),
  )

  const follower = fresh('follower')
  ok(await call('follow', { committeeId: 'c-hepingli' }, follower))
  ok(await call('subscribe', { accepted: ['noticePublished'] }, follower))
  const input = { title: '楼道灯维修', body: '周四上午。', push: true, clientRequestId: 'rt-notice-1' }
  // caller + the committee with this request's notice (none yet), the grants and their holders (one aggregate)
  // + the admin's hourly notice allowance (rate limit): 2 as the hour's first notice opens the window, 1 after
  // + the notice + every follower's message in one insert, left for the outbox sweep
  await cost('publishNotice', async () => ok(await call('publishNotice', input, 'staff-hepingli-admin')))
  // … retried: caller + the aggregate, which finds the notice, + the messages' insert, which meets the first's
  await cost('publishNotice', 'retry', async () =>
    ok(await call('publishNotice', input, 'staff-hepingli-admin')),
  )

  // caller + both staff with the blocks they head (one aggregate) + the blocks + the open cases (one update)
  // + the departing record
  const handover = {
    fromOpenid: 'staff-hepingli-bh2',
    toOpenid: 'staff-hepingli-bh1',
    deactivate: true,
    clientRequestId: 'rt-handover-1',
  }
  await cost('handover', async () => ok(await call('handover', handover, 'staff-hepingli-admin')))
  // … retried: caller + both staff, which find it done
  await cost('handover', 'retry', async () => ok(await call('handover', handover, 'staff-hepingli-admin')))
})

it('organisation, import and QR poster actions', async () => {
  const o = 'demo-officer-zhao'
  const id = (s: string) => `rt-org-${s}-${Math.random().toString(36).slice(2, 10)}`
  await cost('org', async () => ok(await call('org', {}, o)))
  await cost('committeeOrg', async () => ok(await call('committeeOrg', { committeeId: 'c-chunhui' }, o)))
  // caller + add + audit; an edit: caller + get + update + audit
  const created = ok(
    await call('saveCommittee', { name: '试算居委会', address: '试算路1号', clientRequestId: id('c') }, o),
  ).committee
  await cost('saveCommittee', async () =>
    ok(await call('saveCommittee', { id: created.id, name: '试算居委会', address: '试算路2号' }, o)),
  )
  // caller + committee + sibling blocks + add + audit
  const block = await (async () => {
    let b: CallOutput<'community', 'saveBlock'>['block'] | undefined
    await cost('saveBlock', async () => {
      b = ok(
        await call('saveBlock', { committeeId: created.id, name: '东片', clientRequestId: id('b') }, o),
      ).block
    })
    return b!
  })()
  // caller + block + committee + guarded update + audit
  await cost('saveBuilding', async () =>
    ok(await call('saveBuilding', { blockId: block.id, name: '1号楼', rooms: ['101', '102'] }, o)),
  )
  const center = {
    name: '试算服务中心',
    address: '试算路3号',
    location: { latitude: 39.9, longitude: 116.3 },
  }
  const c = ok(await call('saveCenter', { ...center, clientRequestId: id('s') }, o)).center
  await cost('saveCenter', async () =>
    ok(await call('saveCenter', { ...center, id: c.id, retired: true }, o)),
  )
  // caller + block + committee; the image goes to storage, not the database
  const unitId = ok(await call('committeeOrg', { committeeId: created.id }, o)).blocks[0].buildings[0].id
  await cost('qrCode', async () =>
    ok(await call('qrCode', { kind: 'bind', blockId: block.id, buildingId: unitId }, o)),
  )
  await cost('importTemplate', async () => ok(await call('importTemplate', { kind: 'households' }, o)))
  const file = await xlsx([HOUSEHOLD_HEADER, ['东片', '1号楼', '101', 'B', '试算', '户主', '', '', '', '']])
  const start = {
    kind: 'households',
    committeeId: created.id,
    contentBase64: file.toString('base64'),
    clientRequestId: id('i'),
  }
  // caller + committee + blocks + the retry check + the job
  const job = await (async () => {
    let j: CallOutput<'community', 'startImport'> | undefined
    await cost('startImport', async () => {
      j = ok(await call('startImport', start, o))
    })
    return j!
  })()
  // A staff list: caller + committees with their blocks (one aggregate) + centers + the retry check + the job
  const staffFile = await xlsx([STAFF_HEADER, ['试算', '13900009999', '居委会管理员', '试算居委会', '', '']])
  await cost('startImport', 'staff', async () =>
    expect(
      ok(
        await call(
          'startImport',
          { kind: 'staff', contentBase64: staffFile.toString('base64'), clientRequestId: id('st') },
          o,
        ),
      ).problemCount,
    ).toBe(0),
  )
  // caller + job + start + audit, and the background worker it starts, until the file is in
  await cost('confirmImport', async () => {
    ok(await call('confirmImport', { jobId: job.jobId }, o))
    await untilDone(job.jobId)
  })
  // caller + job: a pure read
  await cost('importStatus', async () =>
    expect(ok(await call('importStatus', { jobId: job.jobId }, o)).state).toBe('done'),
  )
  // The worker on its own: a job whose start was confirmed but whose worker never ran (a new room: the block grows).
  const file2 = await xlsx([
    HOUSEHOLD_HEADER,
    ['东片', '1号楼', '9901', 'B', '试算二', '户主', '', '', '', ''],
  ])
  const start2 = { ...start, contentBase64: file2.toString('base64'), clientRequestId: id('i2') }
  const second = ok(await call('startImport', start2, o))
  await adminStore().imports.update(second.jobId, { state: 'importing', leaseUntil: new Date(0) })
  const one = await cost('continueImport', async () =>
    expect(ok(await call('continueImport', { jobId: second.jobId }, o)).state).toBe('done'),
  )
  // … a file of three new households in one new room each of the same block: two writes more per household
  const file3 = await xlsx([
    HOUSEHOLD_HEADER,
    ...['201', '202', '203'].map((room) => [
      '东片',
      '1号楼',
      room,
      'B',
      `试算${room}`,
      '户主',
      '',
      '',
      '',
      '',
    ]),
  ])
  const third = ok(
    await call(
      'startImport',
      { ...start, contentBase64: file3.toString('base64'), clientRequestId: id('i3') },
      o,
    ),
  )
  await adminStore().imports.update(third.jobId, { state: 'importing', leaseUntil: new Date(0) })
  const three = await count('continueImport', async () =>
    expect(ok(await call('continueImport', { jobId: third.jobId }, o)).state).toBe('done'),
  )
  expect(three - one).toBe(2 * 2)
})

async function untilDone(jobId: string) {
  for (let i = 0; i < 200; i++) {
    const jobs = await t.dev.collection<{ _id: string; state: string }>('imports', 1000)
    if (jobs.find((j) => j._id === jobId)?.state === 'done') return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('import did not finish')
}

function adminStore() {
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  process.env.SUMERU_ENV ??= 'test'
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk')
  sdk.init({ env: t.cloud.envId, serviceUrl: t.cloud.adminUrl } as Parameters<typeof sdk.init>[0])
  return storeOf(sdk.database() as unknown as Database)
}

it('every community action within its pinned number of database requests', () => {
  expect(problems()).toEqual([])
})
