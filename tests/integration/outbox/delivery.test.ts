/**
 * Messages are sent by the invocation that writes them (shared/data/written.ts, router.ts), so the `outbox`
 * timer can be a sparse sweep — and faults still lose nothing and duplicate nothing: a notice's fan-out, left
 * to the sweep, is sent once and its retry sends nothing more; a timer
 * fired twice at once sends each message once; a message its writer never sent (the instance was killed) is
 * left alone while the writer's claim holds and sent once, by the sweep, after it.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { messageDoc } from '../../../cloudfunctions/shared/outbox'

jest.setTimeout(120_000)

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(async () => {
  await t?.dev.setClock(0)
  await t?.stop()
})

interface Msg {
  _id: string
  dedupeKey: string
  status: string
  attempts: number
  claimedBy?: string
}
const messages = () => t.cloud.database.find('messages', {}, { limit: 100_000 }) as unknown as Msg[]
const sink = async (templateId: string) =>
  (await t.cloud.openapi.messages({ templateId, includeRefused: true, limit: 100_000 })).length
const sweep = async () => {
  const r = await t.dev.fire('outbox', 'deliver')
  if (!r.ok) throw new Error(JSON.stringify(r))
  return (r.result as { data: { sent: number; picked: number } }).data
}

it("a notice's fan-out is left to the sweep, which sends it once; the notice's retry sends nothing more", async () => {
  const follower = 'dl-follower'
  ok(await t.call('community', { action: 'follow', committeeId: 'c-hepingli' }, follower))
  ok(await t.call('community', { action: 'subscribe', accepted: ['noticePublished'] }, follower))
  await t.dev.grant(follower, ['noticePublished'], 3)
  const input = {
    action: 'publishNotice',
    title: '停水通知',
    body: '周五上午停水。',
    push: true,
    clientRequestId: 'dl-notice-0001',
  }
  expect(ok<{ pushed: number }>(await t.call('community', input, 'staff-hepingli-admin')).pushed).toBe(1)
  // One message per follower, written in one insert and left pending: sending each before the answer would
  // cost the action a request per follower.
  const mine = () => messages().filter((m) => m.dedupeKey.endsWith(`:${follower}`))
  expect(mine()).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })])
  expect(await t.dev.messages(follower)).toHaveLength(0)
  await sweep()
  expect(await t.dev.messages(follower)).toHaveLength(1)
  expect(mine()).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })])
  expect(mine()[0].claimedBy).toBeUndefined()

  expect(ok<{ pushed: number }>(await t.call('community', input, 'staff-hepingli-admin')).pushed).toBe(0)
  await sweep()
  expect(await t.dev.messages(follower)).toHaveLength(1)
})

it('a timer fired twice at once sends each of its messages once', async () => {
  const before = await sink('bookingReminder')
  const [a, b] = await Promise.all([t.dev.fire('bookings', 'reminders'), t.dev.fire('bookings', 'reminders')])
  expect(a.ok && b.ok).toBe(true)
  const reminders = messages().filter((m) => m.dedupeKey.endsWith(':reminder'))
  expect(reminders.length).toBeGreaterThan(0)
  // Each one sent (or refused for want of a grant) by one of the two runs, once; none left claimed.
  for (const m of reminders) expect(m).toMatchObject({ attempts: 1 })
  expect(reminders.filter((m) => m.status === 'sending')).toEqual([])
  expect((await sink('bookingReminder')) - before).toBe(reminders.length)
  await sweep()
  expect((await sink('bookingReminder')) - before).toBe(reminders.length)
})

it('a message whose writer died is left while its claim holds, then sent once by the sweep', async () => {
  const u = 'dl-killed'
  await t.dev.grant(u, ['demandAlert'], 5)
  const now = Date.now()
  // What an invocation killed between its write and its send leaves: written claimed, with a 60 s lease.
  const written = {
    ...messageDoc(
      {
        dedupeKey: `dl:killed:${u}`,
        touser: u,
        templateKey: 'demandAlert',
        page: 'pkg-staff/demands/detail/index?id=x',
        data: { thing1: '楼道灯坏了', thing2: '新诉求待响应', time3: '2026-12-02 10:00', thing4: '公共设施' },
      },
      new Date(now),
    ),
    status: 'sending' as const,
    attempts: 1,
    claimedBy: 'killed-invocation',
    leaseUntil: new Date(now + 60_000),
  }
  await t.cloud.database.insertMany('messages', [written])
  await sweep()
  expect(await t.dev.messages(u)).toHaveLength(0)
  await t.dev.setClock(61_000)
  await Promise.all([sweep(), sweep()])
  expect(await t.dev.messages(u)).toHaveLength(1)
  expect(messages().find((m) => m._id === written._id)).toMatchObject({ status: 'sent', attempts: 2 })
  await sweep()
  expect(await t.dev.messages(u)).toHaveLength(1)
})

it("a new demand's alert, carried claimed in the demand's insert, is sent before submit answers and once", async () => {
  const zhang = 'demo-blockhead-zhang'
  await t.dev.grant(zhang, ['demandAlert'])
  const before = (await t.dev.messages(zhang)).length
  const input = {
    action: 'submit',
    category: 'sanitation',
    text: '三号楼楼道的灯坏了一个星期',
    location: { blockId: 'c-chunhui-b1' },
    clientRequestId: 'dl-carried-0001',
  }
  const { id } = ok<{ id: string }>(await t.call('demands', input, 'demo-resident-wang'))
  expect((await t.dev.messages(zhang)).length - before).toBe(1)
  const alert = messages().filter((m) => m.dedupeKey.startsWith(`demand:${id}:`))
  expect(alert).toEqual([expect.objectContaining({ status: 'sent', attempts: 1 })])
  expect(alert[0].claimedBy).toBeUndefined()
  // The relay finds it there; neither it nor a retry sends it again.
  ok(await t.call('demands', input, 'demo-resident-wang'))
  await sweep()
  expect((await t.dev.messages(zhang)).length - before).toBe(1)
  expect(t.cloud.database.find('demands', { _id: id })[0].outbox).toBeUndefined()
})

it('an alert carried by a demand whose submitter died is sent once by the sweep, after the claim', async () => {
  const u = 'dl-carried-killed'
  await t.dev.setClock(0)
  await t.dev.grant(u, ['demandAlert'], 5)
  const [template] = t.cloud.database.find('demands', {}, { limit: 1 }) as Array<Record<string, unknown>>
  const now = Date.now()
  const msg = {
    ...messageDoc(
      {
        dedupeKey: `dl:carried-killed:${u}`,
        touser: u,
        templateKey: 'demandAlert',
        page: 'pkg-staff/demands/detail/index?id=x',
        data: { thing1: '楼道灯坏了', thing2: '新诉求待响应', time3: '2026-12-02 10:00', thing4: '公共设施' },
      },
      new Date(now),
    ),
    status: 'sending' as const,
    attempts: 1,
    claimedBy: 'killed-submit',
    leaseUntil: new Date(now + 60_000),
  }
  // What submit leaves when its instance is killed between the insert and the send.
  const killed = {
    ...template,
    _id: 'dl-carried-killed',
    outbox: { messages: [msg] },
    outboxAt: new Date(now),
  }
  await t.cloud.database.insertMany('demands', [killed])
  await sweep()
  expect(messages().find((m) => m._id === msg._id)).toMatchObject({
    status: 'sending',
    claimedBy: 'killed-submit',
  })
  expect(await t.dev.messages(u)).toHaveLength(0)
  await t.dev.setClock(61_000)
  await Promise.all([sweep(), sweep()])
  expect(await t.dev.messages(u)).toHaveLength(1)
  expect(messages().find((m) => m._id === msg._id)).toMatchObject({ status: 'sent', attempts: 2 })
  await sweep()
  expect(await t.dev.messages(u)).toHaveLength(1)
  await t.dev.setClock(0)
})
