/**
 * The router every function shares, exercised through a real function (community) on the real host:
 * identity comes only from the platform context, bad input names its fields in zh-CN, and nothing the
 * client sends can reach a timer or another role's action.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

const CJK = /[\u4e00-\u9fa5]/

test('identity comes from the platform, never from the event body', async () => {
  const stranger = `stranger-${Date.now()}`
  const res = await t.call<{ openid?: string; roles: string[] }>(
    'community',
    {
      action: 'me',
      openid: 'demo-admin-chen',
      OPENID: 'demo-admin-chen',
      role: 'officer',
      roles: ['officer'],
    },
    stranger,
  )
  // Extra keys are not part of `me`'s input: either rejected outright or ignored — never obeyed.
  if (res.ok) {
    expect(JSON.stringify(res.data)).not.toContain('demo-admin-chen')
    expect(res.data?.roles ?? []).not.toContain('officer')
  } else {
    expect(res.error?.code).toBe('INVALID_INPUT')
  }
  const staffAction = await t.call('community', { action: 'roster', openid: 'demo-admin-chen' }, stranger)
  expect(staffAction.ok).toBe(false)
  expect(staffAction.error?.code).toBe('FORBIDDEN')
  expect(staffAction.data).toBeUndefined()
})

test('a call without a platform identity is unauthenticated', async () => {
  const res = await t.call('community', { action: 'me' })
  expect(res.error?.code).toBe('UNAUTHENTICATED')
  expect(res.error?.message).toMatch(CJK)
})

test('invalid input names the field paths in zh-CN and writes nothing', async () => {
  const before = await t.dev.collection('residents', 1000)
  const res = await t.call(
    'community',
    { action: 'updateProfile', name: 42, phone: '12345' },
    'demo-resident-li',
  )
  expect(res.ok).toBe(false)
  expect(res.error?.code).toBe('INVALID_INPUT')
  expect(res.error?.message).toMatch(CJK)
  const issues = (res.error?.details as { issues: { path: string; message: string }[] }).issues
  expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(['name', 'phone']))
  for (const issue of issues) expect(issue.message).toMatch(CJK)
  const after = await t.dev.collection('residents', 1000)
  expect(after).toEqual(before)
})

test('an unknown action or a missing action is answered, not crashed on', async () => {
  const unknown = await t.call('community', { action: 'dropEverything' }, 'demo-resident-li')
  expect(unknown.error?.code).toBe('NOT_FOUND')
  const proto = await t.call('community', { action: 'constructor' }, 'demo-resident-li')
  expect(proto.error?.code).toBe('NOT_FOUND')
  const missing = await t.call('community', { nothing: true }, 'demo-resident-li')
  expect(missing.error?.code).toBe('INVALID_INPUT')
  const notAnObject = await t.call('community', [1, 2, 3], 'demo-resident-li')
  expect(notAnObject.error?.code).toBe('INVALID_INPUT')
})

test('a client cannot pose as a timer trigger', async () => {
  const res = await t.call('demands', { Type: 'Timer', TriggerName: 'slaScan' }, 'demo-resident-li')
  expect(res.ok).toBe(false)
  expect(res.error?.code).toBe('FORBIDDEN')
})

test('every failure carries a requestId and no stack trace', async () => {
  const res = await t.call('community', { action: 'roster' }, 'demo-resident-li')
  expect(res.error?.requestId).toEqual(expect.any(String))
  expect(JSON.stringify(res)).not.toMatch(/at .+\.(js|ts):\d+/)
})
