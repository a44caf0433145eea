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
    data: expect.objectContaining({ thing1: { value: '已受理' }, phrase2: { value: '已答复' } }),
    fn: 'notifier',
  })
  const all = (await (
    await fetch(`${t.url}/_dev/api/messages?touser=${user}&all=1`, { headers: t.devHeaders })
  ).json()) as Array<{
    status: string
  }>
  expect(all.map((m) => m.status).sort()).toEqual(['refused', 'refused', 'sent'])
})

test("Linli's own bookkeeping (subscriptions) is not WeChat's grant; a long-term grant is never spent", async () => {
  const user = 'o-sub-collection'
  await t.cloud.database.insertMany('subscriptions', [
    { openid: user, templateId: 'bookingReminder', remaining: 2 },
  ])
  // WeChat decides from what the user accepted, which the functions cannot write.
  expect(((await t.call('notifier', { templateId: 'bookingReminder' }, user)) as Sent).errCode).toBe(43101)
  await t.dev.grant(user, ['digest'])
  const codes = []
  for (let i = 0; i < 5; i++)
    codes.push(
      ((await t.call('notifier', { templateId: 'digest', text: '11月23日摘要' }, user)) as Sent).errCode,
    )
  expect(codes).toEqual([0, 0, 0, 0, 0])
})

test('a stray field, a missing one or a value of the wrong shape is refused 47003 naming the field', async () => {
  const user = 'o-sub-shape'
  await t.dev.grant(user, ['bookingReminder'], 5)
  const send = async (data: Record<string, string>) =>
    (await t.call('notifier', { templateId: 'bookingReminder', data }, user)) as Sent
  const good = { thing1: '居住证办理', time2: '2026-11-25 09:00', thing3: '请带齐材料' }
  const stray = await send({ thing1: good.thing1, phrase2: '已办结', thing3: good.thing3 })
  expect(stray.errCode).toBe(47003)
  expect(stray.errMsg).toContain('data.phrase2.value invalid')
  expect((await send({ thing1: good.thing1, thing3: good.thing3 })).errMsg).toContain(
    'data.time2.value invalid',
  )
  expect((await send({ ...good, time2: '明天上午' })).errMsg).toContain('data.time2.value invalid')
  expect((await send(good)).errCode).toBe(0)
  // An id that is not one of the mini-program's templates.
  expect(((await t.call('notifier', { templateId: 'no-such-template' }, user)) as Sent).errCode).toBe(40037)
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
