/**
 * What each visits action costs in database requests (CloudBase bills and rate-limits them), caller lookup
 * included, against the pins and budgets of tests/helpers/budgets.ts: the block head's family files and
 * visits (a home visit with all six tasks, the heaviest), an online visit answered with a demand, and the
 * resident's own file.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'
import { budgetMeter } from '../../helpers/budgets'
import { requestMeter } from '../../helpers/requests'

jest.setTimeout(120_000)

let t: TestCloud
const ZHANG = 'demo-blockhead-zhang'
const CHEN = 'demo-admin-chen'
const LI = 'demo-resident-li'
const WANG = 'demo-resident-wang'
const LI_HH = 'hh-c-chunhui-b2-2-502'
const WANG_HH = 'hh-c-chunhui-b1-1-101'
const call = <A extends ContractAction<'visits'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'visits', A>>('visits', { action, ...input }, openid)
const rid = (name: string) => `rt-${name}-${Math.random().toString(36).slice(2, 10)}`

const meter = requestMeter(
  () => t.cloud.database,
  () => t.cloud.meter,
)
const { cost, problems } = budgetMeter('visits', meter)

beforeAll(async () => {
  t = await startTestCloud({ seed: false })
  // The demo data of a fixed seed, as the visits suite uses: households are named by role.
  const { loadDemoData } = await import('../../../emulator/seed')
  await loadDemoData(t.cloud, { seed: 1 })
}, 120_000)
afterAll(async () => {
  meter.save()
  await t?.stop()
})

it("the block head's family files and visits", async () => {
  await cost('households', async () => ok(await call('households', {}, ZHANG)))
  await cost('catalogue', async () => ok(await call('catalogue', {}, ZHANG)))
  await cost('catalogue', 'admin', async () => ok(await call('catalogue', {}, CHEN)))
  await cost('talents', async () => ok(await call('talents', {}, ZHANG)))
  let file = { household: { version: 0, notes: '' } } as CallOutput<'visits', 'household'>
  await cost('household', async () => {
    file = ok(await call('household', { householdId: WANG_HH }, ZHANG))
  })
  await cost('revealPhone', async () =>
    ok(await call('revealPhone', { householdId: WANG_HH, memberIndex: 0 }, ZHANG)),
  )
  const h = file.household
  const edit = {
    householdId: WANG_HH,
    expectedVersion: h.version,
    fields: {
      blockId: h.blockId,
      building: h.building,
      room: h.room,
      class: h.class,
      members: h.members.map(({ phone: _masked, ...m }) => m),
      notes: `${h.notes}（已装扶手）`,
    },
    clientRequestId: rid('save'),
  }
  await cost('saveHousehold', async () => ok(await call('saveHousehold', edit, ZHANG)))
  await cost('saveHousehold', 'retry', async () => ok(await call('saveHousehold', edit, ZHANG)))
  const created = {
    fields: {
      blockId: 'c-chunhui-b2',
      building: '3号楼',
      room: '602',
      class: 'B',
      members: [{ name: '刘桂兰', relation: '户主', birthYear: 1940, tags: ['独居老人'] }],
    },
    clientRequestId: rid('new'),
  }
  await cost('saveHousehold', 'new', async () => ok(await call('saveHousehold', created, ZHANG)))
  const visit = {
    householdId: WANG_HH,
    mode: 'home',
    tasks: {
      showIdentity: { done: true },
      deliverService: { done: true, service: '帮忙预约上门理发' },
      learnSituation: { done: true, changes: '女儿下月回来住一周' },
      publicize: { done: true, topic: '垃圾分类' },
      askDemands: { done: true, demands: [{ category: 'facilities', text: '楼道灯坏了，晚上上下楼看不见' }] },
      discoverTalents: { done: true, talents: [{ name: '王秀英', skills: ['剪纸'], consent: true }] },
    },
    notes: '精神不错',
    clientRequestId: rid('visit'),
  }
  await cost('record', 'six tasks', async () => ok(await call('record', visit, ZHANG)))
  await cost('record', 'retry', async () => ok(await call('record', visit, ZHANG)))
  const call1 = {
    householdId: WANG_HH,
    mode: 'phone',
    notes: '电话问候，一切都好',
    clientRequestId: rid('v'),
  }
  await cost('record', 'phone', async () => ok(await call('record', call1, ZHANG)))
  await cost('setCadence', async () => ok(await call('setCadence', { A: 60, B: 90, C: 14 }, CHEN)))
})

it('an online visit answered with a demand, and the resident’s own file', async () => {
  let sent = { onlineVisitId: '' }
  const greeting = { householdId: LI_HH, message: '李先生您好，最近家里都好吗？', clientRequestId: rid('ov') }
  await cost('sendOnline', async () => {
    sent = ok(await call('sendOnline', greeting, ZHANG))
  })
  await cost('sendOnline', 'retry', async () => ok(await call('sendOnline', greeting, ZHANG)))
  await cost('pending', async () => ok(await call('pending', {}, LI)))
  const answer = {
    onlineVisitId: sent.onlineVisitId,
    answer: 'demand',
    demand: { category: 'sanitation', text: '小区门口垃圾桶满了没人清' },
    clientRequestId: rid('ans'),
  }
  await cost('respond', 'with a demand', async () => ok(await call('respond', answer, LI)))
  await cost('respond', 'retry', async () => ok(await call('respond', answer, LI)))
  await cost('myHousehold', async () => ok(await call('myHousehold', {}, WANG)))
  const correction = { text: '我的出生年份应为1945年', clientRequestId: rid('c') }
  await cost('correctHousehold', async () => ok(await call('correctHousehold', correction, WANG)))
  await cost('correctHousehold', 'retry', async () => ok(await call('correctHousehold', correction, WANG)))
  // The block head's next save closes the family's open request.
  const { household: h } = ok(await call('household', { householdId: WANG_HH }, ZHANG))
  const edit = {
    householdId: WANG_HH,
    expectedVersion: h.version,
    fields: {
      blockId: h.blockId,
      building: h.building,
      room: h.room,
      class: h.class,
      members: h.members.map(({ phone: _masked, ...m }) => ({ ...m, birthYear: 1945 })),
      notes: h.notes,
    },
    clientRequestId: rid('save'),
  }
  await cost('saveHousehold', 'closing a request', async () => ok(await call('saveHousehold', edit, ZHANG)))
  await cost('exportMyData', async () => ok(await call('exportMyData', {}, WANG)))
  // Someone with no resident record yet (the app's first call writes it) and no family file.
  await cost('exportMyData', 'no record', async () => ok(await call('exportMyData', {}, 'rt-newcomer')))
  await cost('myHousehold', 'none', async () => ok(await call('myHousehold', {}, 'rt-newcomer')))
})

it('every visits action within its pinned number of database requests', () => {
  expect(problems()).toEqual([])
})
