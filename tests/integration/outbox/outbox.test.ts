/**
 * The outbox function's `deliver` timer through the real SDK and the emulator's message sink: a message left
 * in `sending` by a killed run is recovered once its lease runs out; a live lease is left alone; two runs at
 * once never send a message twice; 43101 is recorded as not granted and never retried. The relay hands the
 * messages and counters a record carries (a new demand's) over once, however many runs race or die.
 */
import { startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { carried, messageDoc, type OutgoingMessage } from '../../../cloudfunctions/shared/outbox'
import { businessDay, statsId } from '../../../cloudfunctions/shared/stats'

jest.setTimeout(120_000)

let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: false })
})
afterAll(() => t?.stop())

const user = (name: string) => `ob-${name}-${Math.random().toString(36).slice(2, 8)}`
const outgoing = (touser: string, key: string): OutgoingMessage => ({
  dedupeKey: `test:${key}:${touser}`,
  touser,
  templateKey: 'demandAlert',
  page: `pkg-staff/demands/detail/index?id=${key}`,
  data: {
    thing1: '楼道里堆满了杂物，消防通道被堵住了，请尽快处理',
    thing2: '新诉求待响应',
    time3: '2026-11-24 10:00',
    thing4: '环境卫生',
  },
})
const msg = (touser: string, key: string, over: Record<string, unknown> = {}) => ({
  ...messageDoc(outgoing(touser, key), new Date(Date.now() - 60_000)),
  ...over,
})
const doc = (id: string) => t.cloud.database.find('messages', { _id: id })[0] as Record<string, unknown>
const fire = async () =>
  (await t.dev.fire('outbox', 'deliver')).result as {
    ok: boolean
    data: { relayed: number; picked: number; sent: number; skipped: number }
  }

describe('deliver', () => {
  it('sends a pending message once, cut to the field limits, and marks it sent', async () => {
    const u = user('a')
    await t.dev.grant(u, ['demandAlert'], 5)
    const m = msg(u, 'k1')
    await t.cloud.database.insertMany('messages', [m])
    expect((await fire()).data.sent).toBeGreaterThanOrEqual(1)
    const sent = await t.dev.messages(u)
    expect(sent).toHaveLength(1)
    expect(Array.from(sent[0].data.thing1.value)).toHaveLength(20)
    expect(doc(m._id)).toMatchObject({ status: 'sent', attempts: 1 })
    await fire()
    expect(await t.dev.messages(u)).toHaveLength(1)
  })

  it('recovers a message a killed run left in `sending` once its lease has run out — sent once', async () => {
    const u = user('killed')
    await t.dev.grant(u, ['demandAlert'], 5)
    // What a run killed between its claim and its mark leaves behind.
    const stale = msg(u, 'k2', {
      status: 'sending',
      attempts: 1,
      claimedBy: 'dead-run',
      leaseUntil: new Date(Date.now() - 1000),
    })
    const live = msg(u, 'k3', {
      status: 'sending',
      attempts: 1,
      claimedBy: 'running-run',
      leaseUntil: new Date(Date.now() + 10 * 60_000),
    })
    await t.cloud.database.insertMany('messages', [stale, live])
    await fire()
    expect(doc(stale._id)).toMatchObject({ status: 'sent', attempts: 2 })
    expect(doc(stale._id).claimedBy).toBeUndefined()
    // A lease still running belongs to a live run: not touched.
    expect(doc(live._id)).toMatchObject({ status: 'sending', claimedBy: 'running-run' })
    await fire()
    const sent = await t.dev.messages(u)
    expect(sent.filter((s) => s.page?.includes('k2'))).toHaveLength(1)
    expect(sent.filter((s) => s.page?.includes('k3'))).toHaveLength(0)
  })

  it('two runs at once (a retried trigger) send each message exactly once', async () => {
    const u = user('race')
    await t.dev.grant(u, ['demandAlert'], 100)
    const batch = Array.from({ length: 40 }, (_, i) => msg(u, `race-${i}`))
    await t.cloud.database.insertMany('messages', batch)
    await Promise.all([fire(), fire(), fire()])
    await fire()
    const sent = await t.dev.messages(u)
    expect(sent).toHaveLength(40)
    expect(new Set(sent.map((s) => s.page)).size).toBe(40)
    for (const m of batch) expect(doc(m._id).status).toBe('sent')
  })

  it('records 43101 (no grant) as not granted and never retries it', async () => {
    const u = user('nogrant')
    const m = msg(u, 'k4')
    await t.cloud.database.insertMany('messages', [m])
    await fire()
    expect(doc(m._id)).toMatchObject({ status: 'not_granted', attempts: 1 })
    expect(String(doc(m._id).lastError)).toContain('43101')
    await t.dev.grant(u, ['demandAlert'], 1)
    await fire()
    expect(doc(m._id).status).toBe('not_granted')
    expect((await t.dev.messages(u)).filter((s) => s.status === 'sent')).toHaveLength(0)
  })

  it('leaves messages not yet due for their retry time', async () => {
    const u = user('later')
    await t.dev.grant(u, ['demandAlert'], 1)
    const m = msg(u, 'k5', { attempts: 2, nextAttemptAt: new Date(Date.now() + 5 * 60_000) })
    await t.cloud.database.insertMany('messages', [m])
    await fire()
    expect(doc(m._id)).toMatchObject({ status: 'pending', attempts: 2 })
  })
})

describe('relay', () => {
  const committeeId = `c-relay-${Math.random().toString(36).slice(2, 8)}`
  const carrying = (id: string, touser: string, key: string) => ({
    _id: id,
    committeeId,
    ...carried(
      [outgoing(touser, key)],
      {
        key: { committeeId, subdistrictId: 'sd-test', at: new Date() },
        counters: { 'demands.submitted': 1, 'demands.byCategory.noise.submitted': 1 },
      },
      new Date(Date.now() - 60_000),
    ),
  })
  const counted = () =>
    (
      t.cloud.database.find('stats', { _id: statsId(committeeId, businessDay(new Date())) })[0] as
        { demands?: { submitted?: number } } | undefined
    )?.demands?.submitted ?? 0

  it('hands each carried alert and count over once, with three runs racing', async () => {
    const u = user('relay')
    await t.dev.grant(u, ['demandAlert'], 100)
    const recs = Array.from({ length: 30 }, (_, i) => carrying(`dm-relay-${i}`, u, `relay-${i}`))
    await t.cloud.database.insertMany('demands', recs)
    const runs = await Promise.all([fire(), fire(), fire()])
    expect(runs.reduce((n, r) => n + r.data.relayed, 0)).toBe(30)
    expect((await fire()).data.relayed).toBe(0)
    expect(counted()).toBe(30)
    const sent = await t.dev.messages(u)
    expect(sent).toHaveLength(30)
    expect(new Set(sent.map((m) => m.page)).size).toBe(30)
    for (const r of recs) {
      const stored = t.cloud.database.find('demands', { _id: r._id })[0]
      expect(stored).not.toHaveProperty('outbox')
      expect(stored).not.toHaveProperty('outboxAt')
    }
  })

  it('finishes a relay that was killed after writing the message: one message, counted once', async () => {
    const u = user('relay-killed')
    await t.dev.grant(u, ['demandAlert'], 5)
    const before = counted()
    const rec = carrying('dm-relay-killed', u, 'relay-killed')
    // The killed run got as far as the message; the record still carries it.
    await t.cloud.database.insertMany('messages', [rec.outbox.messages[0]])
    await t.cloud.database.insertMany('demands', [rec])
    expect((await fire()).data.relayed).toBe(1)
    await fire()
    expect(await t.dev.messages(u)).toHaveLength(1)
    expect(counted()).toBe(before + 1)
  })
})
