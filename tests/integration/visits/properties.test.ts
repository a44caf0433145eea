/**
 * Fast-check over every visits action, through the real SDK and function host: whatever the caller and
 * input, the answer is never INTERNAL, a failed call writes nothing, and no staff caller ever gets — or
 * changes — a family file outside their scope.
 */
import fc from 'fast-check'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { visitsContract } from '../../../types/visits'

let t: TestCloud
const WANG_HH = 'hh-c-chunhui-b1-1-101'
const LI_HH = 'hh-c-chunhui-b2-2-502'
const WRITTEN = [
  'households',
  'visits',
  'demands',
  'talents',
  'householdVersions',
  'onlineVisits',
  'householdCorrections',
  'messages',
  'visitSettings',
]

interface Hh {
  _id: string
  committeeId: string
  blockId: string
}
let households: Hh[] = []
let pool: string[] = []
let pendingOnline: string[] = []

// Who may see which file: the block head their blocks, the admin the committee, nobody else.
const CALLERS: Record<string, ((h: Hh) => boolean) | null> = {
  'demo-blockhead-zhang': (h) =>
    h.committeeId === 'c-chunhui' && ['c-chunhui-b1', 'c-chunhui-b2'].includes(h.blockId),
  'staff-chunhui-bh2': (h) =>
    h.committeeId === 'c-chunhui' && ['c-chunhui-b3', 'c-chunhui-b4'].includes(h.blockId),
  'demo-admin-chen': (h) => h.committeeId === 'c-chunhui',
  'staff-fenglin-admin': (h) => h.committeeId === 'c-fenglin',
  'demo-officer-zhao': null,
  'demo-clerk-liu': null,
  'demo-resident-li': null,
  'demo-resident-wang': null,
  'prop-stranger': null,
}

beforeAll(async () => {
  t = await startTestCloud({ seed: false })
  const { loadDemoData } = await import('../../../emulator/seed')
  await loadDemoData(t.cloud, { seed: 1 })
  households = t.cloud.database.find('households') as unknown as Hh[]
  const waiting = t.cloud.database.find('onlineVisits', { status: 'pending' }) as unknown as {
    _id: string
    recipients: string[]
  }[]
  pendingOnline = waiting.map((o) => o._id)
  // The families those online visits went to answer them as residents.
  for (const o of waiting) CALLERS[o.recipients[0]] = null
  const pick = (pred: (h: Hh) => boolean) => households.find(pred)!._id
  pool = [
    WANG_HH,
    LI_HH,
    pick((h) => h.blockId === 'c-chunhui-b3'),
    pick((h) => h.blockId === 'c-fenglin-b1'),
    pick((h) => h.blockId === 'c-hepingli-b2'),
    'hh-missing',
  ]
}, 120_000)
afterAll(() => t?.stop())

const counts = () => Object.fromEntries(WRITTEN.map((c) => [c, t.cloud.database.count(c)]))
/** Mostly well-formed input, so calls reach the handlers; now and then a bad field. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 })
const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
const text = mostly(
  fc.constantFrom('楼道灯坏了需要维修', '家里一切都好，谢谢关心'),
  fc.oneof(fc.string({ maxLength: 30 }), fc.constant('')),
)
const crid = mostly(fc.stringMatching(/^[A-Za-z0-9_-]{8,20}$/), fc.constantFrom('bad id!', undefined))
const block = mostly(
  fc.constantFrom('c-chunhui-b1', 'c-chunhui-b2', 'c-chunhui-b3', 'c-fenglin-b1'),
  fc.constant('nope'),
)
const member = fc.record(
  {
    name: mostly(fc.constantFrom('张三', '李四'), fc.constant('')),
    relation: fc.constantFrom('户主', '子女'),
    birthYear: opt(mostly(fc.integer({ min: 1920, max: 2020 }), fc.constant(1800))),
    phone: opt(mostly(fc.constant('13812345678'), fc.constant('123'))),
    tags: mostly(fc.subarray(['独居老人', '低保']), fc.constant<string[]>(['不存在'])),
  },
  { requiredKeys: ['name', 'relation'] },
)
const tasks = fc.record(
  {
    showIdentity: fc.record({ done: fc.boolean() }),
    deliverService: mostly(
      fc.constant({ done: true, service: '测量血压' }),
      fc.record({ done: fc.boolean(), service: opt(text) }),
    ),
    learnSituation: fc.record({ done: fc.boolean(), changes: opt(text) }),
    publicize: mostly(
      fc.constant({ done: true, topic: '垃圾分类' }),
      fc.record({ done: fc.boolean(), topic: opt(fc.constantFrom('垃圾分类', '')) }),
    ),
    askDemands: fc.record({
      done: mostly(fc.constant(true), fc.constant(false)),
      demands: fc.array(
        fc.record({ category: mostly(fc.constantFrom('facilities', 'other'), fc.constant('nope')), text }),
        { maxLength: 2 },
      ),
    }),
    discoverTalents: fc.record({
      done: mostly(fc.constant(true), fc.constant(false)),
      talents: fc.array(
        fc.record({
          name: mostly(fc.constant('周师傅'), fc.constant('')),
          skills: mostly(fc.constant<string[]>(['理发']), fc.constant<string[]>([])),
          consent: mostly(fc.constant(true), fc.constant(false)),
        }),
        { maxLength: 1 },
      ),
    }),
  },
  { requiredKeys: [] },
)

// Built after the seed: household and online-visit ids come from the loaded data.
const makeInputs = (): Record<keyof typeof visitsContract, fc.Arbitrary<Record<string, unknown>>> => {
  const hhId = mostly(fc.constantFrom(...pool), fc.string({ maxLength: 70 }))
  return {
    households: fc.record({
      blockId: opt(block),
      keyword: opt(text),
      limit: opt(mostly(fc.integer({ min: 1, max: 100 }), fc.constant(0))),
    }),
    household: fc.record({ householdId: hhId }),
    revealPhone: fc.record({
      householdId: hhId,
      memberIndex: mostly(fc.integer({ min: 0, max: 3 }), fc.integer()),
    }),
    saveHousehold: fc.record({
      householdId: opt(hhId),
      expectedVersion: opt(fc.integer({ min: 0, max: 3 })),
      fields: fc.record({
        blockId: block,
        building: mostly(fc.constant('1号楼'), fc.constant('')),
        room: fc.constantFrom('101', '2002'),
        class: mostly(fc.constantFrom('B', 'C'), fc.constantFrom('A', 'D')),
        preferredChannel: opt(mostly(fc.constantFrom('phone', 'wechat'), fc.constant('fax'))),
        members: fc.array(member, { minLength: 1, maxLength: 2 }),
        notes: opt(text),
      }),
      clientRequestId: crid,
    }),
    catalogue: fc.record({
      blockId: opt(block),
      status: opt(mostly(fc.constantFrom('overdue', 'never'), fc.constant('bogus'))),
    }),
    record: fc.record({
      householdId: hhId,
      mode: mostly(fc.constantFrom('home', 'online', 'phone'), fc.constant('fly')),
      tasks,
      notes: opt(text),
      visitedAt: opt(
        mostly(
          fc.constant(new Date(Date.now() - 86_400_000).toISOString()),
          fc.constantFrom('2020-01-01T00:00:00Z', 'yesterday'),
        ),
      ),
      clientRequestId: crid,
    }),
    sendOnline: fc.record({ householdId: hhId, message: text, clientRequestId: crid }),
    talents: fc.record({ skill: opt(fc.constantFrom('理发', '剪纸')) }),
    setCadence: fc.record({
      A: fc.integer({ min: 7, max: 400 }),
      B: fc.integer({ min: 7, max: 365 }),
      C: fc.integer({ min: 0, max: 90 }),
    }),
    myHousehold: fc.constant({}),
    correctHousehold: fc.record({ householdId: opt(hhId), text, clientRequestId: crid }),
    pending: fc.constant({}),
    respond: fc.record({
      onlineVisitId: mostly(fc.constantFrom(...pendingOnline), fc.constantFrom('ov-missing', '')),
      answer: mostly(fc.constantFrom('allFine', 'contactMe', 'demand'), fc.constant('maybe')),
      demand: opt(fc.record({ category: fc.constant('other'), text })),
      contact: opt(fc.record({ channel: fc.constant('phone'), value: fc.constant('13812345678') })),
      clientRequestId: crid,
    }),
    exportMyData: fc.constant({}),
  }
}

/** Household ids a successful answer reveals or touches. */
function householdIdsIn(
  action: string,
  data: Record<string, unknown>,
  input: Record<string, unknown>,
): string[] {
  const ids: string[] = []
  const items = (data.items as Array<{ householdId?: string }> | undefined) ?? []
  for (const i of items) if (i.householdId) ids.push(i.householdId)
  if (action === 'household') ids.push((data.household as { id: string }).id)
  if (action === 'saveHousehold' && input.householdId) ids.push((data.household as { id: string }).id)
  if (['record', 'sendOnline'].includes(action)) ids.push(input.householdId as string)
  return ids
}

it('never INTERNAL, never a partial write, never a file outside the caller’s scope', async () => {
  const inputs = makeInputs()
  const staff = Object.keys(CALLERS).filter((k) => CALLERS[k])
  const others = Object.keys(CALLERS).filter((k) => !CALLERS[k])
  const callers = fc.oneof(
    { arbitrary: fc.constantFrom(...staff), weight: 3 },
    { arbitrary: fc.constantFrom(...others), weight: 2 },
  )
  const actions = Object.keys(inputs) as (keyof typeof inputs)[]
  const step = fc
    .constantFrom(...actions)
    .chain((action) => fc.tuple(fc.constant(action), inputs[action], callers))
  await fc.assert(
    fc.asyncProperty(step, async ([action, input, openid]) => {
      const before = counts()
      const r = await t.call<Record<string, unknown>>('visits', { action, ...input }, openid)
      expect(r.error?.code).not.toBe('INTERNAL')
      expect(typeof r.ok).toBe('boolean')
      if (!r.ok) {
        expect(counts()).toEqual(before)
        return
      }
      const scope = CALLERS[openid]
      const staffAction = !['myHousehold', 'correctHousehold', 'pending', 'respond', 'exportMyData'].includes(
        action,
      )
      if (!staffAction) return
      // Only staff of a committee get here; an officer, a clerk or a resident was refused.
      expect(scope).not.toBeNull()
      for (const id of householdIdsIn(action, r.data!, input)) {
        const h =
          households.find((x) => x._id === id) ??
          (t.cloud.database.find('households', { _id: id })[0] as unknown as Hh)
        expect(h && scope!(h)).toBe(true)
      }
    }),
    { numRuns: 400 },
  )
}, 180_000)
