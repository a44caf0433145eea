/**
 * Phones on the staff family file: masked by default, the full number only on tap (revealPhone) and audited,
 * nothing outside the caller's scope, and an edit of a file shown masked keeps the real numbers.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'

let t: TestCloud
const ZHANG = 'demo-blockhead-zhang'
const call = <A extends ContractAction<'visits'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'visits', A>>('visits', { action, ...input }, openid)
const rid = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`
type Hh = { _id: string; blockId: string; members: { phone?: string }[] }
const households = () => t.dev.collection<Hh>('households', 5000)

beforeAll(async () => {
  t = await startTestCloud({ seed: false })
  const { loadDemoData } = await import('../../../emulator/seed')
  await loadDemoData(t.cloud, { seed: 1 })
}, 120_000)
afterAll(() => t?.stop())

/** A household in 张建国's blocks whose first member has a phone. */
const withPhone = async (blockId: string) =>
  (await households()).find(
    (h) => h.blockId === blockId && h.members[0]?.phone && /^\d{11}$/.test(h.members[0].phone),
  )!

test('the file shows phones masked; a tap reveals one, and the tap is audited', async () => {
  const h = await withPhone('c-chunhui-b1')
  const real = h.members[0].phone!
  const file = ok(await call('household', { householdId: h._id }, ZHANG))
  expect(file.household.members[0].phone).toBe(`${real.slice(0, 3)}****${real.slice(-4)}`)
  expect(JSON.stringify(file)).not.toContain(real)

  const revealed = ok(await call('revealPhone', { householdId: h._id, memberIndex: 0 }, ZHANG))
  expect(revealed.phone).toBe(real)
  const trail = (
    await t.dev.collection<{
      action: string
      subjectId: string
      actorOpenid: string
      outcome: string
      field?: string
    }>('audit', 5000)
  ).filter((a) => a.action === 'revealPhone' && a.subjectId === h._id)
  expect(trail).toEqual([
    expect.objectContaining({ actorOpenid: ZHANG, outcome: 'revealed', field: 'members.0.phone' }),
  ])
  expect(JSON.stringify(trail)).not.toContain(real)
})

test('outside the caller’s blocks is NOT_FOUND (audited as denied); residents and officers are refused', async () => {
  const outside = await withPhone('c-chunhui-b3')
  const r = await call('revealPhone', { householdId: outside._id, memberIndex: 0 }, ZHANG)
  expect(r.error?.code).toBe('NOT_FOUND')
  expect(JSON.stringify(r)).not.toContain(outside.members[0].phone!)
  const denied = (
    await t.dev.collection<{ action: string; subjectId: string; outcome: string }>('audit', 5000)
  ).filter((a) => a.action === 'revealPhone' && a.subjectId === outside._id)
  expect(denied.map((a) => a.outcome)).toEqual(['denied'])
  // The admin's scope is the committee.
  expect(
    ok(await call('revealPhone', { householdId: outside._id, memberIndex: 0 }, 'demo-admin-chen')).phone,
  ).toBe(outside.members[0].phone)
  expect(
    (await call('revealPhone', { householdId: outside._id, memberIndex: 0 }, 'demo-officer-zhao')).error
      ?.code,
  ).toBe('FORBIDDEN')
  expect(
    (await call('revealPhone', { householdId: outside._id, memberIndex: 0 }, 'demo-resident-li')).error?.code,
  ).toBe('FORBIDDEN')
})

test('editing a file shown masked keeps the real numbers; a new number is stored; stars matching nothing are refused', async () => {
  const h = await withPhone('c-chunhui-b2')
  const real = h.members[0].phone!
  const shown = ok(await call('household', { householdId: h._id }, ZHANG)).household
  const fields = {
    blockId: shown.blockId,
    building: shown.building,
    room: shown.room,
    class: shown.class,
    preferredChannel: shown.preferredChannel,
    members: shown.members,
    notes: `${shown.notes}（已核实）`,
  }
  const saved = ok(
    await call(
      'saveHousehold',
      { householdId: h._id, expectedVersion: shown.version, fields, clientRequestId: rid('keep') },
      ZHANG,
    ),
  )
  expect(saved.changed).toEqual(['notes'])
  let stored = (await households()).find((x) => x._id === h._id)!
  expect(stored.members[0].phone).toBe(real)

  const bad = await call(
    'saveHousehold',
    {
      householdId: h._id,
      expectedVersion: saved.household.version,
      fields: {
        ...fields,
        members: [{ ...fields.members[0], phone: '150****0000' }, ...fields.members.slice(1)],
      },
      clientRequestId: rid('bad'),
    },
    ZHANG,
  )
  expect(bad.error).toMatchObject({
    code: 'INVALID_INPUT',
    details: { issues: [{ path: 'fields.members.0.phone' }] },
  })

  const changed = ok(
    await call(
      'saveHousehold',
      {
        householdId: h._id,
        expectedVersion: saved.household.version,
        fields: {
          ...fields,
          members: [{ ...fields.members[0], phone: '13700002222' }, ...fields.members.slice(1)],
        },
        clientRequestId: rid('new'),
      },
      ZHANG,
    ),
  )
  expect(changed.changed).toEqual(['members'])
  expect(changed.household.members[0].phone).toBe('137****2222')
  stored = (await households()).find((x) => x._id === h._id)!
  expect(stored.members[0].phone).toBe('13700002222')
  // The version trail shown to staff masks the numbers on both sides of the change.
  const file = ok(await call('household', { householdId: h._id }, ZHANG))
  expect(JSON.stringify(file.versions)).not.toContain('13700002222')
  expect(JSON.stringify(file.versions)).not.toContain(real)
})
