/**
 * 工作人员名单 from Excel through the real functions on the local cloud: every problem by its row, then one
 * invitation per person keyed by phone — the same file again changes nothing, a corrected file updates the
 * open invitations and never adds a second — and the codes work as any invitation does: an officer's list
 * brings in a committee admin, whose own list brings in block heads with their blocks.
 */
import type { CallOutput, ContractAction } from '../../../types/api'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { STAFF_HEADER, xlsx } from '../../helpers/xlsx'

jest.setTimeout(120_000)

const OFFICER = 'demo-officer-zhao'
let t: TestCloud
const call = <A extends ContractAction<'community'>>(
  action: A,
  input: Record<string, unknown>,
  openid = OFFICER,
) => t.call<CallOutput<'community', A>>('community', { action, ...input }, openid)
const rid = (s: string) => `staff-${s}-${Math.random().toString(36).slice(2, 10)}`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

const check = async (rows: string[][], openid = OFFICER, committeeId?: string) =>
  ok(
    await call(
      'startImport',
      {
        kind: 'staff',
        ...(committeeId ? { committeeId } : {}),
        contentBase64: (await xlsx([STAFF_HEADER, ...rows])).toString('base64'),
        fileName: '工作人员名单.xlsx',
        clientRequestId: rid('imp'),
      },
      openid,
    ),
  )

async function importAll(jobId: string, openid = OFFICER) {
  ok(await call('confirmImport', { jobId }, openid))
  for (let i = 0; i < 80; i++) {
    const s = ok(await call('importStatus', { jobId }, openid))
    if (s.state === 'done') return s
    await sleep(250)
  }
  throw new Error('import did not finish')
}

interface Invite {
  _id: string
  phone?: string
  role: string
  committeeId?: string
  centerId?: string
  blockIds: string[]
  note?: string
  status: string
}
const invitesOf = async (phones: string[]) =>
  (await t.dev.collection<Invite>('invites', 5000)).filter((i) => i.phone && phones.includes(i.phone))

async function redeem(code: string) {
  const who = `staff-import-${Math.random().toString(36).slice(2, 10)}`
  ok(await call('me', {}, who))
  return { who, staff: ok(await call('redeem', { code }, who)).staff }
}

test('a staff list: problems by row, then one invitation per phone; again nothing; corrected updates; codes work', async () => {
  const { committee } = ok(
    await call('saveCommittee', { name: '名单测试居委会', address: '明德路9号', clientRequestId: rid('c') }),
  )
  const blocks = []
  for (const name of ['一片', '二片'])
    blocks.push(
      ok(await call('saveBlock', { committeeId: committee.id, name, clientRequestId: rid('b') })).block,
    )
  const { center } = ok(
    await call('saveCenter', {
      name: '名单测试服务中心',
      address: '明德路10号',
      location: { latitude: 39.9, longitude: 116.3 },
      clientRequestId: rid('s'),
    }),
  )
  const admin = ['周敏', '13911110001', '居委会管理员', '名单测试居委会', '', '']
  const clerk = ['吴涛', '13911110002', '窗口工作人员', '', '', '名单测试服务中心']

  // The dry run: every problem by its row, nothing written.
  const header = await call('startImport', {
    kind: 'staff',
    contentBase64: (
      await xlsx([
        ['姓名', '电话'],
        ['甲', '13911110009'],
      ])
    ).toString('base64'),
    clientRequestId: rid('h'),
  })
  expect(ok(header).problems).toEqual([{ row: 1, message: expect.stringContaining('第2列应是“手机号”') }])
  const messy = await check([
    admin,
    ['郑洁', '1391111', '居委会管理员', '名单测试居委会', '', ''],
    ['王刚', '13911110001', '窗口工作人员', '', '', '名单测试服务中心'],
    ['孙丽', '13911110004', '块长', '名单测试居委会', '一片', ''],
    ['钱进', '13911110005', '居委会管理员', '没有这个居委会', '', ''],
    ['冯雪', '13911110006', '窗口工作人员', '', '', '没有这个中心'],
    clerk,
  ])
  expect(messy).toMatchObject({ state: 'checked', problemCount: 5, total: 2 })
  expect(messy.problems.map((p) => p.row)).toEqual([3, 4, 5, 6, 7])
  expect(messy.problems.map((p) => p.message)).toEqual([
    expect.stringMatching(/^第3行：手机号“1391111”不对/),
    expect.stringMatching(/^第4行：手机号13911110001和第2行重复了/),
    expect.stringMatching(/^第5行：您不能导入块长，您可以导入：居委会管理员、窗口工作人员/),
    expect.stringMatching(/^第6行：居委会“没有这个居委会”不存在/),
    expect.stringMatching(/^第7行：服务中心“没有这个中心”不存在/),
  ])
  const refused = await call('confirmImport', { jobId: messy.jobId })
  expect(refused.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('5处问题') })
  expect(await invitesOf(['13911110001', '13911110002'])).toEqual([])

  // The import: one code per person, on the invitation an invite form would make.
  const first = await importAll((await check([admin, clerk])).jobId)
  expect(first.counts).toMatchObject({ created: 2, updated: 0, unchanged: 0 })
  expect(first.staffResults).toEqual([
    { row: 2, name: '周敏', role: 'committeeAdmin', code: expect.any(String), status: 'created' },
    { row: 3, name: '吴涛', role: 'windowClerk', code: expect.any(String), status: 'created' },
  ])
  const invites = await invitesOf(['13911110001', '13911110002'])
  expect(invites).toHaveLength(2)
  expect(invites.find((i) => i.phone === '13911110002')).toMatchObject({
    role: 'windowClerk',
    centerId: center.id,
    note: '吴涛',
    status: 'open',
  })
  const audit = (await t.dev.collection<{ _id: string; after: unknown }>('audit', 5000)).find(
    (a) => a._id === `import-${first.jobId}`,
  )
  expect(audit?.after).toMatchObject({ kind: 'staff', created: 2, invites: expect.any(Array) })

  // The same file again: nothing changes, the same codes.
  const again = await importAll((await check([admin, clerk])).jobId)
  expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 2 })
  expect(again.staffResults!.map((r) => r.code)).toEqual(first.staffResults!.map((r) => r.code))
  expect(await invitesOf(['13911110001', '13911110002'])).toEqual(invites)

  // A corrected file: the clerk's name was misspelt; updated in place, still one invitation each.
  const corrected = await importAll((await check([admin, ['吴韬', ...clerk.slice(1)]])).jobId)
  expect(corrected.counts).toMatchObject({ created: 0, updated: 1, unchanged: 1 })
  const after = await invitesOf(['13911110001', '13911110002'])
  expect(after).toHaveLength(2)
  const clerkInvite = invites.find((i) => i.phone === '13911110002')!
  expect(after.find((i) => i.phone === '13911110002')).toMatchObject({ note: '吴韬', _id: clerkInvite._id })
  expect(corrected.staffResults!.map((r) => r.code)).toEqual(first.staffResults!.map((r) => r.code))

  // The admin's code works as an invitation's: they join, and their own list brings in block heads.
  const { who: adminOpenid, staff } = await redeem(first.staffResults![0].code)
  expect(staff).toMatchObject({ role: 'committeeAdmin', committeeId: committee.id })
  const joined = await importAll((await check([admin, clerk])).jobId)
  expect(joined.staffResults![0]).toMatchObject({ status: 'joined', code: first.staffResults![0].code })

  const heads = await check(
    [
      ['孙丽', '13911110004', '块长', '', '一片、二片', ''],
      ['李强', '13911110007', '块长', '名单测试居委会', '三片', ''],
      ['赵红', '13911110008', '窗口工作人员', '', '', '名单测试服务中心'],
    ],
    adminOpenid,
  )
  expect(heads.problems.map((p) => p.message)).toEqual([
    expect.stringMatching(/^第3行：片区“三片”不在名单测试居委会/),
    expect.stringMatching(/^第4行：您不能导入窗口工作人员，您可以导入：块长、居委会管理员/),
  ])
  ok(await call('confirmImport', { jobId: heads.jobId, goodRowsOnly: true }, adminOpenid))
  let done = ok(await call('importStatus', { jobId: heads.jobId }, adminOpenid))
  for (let i = 0; i < 80 && done.state !== 'done'; i++) {
    await sleep(250)
    done = ok(await call('importStatus', { jobId: heads.jobId }, adminOpenid))
  }
  expect(done.counts).toMatchObject({ created: 1, skippedRows: 2 })
  const head = await redeem(done.staffResults![0].code)
  expect(head.staff).toMatchObject({ role: 'blockHead', committeeId: committee.id })
  expect(head.staff.blocks.map((b) => b.id).sort()).toEqual(blocks.map((b) => b.id).sort())

  // A committee admin imports staff lists only, and only their committee's.
  const households = await call(
    'startImport',
    { kind: 'households', committeeId: committee.id, contentBase64: 'AA==', clientRequestId: rid('x') },
    adminOpenid,
  )
  expect(households.error).toMatchObject({ code: 'INVALID_INPUT' })
  const other = await call(
    'startImport',
    { kind: 'staff', committeeId: 'c-chunhui', contentBase64: 'AA==', clientRequestId: rid('y') },
    adminOpenid,
  )
  expect(other.error).toMatchObject({ code: 'NOT_FOUND' })
})
