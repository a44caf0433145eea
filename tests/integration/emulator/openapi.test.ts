/**
 * cloud.openapi through the real SDK (multipart + protobuf): subscribe messages spend one-time grants and are
 * refused with 43101 without one; the content check answers 87014 for risky text.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ fixtures: true, realFunctions: false })
})
afterAll(() => t?.stop())

type Sent = { errCode?: number; errMsg?: string; msgid?: number }

test('a grant from the dev API allows exactly one message; the second send is caught as errCode 43101', async () => {
  const user = 'o-sub-once'
  expect((await t.call<Sent>('notifier', { templateId: 'demandUpdate' }, user)) as Sent).toMatchObject({
    errCode: 43101,
  })
  await t.dev.grant(user, ['demandUpdate'])
  const first = (await t.call('notifier', { templateId: 'demandUpdate', text: '已受理' }, user)) as Sent
  expect(first.errCode).toBe(0)
  // WeChat's msgid is an int64; the SDK parses it with json-bigint into a big-number object.
  expect(first.msgid).toBeTruthy()
  const second = (await t.call('notifier', { templateId: 'demandUpdate' }, user)) as Sent
  expect(second.errCode).toBe(43101)
  expect(second.errMsg).toContain('openapi.subscribeMessage.send:fail user refuse to accept the msg')

  const messages = await t.dev.messages(user)
  expect(messages).toHaveLength(1)
  expect(messages[0]).toMatchObject({
    touser: user,
    templateId: 'demandUpdate',
    status: 'sent',
    page: 'pages/index/index',
    data: { thing1: { value: '已受理' } },
    fn: 'notifier',
  })
  const all = (await (await fetch(`${t.url}/_dev/api/messages?touser=${user}&all=1`)).json()) as Array<{
    status: string
  }>
  expect(all.map((m) => m.status).sort()).toEqual(['refused', 'refused', 'sent'])
})

test('grants recorded in the subscriptions collection (as community.subscribe writes them) are spent one per message', async () => {
  const user = 'o-sub-collection'
  await t.cloud.database.insertMany('subscriptions', [
    { openid: user, templateId: 'bookingReminder', remaining: 2 },
  ])
  const sends = []
  for (let i = 0; i < 3; i++)
    sends.push(((await t.call('notifier', { templateId: 'bookingReminder' }, user)) as Sent).errCode)
  expect(sends).toEqual([0, 0, 43101])
  expect(t.cloud.database.find('subscriptions', { openid: user })[0]).toMatchObject({ remaining: 0 })
  // Grants are per template: another template of the same user is untouched and still refused.
  expect(((await t.call('notifier', { templateId: 'digest' }, user)) as Sent).errCode).toBe(43101)
})

test('concurrent sends never spend one grant twice', async () => {
  const user = 'o-sub-race'
  await t.dev.grant(user, ['noticePublished'], 3)
  const codes = await Promise.all(
    Array.from({ length: 8 }, () =>
      t.call('notifier', { templateId: 'noticePublished' }, user).then((r) => (r as Sent).errCode),
    ),
  )
  expect(codes.filter((c) => c === 0)).toHaveLength(3)
  expect(codes.filter((c) => c === 43101)).toHaveLength(5)
  expect(await t.dev.messages(user)).toHaveLength(3)
})

test('template fields longer than WeChat allows are rejected 47003 and spend no grant', async () => {
  const user = 'o-sub-long'
  await t.dev.grant(user, ['demandUpdate'])
  expect(
    (
      (await t.call(
        'notifier',
        { templateId: 'demandUpdate', text: '这是一段超过二十个字的诉求标题，微信会拒绝发送它' },
        user,
      )) as Sent
    ).errCode,
  ).toBe(47003)
  expect(
    ((await t.call('notifier', { templateId: 'demandUpdate', text: '短标题' }, user)) as Sent).errCode,
  ).toBe(0)
})

test('security.msgSecCheck answers 87014 for risky text and 0 otherwise', async () => {
  expect(((await t.call('notifier', { check: '楼道灯坏了，麻烦修一下' }, 'o-check')) as Sent).errCode).toBe(0)
  const risky = (await t.call('notifier', { check: '小区里有人组织赌博' }, 'o-check')) as Sent
  expect(risky.errCode).toBe(87014)
})

test('the dev API validates grants', async () => {
  const res = await fetch(`${t.url}/_dev/api/grants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ templateIds: ['x'] }),
  })
  expect(res.status).toBe(400)
  expect(((await res.json()) as { error: string }).error).toContain('openid')
})
