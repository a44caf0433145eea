/**
 * 组织架构, Excel import and QR posters through the real functions on the local cloud: bad input, retried
 * creates, retire semantics, an import checked, refused, imported with the good rows only, imported again
 * (nothing changes), corrected (updated, never duplicated), and a run killed half-way then resumed (each
 * household exactly once); the committee's QR code scanned back to the page and scene that follow it.
 */
import type { CallOutput, ContractAction } from '../../../types/api'
import { storeOf } from '../../../cloudfunctions/shared/data'
import type { Database } from '../../../cloudfunctions/shared/cloud'
import { runImport } from '../../../cloudfunctions/community/importRun'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { localCodePng } from '../../../emulator/openapi'
import { decodeQr } from '../../helpers/qrDecode'
import { HOUSEHOLD_HEADER, householdRows, xlsx } from '../../helpers/xlsx'

const OFFICER = 'demo-officer-zhao'
let t: TestCloud
const call = <A extends ContractAction<'community'>>(
  action: A,
  input: Record<string, unknown>,
  openid = OFFICER,
) => t.call<CallOutput<'community', A>>('community', { action, ...input }, openid)
const rid = (s: string) => `org-${s}-${Math.random().toString(36).slice(2, 10)}`

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

async function newCommittee(name: string, blocks: string[]) {
  const { committee } = ok(
    await call('saveCommittee', {
      name,
      address: '明德路1号',
      phone: '010-62001234',
      clientRequestId: rid('c'),
    }),
  )
  const ids: string[] = []
  for (const b of blocks)
    ids.push(
      ok(await call('saveBlock', { committeeId: committee.id, name: b, clientRequestId: rid('b') })).block.id,
    )
  return { committeeId: committee.id, blockIds: ids }
}

const importFile = async (committeeId: string, file: Buffer, fileName = '家庭档案.xlsx') =>
  ok(
    await call('startImport', {
      kind: 'households',
      committeeId,
      contentBase64: file.toString('base64'),
      fileName,
      clientRequestId: rid('imp'),
    }),
  )

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Reads progress the way the page does (a pure read) until the background import is done. */
async function finish(jobId: string) {
  for (let i = 0; i < 120; i++) {
    const s = ok(await call('importStatus', { jobId }))
    if (s.state === 'done' || s.state === 'failed') return s
    await sleep(250)
  }
  throw new Error('import did not finish')
}

/** The job as stored, without calling any action (nobody polls). */
async function stored(jobId: string) {
  const jobs = await t.dev.collection<{
    _id: string
    state: string
    done: number
    counts: { created: number }
  }>('imports', 1000)
  return jobs.find((j) => j._id === jobId)
}

function adminStore() {
  process.env.TENCENTCLOUD_SECRETID ??= 'local'
  process.env.TENCENTCLOUD_SECRETKEY ??= 'local'
  process.env.SUMERU_ENV ??= 'test'
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk')
  sdk.init({ env: t.cloud.envId, serviceUrl: t.cloud.adminUrl } as Parameters<typeof sdk.init>[0])
  const db = sdk.database() as unknown as Database
  return { store: storeOf(db), _: db.command }
}

async function homesOf(committeeId: string) {
  return (
    await t.dev.collection<{ committeeId: string; blockId: string; building: string; room: string }>(
      'households',
      5000,
    )
  ).filter((h) => h.committeeId === committeeId)
}

test('bad input is refused with zh-CN messages and field paths, nothing written', async () => {
  const before = (await t.dev.collection('committees', 1000)).length
  const r = await call('saveCommittee', { name: ' ', address: '', phone: '123', clientRequestId: rid('bad') })
  expect(r.ok).toBe(false)
  expect(r.error?.code).toBe('INVALID_INPUT')
  const paths = (r.error?.details as { issues: Array<{ path: string }> }).issues.map((d) => d.path)
  expect(paths).toEqual(expect.arrayContaining(['name', 'address', 'phone']))
  expect((await t.dev.collection('committees', 1000)).length).toBe(before)
  // Somebody else's committee id is simply not found; a resident may not call at all.
  expect((await call('committeeOrg', { committeeId: 'nope' })).error?.code).toBe('NOT_FOUND')
  expect((await call('org', {}, 'demo-resident-wang')).error?.code).toBe('FORBIDDEN')
  const rooms = await call('saveBuilding', { blockId: 'c-chunhui-b1', name: '9号楼', rooms: ['101', '101'] })
  expect(rooms.error?.code).toBe('INVALID_INPUT')
})

test('a retried create is one committee; blocks and buildings with rooms; names are unique in use', async () => {
  const clientRequestId = rid('same')
  const a = ok(await call('saveCommittee', { name: '新风社区居委会', address: '新风路8号', clientRequestId }))
  const b = ok(await call('saveCommittee', { name: '新风社区居委会', address: '新风路8号', clientRequestId }))
  expect(b.committee.id).toBe(a.committee.id)
  expect(a.committee.id.length).toBeLessThanOrEqual(30)
  const block = ok(
    await call('saveBlock', { committeeId: a.committee.id, name: '东片', clientRequestId: rid('b') }),
  ).block
  const twin = await call('saveBlock', {
    committeeId: a.committee.id,
    name: '东片',
    clientRequestId: rid('b'),
  })
  expect(twin.error).toMatchObject({ code: 'INVALID_INPUT' })
  const withBuilding = ok(
    await call('saveBuilding', {
      blockId: block.id,
      name: '1号楼',
      rooms: ['201', '101', '102'],
      clientRequestId: rid('u'),
    }),
  ).block
  expect(withBuilding.buildings).toEqual([
    expect.objectContaining({ name: '1号楼', rooms: ['101', '102', '201'], retired: false }),
  ])
  const dup = await call('saveBuilding', { blockId: block.id, name: '1号楼', rooms: [] })
  expect(dup.error).toMatchObject({
    code: 'INVALID_INPUT',
    details: { issues: [expect.objectContaining({ path: 'name' })] },
  })
  // Residents pick from the block's buildings in use.
  const list = ok(await call('committees', {}, 'demo-resident-wang'))
  expect(list.items.find((c) => c.id === a.committee.id)?.blocks[0].buildings).toEqual(['1号楼'])
})

test('retiring keeps the records and hides the committee from residents, never deletes', async () => {
  const { committeeId, blockIds } = await newCommittee('待撤销居委会', ['一片'])
  ok(await call('saveBuilding', { blockId: blockIds[0], name: '1号楼', rooms: ['101'] }))
  const file = await xlsx([HOUSEHOLD_HEADER, ['一片', '1号楼', '101', 'B', '钱大爷', '户主', '', '', '', '']])
  const job = await importFile(committeeId, file)
  ok(await call('confirmImport', { jobId: job.jobId }))
  expect((await finish(job.jobId)).counts.created).toBe(1)
  const c = ok(await call('org', {})).committees.find((x) => x.id === committeeId)!
  ok(await call('saveCommittee', { id: committeeId, name: c.name, address: c.address, retired: true }))
  const org = ok(await call('org', {}))
  expect(org.committees.find((x) => x.id === committeeId)?.retired).toBe(true)
  const list = ok(await call('committees', {}, 'demo-resident-wang'))
  expect(list.items.some((x) => x.id === committeeId)).toBe(false)
  const households = await t.dev.collection<{ committeeId: string }>('households', 5000)
  expect(households.filter((h) => h.committeeId === committeeId)).toHaveLength(1)
  // Brought back, it is listed again; the audit has both changes.
  ok(await call('saveCommittee', { id: committeeId, name: c.name, address: c.address, retired: false }))
  expect(ok(await call('committees', {}, 'demo-resident-wang')).items.some((x) => x.id === committeeId)).toBe(
    true,
  )
  const audit = await t.dev.collection<{ subjectId: string; action: string }>('audit', 5000)
  expect(
    audit.filter((a) => a.subjectId === committeeId && a.action === 'community.saveCommittee'),
  ).toHaveLength(3)
})

test('an import: every problem by row, nothing until fixed or good rows chosen; again changes nothing; a corrected file updates', async () => {
  const { committeeId } = await newCommittee('导入测试居委会', ['东片', '西片'])
  const rows = householdRows(50, ['东片', '西片'])
  const bad = [...rows]
  // Row 8 of the sheet (header is row 1): a phone with too few digits.
  bad[6] = [...bad[6]]
  bad[6][6] = '1390000'
  const file = await xlsx([HOUSEHOLD_HEADER, ...bad])
  const checked = await importFile(committeeId, file)
  expect(checked).toMatchObject({ state: 'checked', total: 50, problemCount: 1 })
  expect(checked.problems).toEqual([
    { row: 8, message: expect.stringMatching(/^第8行：手机号“1390000”不对/) },
  ])
  const refused = await call('confirmImport', { jobId: checked.jobId })
  expect(refused.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('1处问题') })
  expect(
    (await t.dev.collection<{ committeeId: string }>('households', 5000)).filter(
      (h) => h.committeeId === committeeId,
    ),
  ).toHaveLength(0)

  ok(await call('confirmImport', { jobId: checked.jobId, goodRowsOnly: true }))
  const first = await finish(checked.jobId)
  const bad6 = bad[6]
  const homeOfBadRow = bad.filter((r) => r[0] === bad6[0] && r[1] === bad6[1] && r[2] === bad6[2])
  // The bad row was that home's only member: the home waits for the corrected file.
  expect(first.counts).toMatchObject({
    created: homeOfBadRow.length === 1 ? 49 : 50,
    updated: 0,
    skippedRows: 1,
  })
  const mine = async () =>
    (await t.dev.collection<{ committeeId: string; _id: string }>('households', 5000)).filter(
      (h) => h.committeeId === committeeId,
    )
  const count1 = (await mine()).length
  expect(count1).toBe(first.counts.created)

  const again = await importFile(committeeId, file)
  ok(await call('confirmImport', { jobId: again.jobId, goodRowsOnly: true }))
  const second = await finish(again.jobId)
  expect(second.counts).toMatchObject({ created: 0, updated: 0, unchanged: first.counts.created })
  expect((await mine()).length).toBe(count1)

  const fixed = [...rows]
  fixed[10] = [...fixed[10]]
  fixed[10][3] = 'C'
  const corrected = await importFile(committeeId, await xlsx([HOUSEHOLD_HEADER, ...fixed]))
  expect(corrected.problemCount).toBe(0)
  ok(await call('confirmImport', { jobId: corrected.jobId }))
  const third = await finish(corrected.jobId)
  expect(third.counts.created + third.counts.updated + third.counts.unchanged).toBe(50)
  expect(third.counts.created).toBe(50 - count1)
  expect(third.counts.updated).toBeGreaterThanOrEqual(1)
  expect((await mine()).length).toBe(50)
  // The rooms joined the buildings of the blocks.
  const tree = ok(await call('committeeOrg', { committeeId }))
  expect(tree.blocks.flatMap((b) => b.buildings.flatMap((u) => u.rooms)).length).toBe(50)
})

test('wrong header, unknown block, duplicate room and a conflicting class are each reported by row', async () => {
  const { committeeId } = await newCommittee('问题文件居委会', ['东片'])
  const header = [...HOUSEHOLD_HEADER]
  header[2] = '室号'
  const wrong = await importFile(
    committeeId,
    await xlsx([header, ['东片', '1号楼', '101', 'B', '甲', '', '', '', '', '']]),
  )
  expect(wrong.problems).toEqual([{ row: 1, message: expect.stringContaining('第3列应是“房间号”') }])
  const messy = await importFile(
    committeeId,
    await xlsx([
      HOUSEHOLD_HEADER,
      ['东片', '1号楼', '101', 'B', '甲', '', '', '', '', ''],
      ['南片', '1号楼', '102', 'B', '乙', '', '', '', '', ''],
      ['东片', '1号楼', '103', 'B', '丙', '', '', '', '', ''],
      ['东片', '1号楼', '101', 'B', '丁', '', '', '', '', ''],
      ['东片', '1号楼', '103', 'C', '戊', '', '', '', '', ''],
      ['东片', '1号楼', '104', 'D', '己', '', '', '孤寡', '', ''],
    ]),
  )
  expect(messy.problems.map((p) => p.row)).toEqual([3, 5, 6, 7])
  expect(messy.problems[0].message).toContain('片区“南片”不存在')
  expect(messy.problems[1].message).toContain('1号楼101室重复了')
  expect(messy.problems[2].message).toContain('第4行写的是B类')
  expect(messy.problems[3].message).toContain('家庭分类应填 A、B 或 C')
})

test('an import started and never polled finishes on its own, each household once', async () => {
  const { committeeId } = await newCommittee('无人值守居委会', ['东片', '西片'])
  const file = await xlsx([HOUSEHOLD_HEADER, ...householdRows(300, ['东片', '西片'])])
  const job = await importFile(committeeId, file)
  // One batch per slice, so that the worker must hand on five times.
  await adminStore().store.imports.update(job.jobId, { sliceMs: 1 })
  const logs = () => t.dev.logs({ fn: 'community', limit: '5000' } as { fn: string })
  const runs = async () =>
    (await logs()).filter((l) => /"action":"continueImport".*"outcome":"ok"/.test(l.text)).length
  const before = await runs()
  ok(await call('confirmImport', { jobId: job.jobId }))
  // The page is closed: nothing calls importStatus. The worker hands itself on, slice after slice.
  let s = await stored(job.jobId)
  for (let i = 0; i < 240 && s?.state !== 'done'; i++) {
    await sleep(250)
    s = await stored(job.jobId)
  }
  expect(s).toMatchObject({ state: 'done', done: 300, counts: { created: 300 } })
  expect((await runs()) - before).toBeGreaterThanOrEqual(6)
  const homes = await homesOf(committeeId)
  expect(homes).toHaveLength(300)
  expect(new Set(homes.map((h) => `${h.blockId}/${h.building}/${h.room}`)).size).toBe(300)
})

test('a stalled import whose owner has been deactivated is stopped by the sweep, keeping what it wrote', async () => {
  const { committeeId } = await newCommittee('停用测试居委会', ['东片'])
  const job = await importFile(committeeId, await xlsx([HOUSEHOLD_HEADER, ...householdRows(3, ['东片'])]))
  const { store } = adminStore()
  // Its owner left (停用) while the run was stalled.
  const gone = rid('gone')
  await store.staff.set(gone, {
    openid: gone,
    name: '离职干部',
    role: 'officer',
    subdistrictId: 'sd-mingde',
    active: false,
  })
  await store.imports.update(job.jobId, { openid: gone, state: 'importing', leaseUntil: new Date(0) })
  await t.dev.setClock(120_000)
  try {
    await t.dev.fire('outbox')
  } finally {
    await t.dev.setClock(0)
  }
  const s = await stored(job.jobId)
  expect(s).toMatchObject({ state: 'failed', done: 0 })
  expect((s as { error?: string }).error).toContain('已停用')
  expect(await homesOf(committeeId)).toHaveLength(0)
})

test('an import killed half-way, its page closed, is finished by the outbox sweep with each household once', async () => {
  const { committeeId } = await newCommittee('中断测试居委会', ['东片', '西片'])
  const file = await xlsx([HOUSEHOLD_HEADER, ...householdRows(120, ['东片', '西片'])])
  const job = await importFile(committeeId, file)
  expect(job.problemCount).toBe(0)
  // Confirmed, but the hand-on to the worker was lost; then a run dies in its second batch, after some of
  // that batch's households were written.
  const { store, _ } = adminStore()
  await store.imports.update(job.jobId, { state: 'importing', leaseUntil: new Date(0) })
  const now = new Date()
  const confirmed = (await store.imports.get(job.jobId))!
  await expect(runImport({ store, _, now, dieAfterWrites: 130 }, confirmed)).rejects.toThrow(/killed/)
  const half = await store.imports.get(job.jobId)
  expect(half).toMatchObject({ state: 'importing', done: 50 })
  // While the dead run's lease holds, the sweep leaves it alone.
  await t.dev.fire('outbox')
  expect(await stored(job.jobId)).toMatchObject({ state: 'importing', done: 50 })
  // Past the lease and the grace, the next sweep carries it on from the last finished batch.
  await t.dev.setClock(120_000)
  try {
    for (let i = 0; i < 5 && (await stored(job.jobId))?.state !== 'done'; i++) await t.dev.fire('outbox')
  } finally {
    await t.dev.setClock(0)
  }
  const done = await stored(job.jobId)
  expect(done).toMatchObject({ state: 'done', done: 120 })
  expect(done!.counts.created).toBeLessThanOrEqual(120)
  const homes = await homesOf(committeeId)
  expect(homes).toHaveLength(120)
  expect(new Set(homes.map((h) => `${h.blockId}/${h.building}/${h.room}`)).size).toBe(120)
  const view = ok(await call('importStatus', { jobId: job.jobId }))
  expect(view.counts.created + view.counts.unchanged).toBe(120)
})

test('a stopped import is started again by the next progress read (no database work of its own)', async () => {
  const { committeeId } = await newCommittee('进度重启居委会', ['东片'])
  const job = await importFile(committeeId, await xlsx([HOUSEHOLD_HEADER, ...householdRows(30, ['东片'])]))
  const { store } = adminStore()
  await store.imports.update(job.jobId, { state: 'importing', leaseUntil: new Date(0) })
  const done = await finish(job.jobId)
  expect(done).toMatchObject({ state: 'done', done: 30, counts: { created: 30 } })
  expect(await homesOf(committeeId)).toHaveLength(30)
})

test('the QR poster: a real PNG whose code opens the follow page with the scene, which follows', async () => {
  const { committeeId, blockIds } = await newCommittee('二维码居委会', ['东片'])
  const poster = ok(await call('qrCode', { kind: 'follow', committeeId }))
  expect(poster).toMatchObject({ scene: `c=${committeeId}`, page: 'community/pages/home/index' })
  const png = Buffer.from(await (await fetch(poster.url)).arrayBuffer())
  const text = await decode(
    png,
    `${t.url}/community/pages/home/index?scene=${encodeURIComponent(`c=${committeeId}`)}`,
  )
  const url = new URL(text)
  expect(url.pathname).toBe('/community/pages/home/index')
  const scene = url.searchParams.get('scene')!
  expect(scene).toBe(`c=${committeeId}`)
  const r = fresh()
  expect(ok(await call('follow', { scene: encodeURIComponent(scene) }, r)).committee.id).toBe(committeeId)

  const block = ok(await call('saveBuilding', { blockId: blockIds[0], name: '5号楼', rooms: ['101'] })).block
  const bind = ok(
    await call('qrCode', { kind: 'bind', blockId: blockIds[0], buildingId: block.buildings[0].id }),
  )
  expect(bind.scene.length).toBeLessThanOrEqual(32)
  const bindPng = Buffer.from(await (await fetch(bind.url)).arrayBuffer())
  const bindUrl = new URL(
    await decode(bindPng, `${t.url}/community/pages/bind/index?scene=${encodeURIComponent(bind.scene)}`),
  )
  expect(bindUrl.pathname).toBe('/community/pages/bind/index')
  const followed = ok(await call('follow', { scene: bindUrl.searchParams.get('scene')! }, fresh()))
  expect(followed).toMatchObject({
    committee: { id: committeeId },
    building: { blockId: blockIds[0], name: '5号楼' },
  })
})

const fresh = () => `org-res-${Math.random().toString(36).slice(2, 10)}`

/**
 * The text of the code. qrcode-reader misses some mask patterns a phone reads (it finds too few alignment
 * patterns): then the image must be exactly the standard encoder's code of the text we expect.
 */
async function decode(png: Buffer, expected: string): Promise<string> {
  expect(png.subarray(1, 4).toString()).toBe('PNG')
  try {
    return await decodeQr(png)
  } catch {
    // fall through to the comparison
  }
  expect(png.equals(await localCodePng(expected, 430))).toBe(true)
  return expected
}
