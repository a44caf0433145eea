/**
 * The resident's choices through the real wx-server-sdk and function host: where the problem is, a public
 * case that neighbours see masked and join (我也遇到了) once however often they tap, the similar-case hint,
 * reopening within 7 days after any rating, and sub-items that close the demand when the last one is done.
 * The reopen-window test moves the clock and runs last.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'

jest.setTimeout(180_000)

let t: TestCloud
const WANG = 'demo-resident-wang'
const LI = 'demo-resident-li'
const ZHANG = 'demo-blockhead-zhang'
let seq = 0
const req = () =>
  `nb-${Date.now().toString(36)}-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`
const call = <A extends ContractAction<'demands'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'demands', A>>('demands', { action, ...input }, openid)
const follow = async (committeeId: string) => {
  const openid = `nb-res-${Math.random().toString(36).slice(2, 10)}`
  ok(await t.call('community', { action: 'follow', committeeId }, openid))
  return openid
}
const counted = async (fn: () => Promise<unknown>) => {
  t.cloud.database.resetRequestCounts()
  await fn()
  return Object.values(t.cloud.database.requestCounts()).reduce((a, b) => a + b, 0)
}

const LAMP = '3号楼北门口的路灯坏了一个星期，晚上很黑。我是王秀英，电话13812341234'

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(() => t?.stop())

describe('a public case at another building', () => {
  let id: string
  beforeAll(async () => {
    const sub = ok(
      await call(
        'submit',
        {
          category: 'facilities',
          text: LAMP,
          location: { blockId: 'c-chunhui-b2', building: '3号楼', spot: '北门口' },
          visibility: 'public',
          clientRequestId: req(),
        },
        WANG,
      ),
    )
    id = sub.id
  })

  it('is placed where the resident said and routed to that block', async () => {
    const mine = ok(await call('get', { id }, WANG))
    expect(mine).toMatchObject({ building: '3号楼', visibility: 'public' })
    expect(mine.neighbour).toBeUndefined()
    expect(mine.placeLabel).toMatch(/3号楼 · 北门口$/)
    expect(mine.text).toBe(LAMP)
  })

  it('a neighbour of the same committee sees it with personal data masked; others do not see it at all', async () => {
    const seen = ok(await call('get', { id }, LI))
    expect(seen).toMatchObject({ neighbour: true, following: false, canReopen: false, photos: [] })
    expect(JSON.stringify(seen)).not.toMatch(/王秀英|13812341234/)
    expect(seen.text).toContain('路灯坏了')

    const outsider = await follow('c-fenglin')
    expect((await call('get', { id }, outsider)).error?.code).toBe('NOT_FOUND')
    expect((await call('join', { id, clientRequestId: req() }, outsider)).error?.code).toBe('NOT_FOUND')

    const priv = ok(
      await call('submit', { category: 'noise', text: '楼上深夜装修太吵了', clientRequestId: req() }, WANG),
    )
    expect((await call('get', { id: priv.id }, LI)).error?.code).toBe('NOT_FOUND')
    expect((await call('join', { id: priv.id, clientRequestId: req() }, LI)).error?.code).toBe('NOT_FOUND')
  })

  it('the similar-case hint offers it to a neighbour writing the same thing, masked', async () => {
    const hint = ok(await call('similar', { text: '北门口路灯不亮了，晚上太黑', category: 'facilities' }, LI))
    const hit = hint.items.find((i) => i.id === id)
    expect(hit).toMatchObject({ mine: false, following: false, categoryLabel: '公共设施' })
    expect(hit!.text).not.toMatch(/王秀英|13812341234/)
    const unrelated = ok(await call('similar', { text: '想咨询一下养老补贴怎么申请' }, LI))
    expect(unrelated.items.find((i) => i.id === id)).toBeUndefined()
    const outsider = await follow('c-fenglin')
    expect(ok(await call('similar', { text: '北门口路灯不亮了' }, outsider)).items).toEqual([])
  })

  it('我也遇到了 joins once per resident — retries and simultaneous taps count once — and the joiner follows it', async () => {
    const first = ok(await call('join', { id, clientRequestId: req() }, LI))
    expect(first).toMatchObject({ joined: true, demand: { joinCount: 1, following: true, neighbour: true } })
    const again = await Promise.all([1, 2, 3].map(() => call('join', { id, clientRequestId: req() }, LI)))
    for (const r of again) expect(ok(r)).toMatchObject({ joined: false, demand: { joinCount: 1 } })

    const other = await follow('c-chunhui')
    const both = await Promise.all([1, 2].map(() => call('join', { id, clientRequestId: req() }, other)))
    expect(both.map((r) => ok(r).joined).sort()).toEqual([false, true])

    const own = await call('join', { id, clientRequestId: req() }, WANG)
    expect(own.error).toMatchObject({ code: 'CONFLICT' })

    const staffView = ok(await call('get', { id }, ZHANG))
    expect(staffView.joinCount).toBe(2)
    expect(staffView.events.filter((e) => e.type === 'joined')).toHaveLength(2)

    // It is in the joiner's 我的诉求, masked, and its updates reach the joiner too.
    const mine = ok(await call('mine', {}, LI))
    const row = mine.items.find((i) => i.id === id)
    expect(row).toMatchObject({ following: true })
    expect(row!.text).not.toMatch(/王秀英|13812341234/)
    ok(await call('reply', { id, text: '已通知物业明天上午来修', clientRequestId: req() }, ZHANG))
    // Carried on the demand with the change; the outbox relays them.
    await t.dev.fire('outbox', 'deliver')
    const msgs = t.cloud.database.find('messages') as { touser: string; page: string; templateKey: string }[]
    const updates = msgs.filter((m) => m.templateKey === 'demandUpdate' && m.page.includes(id))
    expect(updates.map((m) => m.touser).sort()).toEqual([LI, WANG, other].sort())
  })

  it('round trips: similar and a neighbour’s get are lists within 3, join a mutation within 6', async () => {
    expect(
      await counted(async () => ok(await call('similar', { text: '北门口路灯不亮' }, LI))),
    ).toBeLessThanOrEqual(3)
    // get's grant reaches residents and staff, so the caller lookup reads both records
    expect(await counted(async () => ok(await call('get', { id }, LI)))).toBe(3)
    expect(await counted(async () => ok(await call('mine', {}, LI)))).toBe(2)
    const fresh = await follow('c-chunhui')
    expect(await counted(async () => ok(await call('join', { id, clientRequestId: req() }, fresh)))).toBe(3)
  })
})

describe('places without a block', () => {
  it('a public spot or a map point goes to the committee at large, named as the resident named it', async () => {
    const spot = ok(
      await call(
        'submit',
        {
          category: 'sanitation',
          text: '中心花园的垃圾桶满了没人清',
          location: { spot: '中心花园', committeeId: 'c-chunhui' },
          clientRequestId: req(),
        },
        LI,
      ),
    )
    const s = ok(await call('get', { id: spot.id }, LI))
    expect(s).toMatchObject({ placeLabel: '中心花园', visibility: 'private' })
    const point = ok(
      await call(
        'submit',
        {
          category: 'facilities',
          text: '这个路口的井盖松了，走上去会晃',
          location: { point: { latitude: 39.93, longitude: 116.39, name: '花园路口' } },
          clientRequestId: req(),
        },
        LI,
      ),
    )
    expect(ok(await call('get', { id: point.id }, LI))).toMatchObject({
      placeLabel: '花园路口',
      point: { latitude: 39.93, longitude: 116.39 },
    })
    const elsewhere = await call(
      'submit',
      {
        category: 'other',
        text: '别的社区的事情想反映',
        location: { spot: '某广场', committeeId: 'c-fenglin' },
        clientRequestId: req(),
      },
      LI,
    )
    expect(elsewhere.error).toMatchObject({ code: 'INVALID_INPUT' })
  })
})

describe('sub-items (分项办理)', () => {
  it('staff split a demand; each part has its own state; the demand resolves when all are done', async () => {
    const { id } = ok(
      await call(
        'submit',
        { category: 'facilities', text: '1号楼门口路灯坏了，旁边还有占道摆摊', clientRequestId: req() },
        WANG,
      ),
    )
    const split = ok(
      await call(
        'split',
        {
          id,
          items: [
            { title: '更换路灯灯泡', holder: '物业 李经理' },
            { title: '劝离占道摊位', holder: '城管' },
          ],
          clientRequestId: req(),
        },
        ZHANG,
      ),
    ).demand
    expect(split.status).toBe('in_progress')
    expect(split.subItems!.map((s) => s.statusLabel)).toEqual(['办理中', '办理中'])
    const [a, b] = split.subItems!
    const retry = req()
    const one = ok(
      await call(
        'finishSubItem',
        { id, subItemId: a.id, result: '灯泡已更换', clientRequestId: retry },
        ZHANG,
      ),
    )
    expect(one.demand.status).toBe('in_progress')
    // A retried tap changes nothing more.
    ok(
      await call(
        'finishSubItem',
        { id, subItemId: a.id, result: '灯泡已更换', clientRequestId: retry },
        ZHANG,
      ),
    )
    const twice = await call(
      'finishSubItem',
      { id, subItemId: a.id, result: '又换了一次', clientRequestId: req() },
      ZHANG,
    )
    expect(twice.error?.code).toBe('CONFLICT')
    const cost = await counted(async () =>
      ok(
        await call(
          'finishSubItem',
          { id, subItemId: b.id, result: '摊位已劝离', clientRequestId: req() },
          ZHANG,
        ),
      ),
    )
    const done = ok(await call('get', { id }, WANG))
    expect(done.status).toBe('resolved')
    expect(done.subItems!.map((s) => s.status)).toEqual(['done', 'done'])
    expect(done.events.map((e) => e.type)).toEqual(['submitted', 'split', 'subItemDone', 'resolved'])
    expect(done.canRate).toBe(true)
    // caller + read + the conditional write that carries the messages and counters: what `resolve` costs
    expect(cost).toBe(3)
  })
})

describe('reopen within 7 days after any rating (runs last: moves the clock)', () => {
  afterAll(() => t.dev.setClock(0))

  it('after 满意 the resident reopens with a reason; 8 days after the rating it is refused in plain words', async () => {
    const { id } = ok(
      await call('submit', { category: 'facilities', text: '2号楼楼道灯不亮', clientRequestId: req() }, LI),
    )
    ok(await call('resolve', { id, result: '已更换楼道灯', clientRequestId: req() }, ZHANG))
    ok(await call('rate', { id, level: 'satisfied', clientRequestId: req() }, LI))
    const rated = ok(await call('get', { id }, LI))
    expect(rated).toMatchObject({ status: 'closed', canReopen: true })
    expect(rated.reopenUntil).toBeDefined()

    await t.dev.setClock(3 * 24 * 3_600_000)
    const reopened = ok(
      await call('reopen', { id, reason: '灯又不亮了，请再来看看', clientRequestId: req() }, LI),
    )
    expect(reopened.demand).toMatchObject({ status: 'in_progress', reopened: true })
    expect(reopened.demand.events.at(-1)).toMatchObject({ type: 'reopened', note: '灯又不亮了，请再来看看' })

    ok(await call('resolve', { id, result: '换了新的感应灯', clientRequestId: req() }, ZHANG))
    ok(await call('rate', { id, level: 'basic', clientRequestId: req() }, LI))
    await t.dev.setClock((3 + 8) * 24 * 3_600_000)
    expect(ok(await call('get', { id }, LI)).canReopen).toBe(false)
    const late = await call('reopen', { id, reason: '还是时好时坏的', clientRequestId: req() }, LI)
    expect(late.error).toMatchObject({ code: 'CONFLICT' })
    expect(late.error!.message).toMatch(/已超过7天.*不能再申请重新办理/)
  })
})
