/**
 * Fuzzing the community function through the real host: arbitrary JSON and near-valid inputs to every
 * action, from callers who hold no staff role here (a resident, a stranger) and from a block head of another
 * committee. Whatever the input: never INTERNAL, no resident becomes staff, and nothing is written outside
 * the caller's scope (collections compared before and after).
 */
import fc from 'fast-check'
import { communityContract } from '../../../types/community'
import { DEMO_HOUSEHOLDS } from '../../../emulator/seed/community'
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { SAMPLES } from './samples'

type Doc = Record<string, unknown> & { _id: string }
const WATCHED = [
  'residents',
  'staff',
  'blocks',
  'households',
  'invites',
  'notices',
  'audit',
  'committees',
  'subscriptions',
  'messages',
] as const

let t: TestCloud
const stranger = `fuzz-stranger-${Date.now().toString(36)}`
const RESIDENT = 'demo-resident-wang'
const FOREIGN_HEAD = 'staff-fenglin-bh1'
const CALLERS = [RESIDENT, stranger, FOREIGN_HEAD]
let pendingPair: { residentOpenid: string; householdId: string } | undefined
let foreignBlocks: string[] = []

async function snapshot(): Promise<Record<string, Map<string, string>>> {
  const out: Record<string, Map<string, string>> = {}
  for (const name of WATCHED) {
    const docs = await t.dev.collection<Doc>(name, 1000)
    out[name] = new Map(docs.map((d) => [d._id, JSON.stringify(d)]))
  }
  return out
}

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
  const blocks = await t.dev.collection<Doc & { blockHeadOpenid?: string }>('blocks', 1000)
  foreignBlocks = blocks.filter((b) => b.blockHeadOpenid === FOREIGN_HEAD).map((b) => b._id)
  const residents = await t.dev.collection<
    Doc & { households: { householdId: string; status: string; blockId?: string }[] }
  >('residents', 1000)
  for (const r of residents) {
    const b = r.households.find((h) => h.status === 'pending' && foreignBlocks.includes(h.blockId ?? ''))
    if (b) {
      pendingPair = { residentOpenid: r._id, householdId: b.householdId }
      break
    }
  }
}, 120_000)
afterAll(() => t?.stop())

const ACTIONS = Object.keys(communityContract)
const idPool = fc.constantFrom(
  'c-chunhui',
  'c-fenglin',
  'c-nowhere',
  'c-chunhui-b1',
  'c-fenglin-b1',
  DEMO_HOUSEHOLDS.wang,
  DEMO_HOUSEHOLDS.li,
  'demo-admin-chen',
  'demo-blockhead-zhang',
  'demo-resident-li',
  'notice-c-chunhui-1',
  'notice-c-hepingli-2',
  'USED2345',
  'EXPD2345',
  '',
)
const spoof = fc.record({
  openid: fc.constantFrom('demo-admin-chen', 'demo-officer-zhao'),
  role: fc.constantFrom('officer', 'committeeAdmin'),
  _id: fc.string(),
})
const jsonish = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  idPool,
  fc.constant(undefined),
  fc.constant('__proto__'),
)

/** A sample input with one field replaced, dropped, or a spoofed identity added. */
function nearValid(action: string): fc.Arbitrary<Record<string, unknown>> {
  const entry = SAMPLES.community[action]
  const base = typeof entry === 'object' ? (entry as Record<string, unknown>) : {}
  const keys = [
    ...Object.keys(base),
    'committeeId',
    'openid',
    'blockIds',
    'code',
    'id',
    'householdId',
    'residentOpenid',
    'decision',
    'role',
  ]
  return fc.oneof(
    fc
      .record({ key: fc.constantFrom(...keys), value: fc.oneof(jsonish, idPool) })
      .map(({ key, value }) => ({ ...base, [key]: value })),
    fc
      .constantFrom(...Object.keys(base).concat('none'))
      .map((drop) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== drop))),
    spoof.map((s) => ({ ...base, ...s })),
    fc.dictionary(fc.string({ maxLength: 12 }), jsonish, { maxKeys: 4 }),
  )
}

const call = fc.constantFrom(...ACTIONS).chain((action) =>
  fc.record({
    action: fc.constant(action),
    caller: fc.constantFrom(...CALLERS),
    input: nearValid(action),
  }),
)

it("no input makes the community function fail, grant a staff role, or write outside the caller's scope", async () => {
  const before = await snapshot()
  const internal: string[] = []
  await fc.assert(
    fc.asyncProperty(call, async ({ action, caller, input }) => {
      const event = { ...input, action }
      const r = await t.call('community', event, caller)
      if (!r.ok && r.error?.code === 'INTERNAL') internal.push(`${caller} ${JSON.stringify(event)}`)
      return r.ok || r.error?.code !== 'INTERNAL'
    }),
    { numRuns: 250, seed: 20250301 },
  )
  // The real pending binding in the foreign block head's blocks, confirmed with near-valid extras.
  if (pendingPair) {
    const r = await t.call(
      'community',
      { action: 'confirmBinding', ...pendingPair, decision: 'confirm', openid: 'demo-admin-chen' },
      FOREIGN_HEAD,
    )
    expect(r.ok).toBe(true)
  }
  expect(internal).toEqual([])
  const after = await snapshot()

  const changed = (name: string) =>
    [...after[name].keys()]
      .filter((id) => before[name].get(id) !== after[name].get(id))
      .concat([...before[name].keys()].filter((id) => !after[name].has(id)))
  // Nobody here may change staff, blocks, invitations, notices, audit or committees.
  for (const name of ['staff', 'blocks', 'invites', 'notices', 'audit', 'committees'] as const)
    expect({ name, changed: changed(name) }).toEqual({ name, changed: [] })
  // Resident records: only the callers' own.
  expect(changed('residents').filter((id) => !CALLERS.includes(id))).toEqual(
    pendingPair ? [pendingPair.residentOpenid] : [],
  )
  // Family files: only the foreign head's own blocks, and only who is bound.
  for (const id of changed('households')) {
    const b = JSON.parse(before.households.get(id)!) as Doc & { blockId: string; residentOpenids: string[] }
    const a = JSON.parse(after.households.get(id)!) as Doc & { blockId: string; residentOpenids: string[] }
    expect(foreignBlocks).toContain(a.blockId)
    expect({ ...a, residentOpenids: [] }).toEqual({ ...b, residentOpenids: [] })
  }
  // Grants and messages: only for the callers themselves.
  for (const id of changed('subscriptions'))
    expect(CALLERS).toContain((JSON.parse(after.subscriptions.get(id)!) as { openid: string }).openid)
  expect(changed('messages')).toEqual([])
  // No caller became staff.
  const staff = await t.dev.collection<Doc & { active: boolean }>('staff', 1000)
  expect(staff.filter((s) => (s._id === RESIDENT || s._id === stranger) && s.active)).toEqual([])
}, 240_000)
