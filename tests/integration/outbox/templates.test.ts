/**
 * The template registry against the local sink, which answers as WeChat does: every template's sample goes
 * through the outbox and is accepted; a message that does not fit its template is refused 47003 naming the
 * field. Grant bookkeeping: a one-time grant allows one message and Linli's count follows WeChat's answers;
 * a long-term grant allows many.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { messageDoc, type OutgoingMessage } from '../../../cloudfunctions/shared/outbox'
import { derivedId } from '../../../cloudfunctions/shared/ids'
import { TEMPLATES, TemplateKey } from '../../../types/messages'

jest.setTimeout(120_000)

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: false })
})
afterAll(() => t?.stop())

const user = (name: string) => `tp-${name}-${Math.random().toString(36).slice(2, 8)}`
const past = () => new Date(Date.now() - 60_000)
const fire = () => t.dev.fire('outbox', 'deliver')
const messageOf = (touser: string, key: TemplateKey, n: number, data?: Record<string, string>) =>
  messageDoc(
    {
      dedupeKey: `tp:${key}:${touser}:${n}`,
      touser,
      templateKey: key,
      page: `${TEMPLATES[key].page}?id=x${n}`,
      data: data ?? { ...TEMPLATES[key].fields },
      // A deliberately wrong `data` is what some tests send, past the type that would refuse it.
    } as OutgoingMessage,
    past(),
  )
const status = (id: string) =>
  (t.cloud.database.find('messages', { _id: id })[0] as { status: string }).status
const remaining = (openid: string, key: TemplateKey) =>
  (
    t.cloud.database.find('subscriptions', { _id: derivedId('subscription', openid, key) })[0] as
      { remaining: number } | undefined
  )?.remaining
/** What one tap on "允许" does: WeChat keeps the grant, and the app tells `community.subscribe`. */
async function accept(openid: string, keys: TemplateKey[]) {
  await t.dev.grant(openid, keys)
  const r = (await t.call('community', { action: 'subscribe', accepted: keys }, openid)) as { ok: boolean }
  expect(r.ok).toBe(true)
}

it('every template, sent through the outbox with its sample data, is accepted by the sink', async () => {
  const u = user('all')
  await t.dev.grant(u, [...TemplateKey.options])
  const docs = TemplateKey.options.map((k, i) => messageOf(u, k, i))
  await t.cloud.database.insertMany('messages', docs)
  await fire()
  expect(docs.map((d) => status(d._id))).toEqual(docs.map(() => 'sent'))
  const sent = await t.dev.messages(u)
  expect(sent.map((m) => m.templateId).sort()).toEqual([...TemplateKey.options].sort())
})

it('a message that does not fit its template is refused 47003 naming the field, and not retried', async () => {
  const u = user('misfit')
  await t.dev.grant(u, ['bookingReminder'], 5)
  // The key set `serve` wrote before the registry: phrase2 is not a field of bookingReminder.
  const wrong = messageOf(u, 'bookingReminder', 1, {
    thing1: '居住证办理',
    phrase2: '已办结',
    thing3: '请为本次服务打分',
  })
  await t.cloud.database.insertMany('messages', [wrong])
  await fire()
  const stored = t.cloud.database.find('messages', { _id: wrong._id })[0] as {
    status: string
    lastError: string
  }
  expect(stored).toMatchObject({ status: 'failed' })
  expect(stored.lastError).toContain('47003 data.phrase2.value invalid')
  expect(await t.dev.messages(u)).toHaveLength(0)
})

it('one-time: one grant, two alerts → one sent, one not_granted, remaining 0', async () => {
  const u = user('once')
  await accept(u, ['demandUpdate'])
  expect(remaining(u, 'demandUpdate')).toBe(1)
  const a = messageOf(u, 'demandUpdate', 1)
  const b = messageOf(u, 'demandUpdate', 2)
  await t.cloud.database.insertMany('messages', [a, b])
  await fire()
  expect([status(a._id), status(b._id)].sort()).toEqual(['not_granted', 'sent'])
  expect(remaining(u, 'demandUpdate')).toBe(0)
  expect(await t.dev.messages(u)).toHaveLength(1)
})

it('43101 sets the count to 0 when WeChat has no grant (the user switched it off)', async () => {
  const u = user('off')
  await accept(u, ['noticePublished'])
  await accept(u, ['noticePublished'])
  expect(remaining(u, 'noticePublished')).toBe(2)
  const res = await fetch(`${t.url}/_dev/api/grants/revoke`, {
    method: 'POST',
    headers: { ...t.devHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ openid: u, templateIds: ['noticePublished'] }),
  })
  expect(res.ok).toBe(true)
  const m = messageOf(u, 'noticePublished', 1)
  await t.cloud.database.insertMany('messages', [m])
  await fire()
  expect(status(m._id)).toBe('not_granted')
  expect(remaining(u, 'noticePublished')).toBe(0)
})

it('long-term: one grant, many sent, and the grant stays', async () => {
  const u = user('long')
  await accept(u, ['demandAlert'])
  await accept(u, ['demandAlert']) // a second tap switches it on again; it does not pile up
  expect(remaining(u, 'demandAlert')).toBe(1)
  const docs = [1, 2, 3, 4, 5].map((n) => messageOf(u, 'demandAlert', n))
  await t.cloud.database.insertMany('messages', docs)
  await fire()
  expect(docs.map((d) => status(d._id))).toEqual(['sent', 'sent', 'sent', 'sent', 'sent'])
  expect(await t.dev.messages(u)).toHaveLength(5)
  expect(remaining(u, 'demandAlert')).toBe(1)
})
