/**
 * The authorization matrix: for every registered function × action × caller, call through the real function
 * host and wx-server-sdk and check the answer against the one policy table (types/policy.ts):
 * - a caller without a listed role gets FORBIDDEN and no data;
 * - a caller with one is never FORBIDDEN, and the data it gets lies inside its scope.
 * The actions come from the contracts (types/api.ts) and from what each built function registers, so a
 * new action without a policy entry, a policy entry without an action, or an action without a sample input
 * fails here.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { CONTRACT } from '../../../types/api'
import type { Contract } from '../../../types/contract'
import { FUNCTION_NAMES, POLICY, resolveScope, type FunctionName, type Grant } from '../../../types/policy'
import type { Role } from '../../../types/roles'
import { startTestCloud, type Envelope, type TestCloud } from '../../helpers/localCloud'
import { AUTO, AutoWith, SAMPLES, autoSample, type Sample, type SampleIds } from './samples'
import { scopeViolations, type CallerFacts } from './scope'

const root = resolve(__dirname, '..', '..', '..')
const contracts = CONTRACT as unknown as Record<string, Contract>
const policy = POLICY as unknown as Record<FunctionName, Record<string, Grant>>
const hasSource = (fn: string) => existsSync(join(root, 'cloudfunctions', fn, 'index.ts'))

/** What each built function registers (`main.definition.contract`), read from the bundle the host runs. */
function registeredActions(fn: string): string[] | undefined {
  const bundle = join(root, 'dist', 'cloudfunctions', fn, 'index.js')
  if (!existsSync(bundle)) return undefined
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(bundle) as { main?: { definition?: { contract?: Record<string, unknown> } } }
  return Object.keys(mod.main?.definition?.contract ?? {})
}

interface MatrixCaller {
  readonly label: string
  readonly openid: string
  /** Roles the policy sees for this caller (an inactive staff record counts as none). */
  roles: Role[]
  facts: CallerFacts
}

const stranger = `matrix-stranger-${Date.now().toString(36)}`
const deactivated = `matrix-deactivated-${Date.now().toString(36)}`
const deactivateTarget = `matrix-target-${Date.now().toString(36)}`

const CALLERS: readonly { label: string; openid: string }[] = [
  { label: 'resident', openid: 'demo-resident-wang' },
  { label: 'blockHead', openid: 'demo-blockhead-zhang' },
  { label: 'committeeAdmin', openid: 'demo-admin-chen' },
  { label: 'windowClerk', openid: 'demo-clerk-liu' },
  { label: 'officer', openid: 'demo-officer-zhao' },
  { label: 'stranger', openid: stranger },
  { label: 'staff of another committee', openid: 'staff-fenglin-admin' },
  { label: 'deactivated block head', openid: deactivated },
]

let t: TestCloud
/** LINLI_TEST_PROGRESS=1 shows each step as it starts (jest holds console output until a file ends). */
const progress = (what: string) => {
  if (process.env.LINLI_TEST_PROGRESS === '1') process.stderr.write(`matrix: ${what}\n`)
}
let callers: MatrixCaller[] = []
let ids: SampleIds

async function makeStaff(openid: string): Promise<void> {
  const inv = await t.call<{ code: string }>(
    'community',
    { action: 'invite', role: 'blockHead' },
    'demo-admin-chen',
  )
  if (!inv.ok) throw new Error(`invite failed: ${JSON.stringify(inv.error)}`)
  const red = await t.call('community', { action: 'redeem', code: inv.data!.code }, openid)
  if (!red.ok) throw new Error(`redeem failed: ${JSON.stringify(red.error)}`)
}

/** Who each caller is right now, read from the database (earlier allowed calls may have changed it). */
async function refresh(): Promise<void> {
  const [staffDocs, residentDocs, committees, blocks] = await Promise.all([
    t.dev.collection<Record<string, unknown>>('staff', 1000),
    t.dev.collection<Record<string, unknown>>('residents', 1000),
    t.dev.collection<{ _id: string; subdistrictId: string }>('committees', 1000),
    t.dev.collection<{ _id: string; blockHeadOpenid?: string }>('blocks', 1000),
  ])
  callers = CALLERS.map((c) => ({ ...c, ...facts(c.openid, staffDocs, residentDocs, committees, blocks) }))
}

function facts(
  openid: string,
  staffDocs: Record<string, unknown>[],
  residentDocs: Record<string, unknown>[],
  committees: { _id: string; subdistrictId: string }[],
  blocks: { _id: string; blockHeadOpenid?: string }[],
): { roles: Role[]; facts: CallerFacts } {
  const staff = staffDocs.find((s) => s._id === openid)
  const resident = residentDocs.find((r) => r._id === openid)
  const active = staff?.active === true
  const subdistrictId = active ? (staff!.subdistrictId as string) : undefined
  return {
    roles: active ? ['resident', staff!.role as Role] : ['resident'],
    facts: {
      openid,
      committeeId: active ? (staff!.committeeId as string | undefined) : undefined,
      // Who heads a block is stored on the block.
      blockIds: active ? blocks.filter((b) => b.blockHeadOpenid === openid).map((b) => b._id) : [],
      subdistrictId,
      centerId: active ? (staff!.centerId as string | undefined) : undefined,
      subdistrictCommittees: committees.filter((c) => c.subdistrictId === subdistrictId).map((c) => c._id),
      followed: (resident?.committeeIds as string[] | undefined) ?? [],
    },
  }
}

beforeAll(async () => {
  progress('starting the cloud')
  t = await startTestCloud({ seed: true })
  progress('cloud started')
  await makeStaff(deactivated)
  await makeStaff(deactivateTarget)
  const off = await t.call('community', { action: 'deactivate', openid: deactivated }, 'demo-admin-chen')
  if (!off.ok) throw new Error(`deactivate failed: ${JSON.stringify(off.error)}`)
  ids = { deactivateTarget }
}, 180_000)
afterAll(() => t?.stop())

describe('the policy table and the registered actions agree', () => {
  for (const fn of FUNCTION_NAMES) {
    if (!hasSource(fn)) {
      it(`${fn}: not built yet — the host answers NOT_FOUND for it`, async () => {
        console.info(`policy matrix: function ${fn} has no source yet; its actions are covered once it lands`)
        const r = await t.call(fn, { action: Object.keys(policy[fn])[0] ?? 'x' }, 'demo-admin-chen')
        expect(r.ok).toBe(false)
        expect(r.error?.code).toBe('NOT_FOUND')
      })
      continue
    }
    it(`${fn}: every registered action has a policy entry and every policy entry an action`, () => {
      const registered = registeredActions(fn) ?? []
      const inContract = Object.keys(contracts[fn] ?? {})
      const inPolicy = Object.keys(policy[fn])
      const problems = [
        ...registered
          .filter((a) => !inPolicy.includes(a))
          .map((a) => `${fn}.${a} is registered but has no entry in types/policy.ts`),
        ...inPolicy
          .filter((a) => !registered.includes(a))
          .map((a) => `${fn}.${a} is in types/policy.ts but the function does not register it`),
        ...(fn === 'outbox'
          ? []
          : registered
              .filter((a) => !inContract.includes(a))
              .map((a) => `${fn}.${a} is registered but not in CONTRACT (types/api.ts)`)),
      ]
      expect(problems).toEqual([])
    })
  }
})

function sampleFor(fn: string, action: string): { input: Record<string, unknown> } | { missing: string } {
  // An action without a hand-written sample gets the smallest input its schema accepts.
  const entry = SAMPLES[fn]?.[action] ?? AUTO
  const sample: Sample = typeof entry === 'function' ? entry(ids) : entry
  if (sample !== AUTO && !(sample instanceof AutoWith)) return { input: sample }
  const spec = contracts[fn]?.[action]
  if (!spec) return { missing: `${fn}.${action} has no contract in types/api.ts to generate a sample from` }
  const auto = autoSample(spec.input, sample instanceof AutoWith ? sample.patch : {})
  return auto.ok
    ? { input: auto.input }
    : { missing: `cannot generate a sample for ${fn}.${action}: ${auto.why}; add one to samples.ts` }
}

const internalElsewhere: string[] = []

describe('every function × action × caller', () => {
  for (const fn of FUNCTION_NAMES) {
    if (!hasSource(fn)) continue
    for (const action of Object.keys(policy[fn])) {
      it(`${fn}.${action}`, async () => {
        const sample = sampleFor(fn, action)
        if ('missing' in sample) throw new Error(sample.missing)
        const grant = policy[fn][action]
        const failures: string[] = []
        progress(`${fn}.${action}`)
        await refresh()
        // Callers one after another: an allowed mutation by one must not race another's check.
        for (const c of callers) {
          const expected = resolveScope(grant, c.roles)
          const r: Envelope = await t.call(fn, { action, ...sample.input }, c.openid)
          const who = `${c.label} (${c.openid})`
          if (!expected) {
            if (r.ok || r.error?.code !== 'FORBIDDEN')
              failures.push(`${who} should be FORBIDDEN, got ${r.ok ? 'ok' : r.error?.code}`)
            if (r.data !== undefined) failures.push(`${who} was denied but got data`)
            continue
          }
          if (!r.ok && r.error?.code === 'FORBIDDEN') {
            failures.push(`${who} is allowed as ${expected.role}/${expected.scope} but got FORBIDDEN`)
            continue
          }
          if (!r.ok && r.error?.code === 'INTERNAL') {
            const line = `${fn}.${action} as ${who}: INTERNAL (${r.error.requestId ?? ''})`
            // The community function is held to it here; others are reported (their own tests own them).
            if (fn === 'community') failures.push(line)
            else internalElsewhere.push(line)
            continue
          }
          if (r.ok) {
            failures.push(...scopeViolations(expected.scope, c.facts, r.data).map((v) => `${who}: ${v}`))
            if (fn === 'community' && (action === 'notices' || action === 'notice')) {
              const committeeIds = JSON.stringify(r.data).match(/"committeeId":"[^"]+"/g) ?? []
              for (const m of committeeIds) {
                const id = m.slice('"committeeId":"'.length, -1)
                if (!c.facts.followed.includes(id))
                  failures.push(`${who}: notice of ${id}, which they do not follow`)
              }
            }
          }
        }
        expect(failures).toEqual([])
      })
    }
  }
})

afterAll(() => {
  if (internalElsewhere.length > 0)
    console.warn(`policy matrix: INTERNAL answers in other functions:\n${internalElsewhere.join('\n')}`)
})
