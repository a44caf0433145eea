/**
 * The demands function through the real wx-server-sdk and function host: submit with a photo, routing to the
 * block head, reply, resolve, the resident's timeline and a 不满意 rating that reopens; rejection needs an
 * investigation; client retries; the daily limit; content check; scope. The SLA scan test moves the clock and
 * runs last.
 */
import fc from 'fast-check'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'

jest.setTimeout(180_000)

let t: TestCloud
const WANG = 'demo-resident-wang'
const LI = 'demo-resident-li'
const ZHANG = 'demo-blockhead-zhang'
const CHEN = 'demo-admin-chen'
let seq = 0
const req = () =>
  `it-${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`
const call = <A extends ContractAction<'demands'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'demands', A>>('demands', { action, ...input }, openid)
// 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

/** Pages through the block head's inbox (sorted by urgency) until the demand shows up. */
async function findInInbox(openid: string, id: string, filter: Record<string, unknown> = {}) {
  let cursor: string | undefined
  for (let i = 0; i < 20; i++) {
    const page = ok(await call('inbox', { limit: 50, ...filter, ...(cursor ? { cursor } : {}) }, openid))
    const hit = page.items.find((x) => x.id === id)
    if (hit) return { item: hit, counts: page.counts }
    if (!page.nextCursor) return { item: undefined, counts: page.counts }
    cursor = page.nextCursor
  }
  throw new Error('inbox paging did not end')
}

const submit = (openid: string, input: Record<string, unknown> = {}) =>
  call(
    'submit',
    { category: 'sanitation', text: '楼道里堆满了杂物，消防通道被堵住了', clientRequestId: req(), ...input },
    openid,
  )

describe('the whole way: submit → inbox → reply → resolve → timeline → 不满意 reopens', () => {
  it('works end to end', async () => {
    const photo = ok(
      await call(
        'attachPhoto',
        { contentType: 'image/png', contentBase64: PNG, clientRequestId: req() },
        WANG,
      ),
    )
    expect(photo.fileId).toMatch(/^cloud:\/\//)
    const sub = ok(
      await submit(WANG, {
        photos: [photo.fileId],
        location: { blockId: 'c-chunhui-b1', building: '1号楼' },
      }),
    )
    expect(sub).toMatchObject({ status: 'pending', assigneeName: '张建国' })

    // The block head sees it with its due time: 24 hours for the first response.
    const inbox = await findInInbox(ZHANG, sub.id)
    const item = inbox.item!
    expect(item).toMatchObject({
      status: 'pending',
      dueStage: 'response',
      photoCount: 1,
      residentName: '王秀英',
    })
    expect(Date.parse(item.dueAt!) - Date.parse(item.submittedAt)).toBe(24 * 3_600_000)
    expect(inbox.counts.open).toBeGreaterThanOrEqual(1)

    // The assignee's alert was written with the demand, and the outbox relays it into `messages`.
    await t.dev.fire('outbox', 'deliver')
    const alerts = (
      await t.dev.collection<{ touser: string; page: string; templateKey: string }>('messages', 1000)
    ).filter((m) => m.page.includes(sub.id) && m.touser === ZHANG)
    expect(alerts).toHaveLength(1)
    expect(alerts[0].templateKey).toBe('demandAlert')

    const detail = ok(await call('get', { id: sub.id }, ZHANG))
    expect(detail.photos[0].url).toMatch(/^http/)

    ok(await call('reply', { id: sub.id, text: '收到，明天上午去现场看看', clientRequestId: req() }, ZHANG))
    const resolved = ok(
      await call(
        'resolve',
        { id: sub.id, result: '已联系物业清理楼道杂物，消防通道已畅通', clientRequestId: req() },
        ZHANG,
      ),
    )
    expect(resolved.demand.status).toBe('resolved')

    const mine = ok(await call('get', { id: sub.id }, WANG))
    expect(mine.events.map((e) => e.type)).toEqual(['submitted', 'replied', 'resolved'])
    expect(mine.canRate).toBe(true)
    expect(mine.householdId).toBeUndefined()

    const rated = ok(
      await call(
        'rate',
        { id: sub.id, level: 'dissatisfied', comment: '杂物又堆回来了', clientRequestId: req() },
        WANG,
      ),
    )
    expect(rated.demand).toMatchObject({ status: 'in_progress', reopened: true })
    const back = (await findInInbox(ZHANG, sub.id, { status: 'in_progress' })).item
    expect(back).toMatchObject({ reopened: true, status: 'in_progress', dueStage: 'resolution' })

    // The resident heard about the reply and the resolution: carried on the demand, relayed to the outbox.
    await t.dev.fire('outbox', 'deliver')
    const forWang = (await t.dev.collection<{ touser: string; page: string }>('messages', 1000)).filter(
      (m) => m.touser === WANG && m.page.includes(sub.id),
    )
    expect(forWang).toHaveLength(2)
  })
})

describe('never rejected without research', () => {
  it('refuses a rejection without an investigation record, and takes one with it', async () => {
    const { id } = ok(await submit(LI, { category: 'property', text: '想让小区给每户装一个新信箱' }))
    const bare = await call('reject', { id, clientRequestId: req() }, ZHANG)
    expect(bare.error?.code).toBe('INVALID_INPUT')
    const partial = await call(
      'reject',
      { id, clientRequestId: req(), investigation: { findings: '查看了信箱现状', contacted: '物业' } },
      ZHANG,
    )
    expect(partial.error?.code).toBe('INVALID_INPUT')
    expect(ok(await call('get', { id }, ZHANG)).status).toBe('pending')
    const done = ok(
      await call(
        'reject',
        {
          id,
          clientRequestId: req(),
          investigation: {
            findings: '查看了小区现有信箱，均能正常使用',
            contacted: '物业公司、楼组长',
            reason: '信箱完好，更换需全体业主表决',
          },
        },
        ZHANG,
      ),
    )
    expect(done.demand.status).toBe('rejected')
    expect(done.demand.investigation?.contacted).toBe('物业公司、楼组长')
  })
})

describe('retries and limits', () => {
  it('a client retry never duplicates a demand or an action', async () => {
    const clientRequestId = req()
    const input = { category: 'noise', text: '晚上十点后广场舞音响太响', clientRequestId }
    const [a, b] = await Promise.all([call('submit', input, LI), call('submit', input, LI)])
    const c = await call('submit', input, LI)
    expect(ok(a).id).toBe(ok(b).id)
    expect(ok(c).id).toBe(ok(a).id)
    expect(t.cloud.database.count('demands', { _id: ok(a).id })).toBe(1)
    const r = { id: ok(a).id, text: '已联系广场舞队协商音量', clientRequestId: req() }
    ok(await call('reply', r, ZHANG))
    ok(await call('reply', r, ZHANG))
    expect(ok(await call('get', { id: r.id }, LI)).events.filter((e) => e.type === 'replied')).toHaveLength(1)
  })

  it('allows 10 submissions a day, then RATE_LIMITED — a retry of the 10th still answers', async () => {
    const openid = `it-limit-${Math.random().toString(36).slice(2, 8)}`
    ok(await t.call('community', { action: 'me' }, openid))
    ok(await t.call('community', { action: 'follow', committeeId: 'c-fenglin' }, openid))
    const ids: string[] = []
    let last: Record<string, unknown> = {}
    for (let i = 0; i < 10; i++) {
      last = { category: 'other', text: `第${i + 1}件事情需要反映一下`, clientRequestId: req() }
      ids.push(ok(await call('submit', last, openid)).id)
    }
    const over = await submit(openid)
    expect(over.error?.code).toBe('RATE_LIMITED')
    expect(ok(await call('submit', last, openid)).id).toBe(ids[9])
    // Without a block, the committee admin takes it.
    expect(ok(await call('get', { id: ids[0] }, 'staff-fenglin-admin')).assigneeName).toBe('孙卫东')
  })

  it('refuses text the content check flags, and short text', async () => {
    expect((await submit(WANG, { text: '这里有人组织赌博活动' })).error).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('不合适'),
    })
    expect((await submit(WANG, { text: '太吵' })).error?.code).toBe('INVALID_INPUT')
  })
})

describe('scope', () => {
  it('hides other people’s demands and other blocks’ cases; window clerks are refused', async () => {
    const { id } = ok(await submit(WANG))
    expect((await call('get', { id }, LI)).error?.code).toBe('NOT_FOUND')
    expect((await call('get', { id }, 'staff-chunhui-bh2')).error?.code).toBe('NOT_FOUND')
    expect((await call('get', { id }, 'staff-fenglin-admin')).error?.code).toBe('NOT_FOUND')
    expect(ok(await call('get', { id }, CHEN)).id).toBe(id)
    expect((await call('inbox', {}, 'demo-clerk-liu')).error?.code).toBe('FORBIDDEN')
    expect(
      (await call('reply', { id, text: '我来回复一下', clientRequestId: req() }, 'staff-chunhui-bh2')).error
        ?.code,
    ).toBe('NOT_FOUND')
  })
})

describe('changes carry their messages and counters on the demand', () => {
  it('a reply before the relay has run adds to what the new demand carries; one relay hands both over once', async () => {
    const openid = `it-carry-${Math.random().toString(36).slice(2, 8)}`
    ok(await t.call('community', { action: 'me' }, openid))
    ok(await t.call('community', { action: 'follow', committeeId: 'c-chunhui' }, openid))
    const { id } = ok(await submit(openid, { location: { blockId: 'c-chunhui-b1' } }))
    ok(await call('reply', { id, text: '收到，明天上午去现场看看', clientRequestId: req() }, ZHANG))
    type Carrying = { outbox?: { messages: { touser: string }[]; stats?: { counters: { name: string }[] } } }
    const [doc] = t.cloud.database.find('demands', { _id: id }) as Carrying[]
    expect(doc.outbox?.messages.map((m) => m.touser)).toEqual([ZHANG, openid])
    const names = doc.outbox?.stats?.counters.map((c) => c.name) ?? []
    expect(names).toEqual(expect.arrayContaining(['demands.submitted', 'demands.responded']))
    expect(new Set(names).size).toBe(names.length)

    await t.dev.fire('outbox', 'deliver')
    await t.dev.fire('outbox', 'deliver')
    const [after] = t.cloud.database.find('demands', { _id: id }) as Carrying[]
    expect(after.outbox).toBeUndefined()
    const written = (await t.dev.collection<{ touser: string; page: string }>('messages', 5000)).filter((m) =>
      m.page.includes(id),
    )
    expect(written.map((m) => m.touser).sort()).toEqual([ZHANG, openid].sort())
  })
})

describe('transfer and duplicates', () => {
  /** A resident of 春晖 of their own, so the daily limit of the shared demo residents is not in play. */
  const newResident = async () => {
    const openid = `it-move-${Math.random().toString(36).slice(2, 8)}`
    ok(await t.call('community', { action: 'me' }, openid))
    ok(await t.call('community', { action: 'follow', committeeId: 'c-chunhui' }, openid))
    return openid
  }
  const transfer = (id: string, to: Record<string, unknown>, openid: string) =>
    call('transfer', { id, reason: '这件事由对方负责更合适', clientRequestId: req(), ...to }, openid)

  it('to a colleague with an alert, then to another committee, whose admin takes it without the block', async () => {
    const { id } = ok(await submit(await newResident(), { location: { blockId: 'c-chunhui-b1' } }))
    for (const toOpenid of ['demo-clerk-liu', 'staff-fenglin-bh1', 'nobody-at-all'])
      expect((await transfer(id, { toOpenid }, ZHANG)).error?.code).toBe('INVALID_INPUT')

    const moved = ok(await transfer(id, { toOpenid: 'staff-chunhui-bh2' }, ZHANG)).demand
    expect(moved.assigneeName).toBe('周海燕')
    expect(moved.events.map((e) => e.type)).toEqual(['submitted', 'transferred'])
    await t.dev.fire('outbox', 'deliver')
    const alerts = (await t.dev.collection<{ touser: string; page: string }>('messages', 5000)).filter(
      (m) => m.page.includes(id) && m.touser === 'staff-chunhui-bh2',
    )
    expect(alerts).toHaveLength(1)
    expect(ok(await call('get', { id }, 'staff-chunhui-bh2')).id).toBe(id)

    expect((await transfer(id, { toCommitteeId: 'c-nowhere' }, CHEN)).error?.code).toBe('INVALID_INPUT')
    ok(await transfer(id, { toCommitteeId: 'c-fenglin' }, CHEN))
    const there = ok(await call('get', { id }, 'staff-fenglin-admin'))
    expect(there).toMatchObject({ assigneeName: '孙卫东' })
    expect(there.blockId).toBeUndefined()
    expect((await call('get', { id }, ZHANG)).error?.code).toBe('NOT_FOUND')
  })

  it('links a duplicate to the original and closes it; never to itself or to a case out of reach', async () => {
    const who = await newResident()
    const here = { location: { blockId: 'c-chunhui-b1' } }
    const first = ok(await submit(who, here)).id
    const second = ok(await submit(who, here)).id
    const elsewhere = ok(await submit(who, { location: { blockId: 'c-chunhui-b3' } })).id
    const link = (duplicateOfId: string) =>
      call('linkDuplicate', { id: second, duplicateOfId, clientRequestId: req() }, ZHANG)
    for (const other of [second, elsewhere, 'no-such-demand'])
      expect((await link(other)).error?.code).toBe('INVALID_INPUT')
    expect(ok(await call('get', { id: second }, ZHANG)).status).toBe('pending')

    const linked = ok(await link(first)).demand
    expect(linked).toMatchObject({ status: 'closed', duplicateOf: first })
    expect(ok(await call('get', { id: second }, who)).events.map((e) => e.type)).toEqual([
      'submitted',
      'duplicate',
    ])
  })
})

describe('bad input (property)', () => {
  const ACTIONS: [ContractAction<'demands'>, string][] = [
    ['submit', LI],
    ['attachPhoto', LI],
    ['mine', LI],
    ['get', LI],
    ['rate', LI],
    ['reopen', LI],
    ['inbox', ZHANG],
    ['reply', ZHANG],
    ['toMeeting', ZHANG],
    ['escalate', ZHANG],
    ['transfer', ZHANG],
    ['resolve', ZHANG],
    ['reject', ZHANG],
    ['markMicroMatter', ZHANG],
    ['linkDuplicate', ZHANG],
  ]
  it('answers only INVALID_INPUT/FORBIDDEN/NOT_FOUND/CONFLICT/RATE_LIMITED, never INTERNAL, never a partial write', async () => {
    const target = ok(await submit(LI, { text: '单元门禁坏了，外人随便进出' })).id
    const value = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom(
        target,
        'nope',
        '',
        'c-chunhui-b1',
        'demo-resident-wang',
        'sanitation',
        'dissatisfied',
        '2026-12-01',
        'cloud://x/y.png',
      ),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 5 }), { maxLength: 8 }),
      fc.dictionary(
        fc.constantFrom('findings', 'contacted', 'reason', 'blockId'),
        fc.string({ maxLength: 20 }),
      ),
    )
    const keys = fc.constantFrom(
      'id',
      'text',
      'category',
      'photos',
      'location',
      'clientRequestId',
      'level',
      'comment',
      'reason',
      'result',
      'note',
      'meetingDate',
      'investigation',
      'proposal',
      'budgetYuan',
      'duplicateOfId',
      'toOpenid',
      'toCommitteeId',
      'status',
      'limit',
      'cursor',
      'contentType',
      'contentBase64',
      'overdue',
      'blockId',
    )
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ACTIONS),
        fc.dictionary(keys, value, { maxKeys: 6 }),
        async ([action, openid], input) => {
          const before = {
            demands: t.cloud.database.count('demands'),
            messages: t.cloud.database.count('messages'),
            stats: JSON.stringify(t.cloud.database.find('stats')),
          }
          const r = await t.call('demands', { ...input, action }, openid)
          if (!r.ok) {
            expect(['INVALID_INPUT', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'RATE_LIMITED']).toContain(
              r.error!.code,
            )
            expect(t.cloud.database.count('demands')).toBe(before.demands)
            expect(t.cloud.database.count('messages')).toBe(before.messages)
            expect(JSON.stringify(t.cloud.database.find('stats'))).toBe(before.stats)
          }
        },
      ),
      { numRuns: 150 },
    )
  })
})

describe('service levels (runs last: moves the clock)', () => {
  afterAll(() => t.dev.setClock(0))

  it('25 hours on: exactly one overdue alert per overdue demand to the assignee and the admin; again → nothing new', async () => {
    const ids = [
      ok(await submit(LI, { text: '2号楼电梯按钮失灵好几天了' })).id,
      ok(await submit(WANG, { text: '楼下路灯不亮，晚上出门看不见' })).id,
    ]
    await t.dev.grant(ZHANG, ['demandAlert'], 1000)
    await t.dev.grant(CHEN, ['demandAlert'], 1000)
    await t.dev.setClock(25 * 3_600_000)
    const drain = async () => {
      for (let i = 0; i < 30; i++) {
        const r = await t.dev.fire('outbox', 'deliver')
        if ((r.result as { data?: { picked: number } })?.data?.picked === 0) return
      }
      throw new Error('outbox never drained')
    }
    const overdueTo = async (openid: string, id: string) =>
      (await t.dev.messages(openid)).filter(
        (m) => m.status === 'sent' && (m.page ?? '').includes(id) && m.data.thing2?.value.includes('已超时'),
      )

    expect((await t.dev.fire('demands', 'slaScan')).ok).toBe(true)
    await drain()
    for (const id of ids) {
      expect(await overdueTo(ZHANG, id)).toHaveLength(1)
      expect(await overdueTo(CHEN, id)).toHaveLength(1)
    }
    for (const id of ids) {
      const { item, counts } = await findInInbox(ZHANG, id, { overdue: true })
      expect(item?.overdue).toBe(true)
      expect(counts.overdue).toBeGreaterThanOrEqual(2)
    }

    const sentBefore = (await t.dev.messages(ZHANG)).length + (await t.dev.messages(CHEN)).length
    await t.dev.fire('demands', 'slaScan')
    await t.dev.fire('demands', 'slaScan')
    await drain()
    expect((await t.dev.messages(ZHANG)).length + (await t.dev.messages(CHEN)).length).toBe(sentBefore)
    for (const id of ids) expect(await overdueTo(ZHANG, id)).toHaveLength(1)
  })

  it('closes an answered, unrated case a week later — once, however often the scan runs', async () => {
    const { id } = ok(await submit(LI, { text: '单元门口的垃圾桶破了一个洞' }))
    ok(await call('resolve', { id, result: '已经更换了新的垃圾桶', clientRequestId: req() }, ZHANG))
    // The clock already stands 25 hours on; a week after the resolution is past 8 days + 1 hour.
    await t.dev.setClock(9 * 24 * 3_600_000)
    await t.dev.fire('demands', 'slaScan')
    await t.dev.fire('demands', 'slaScan')
    const d = ok(await call('get', { id }, LI))
    expect(d.status).toBe('closed')
    expect(d.canRate).toBe(false)
    expect(d.events.filter((e) => e.type === 'closed')).toHaveLength(1)
  })
})
