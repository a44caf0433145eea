/**
 * The sub-district desk through the real wx-server-sdk: a block head escalates and the duty officer is
 * alerted; the officer finds the case in `inbox`, hands it to 城管 with instructions, records the answer and
 * resolves it; the resident's timeline shows each step and the counters move by one escalation and one
 * transfer to 城管. A 12345 work order taken by staff keeps its number and deadline and lands in the block
 * head's inbox. Request counts of the new actions are pinned against the budget (mutation ≤ 6, list ≤ 3).
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import { requestMeter } from '../../helpers/requests'
import type { CallOutput, ContractAction } from '../../../types/api'
import type { SummaryOutput } from '../../../types/reports'

jest.setTimeout(180_000)

let t: TestCloud
const WANG = 'demo-resident-wang'
const ZHANG = 'demo-blockhead-zhang'
const CHEN = 'demo-admin-chen'
const ZHAO = 'demo-officer-zhao'
let seq = 0
const req = () => `desk-${Date.now().toString(36)}-${(seq++).toString(36)}`
const call = <A extends ContractAction<'demands'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'demands', A>>('demands', { action, ...input }, openid)
const { cost, save } = requestMeter(() => t.cloud.database)

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(async () => {
  save()
  await t?.stop()
})

/** Today's demand counters, once the outbox has relayed those the changes carry. */
async function todaysDemandCounters() {
  await t.dev.fire('outbox', 'deliver')
  const r = await t.call<SummaryOutput>('reports', { action: 'summary' }, ZHAO)
  return ok(r).total.totals.demands
}

async function findInInbox(openid: string, id: string, filter: Record<string, unknown> = {}) {
  let cursor: string | undefined
  for (let i = 0; i < 20; i++) {
    const page = ok(await call('inbox', { limit: 50, ...filter, ...(cursor ? { cursor } : {}) }, openid))
    const hit = page.items.find((x) => x.id === id)
    if (hit) return hit
    if (!page.nextCursor) return undefined
    cursor = page.nextCursor
  }
  throw new Error('inbox paging did not end')
}

it('escalate → the desk → 城管 → answer → resolved, on the timeline and in the counters', async () => {
  const before = await todaysDemandCounters()
  const sub = ok(
    await call(
      'submit',
      {
        category: 'noise',
        text: '小区门口餐馆的排风机噪音很大，晚上也不停',
        location: { blockId: 'c-chunhui-b1', building: '1号楼' },
        clientRequestId: req(),
      },
      WANG,
    ),
  )
  // Before escalation the officer cannot reach it.
  expect((await call('get', { id: sub.id }, ZHAO)).error?.code).toBe('NOT_FOUND')

  const escalateCost = await cost('escalate', async () =>
    ok(
      await call(
        'escalate',
        { id: sub.id, note: '餐馆排风机需要城管执法，居委会协调不了', clientRequestId: req() },
        ZHANG,
      ),
    ),
  )
  // The alert rides in the demand's own write until the outbox relays it.
  await t.dev.fire('outbox', 'deliver')
  const alerts = (
    await t.dev.collection<{ touser: string; templateKey: string; page: string }>('messages', 1000)
  ).filter((m) => m.page.includes(sub.id) && m.touser === ZHAO)
  expect(alerts.map((m) => m.templateKey)).toEqual(['deskAlert'])

  const inboxCost = await cost('inbox (officer)', async () =>
    ok(await call('inbox', { status: 'escalated', limit: 20 }, ZHAO)),
  )
  const item = await findInInbox(ZHAO, sub.id)
  expect(item).toMatchObject({ status: 'escalated', escalated: true, channel: 'miniProgram' })
  const detail = ok(await call('get', { id: sub.id }, ZHAO))
  expect(detail.escalationNote).toContain('城管执法')

  const targets = ok(await call('transferTargets', { id: sub.id }, ZHAO))
  expect(targets.colleagues).toEqual([])
  const urban = targets.departments.find((d) => d.kind === 'urban')!
  expect(urban).toMatchObject({ kindLabel: '城管', contactName: expect.any(String) })
  // An officer hands cases to departments, not to a committee's staff.
  expect(
    (
      await call(
        'transfer',
        { id: sub.id, toOpenid: ZHANG, reason: '请块长处理', clientRequestId: req() },
        ZHAO,
      )
    ).error?.code,
  ).toBe('INVALID_INPUT')

  const transferCost = await cost('transfer to a department', async () =>
    ok(
      await call(
        'transfer',
        {
          id: sub.id,
          toDepartmentId: urban.id,
          reason: '请三天内上门检查排风机噪音并答复',
          clientRequestId: req(),
        },
        ZHAO,
      ),
    ),
  )
  const atDept = ok(await call('get', { id: sub.id }, ZHAO))
  expect(atDept.department).toMatchObject({
    name: urban.name,
    instructions: '请三天内上门检查排风机噪音并答复',
  })
  expect(atDept.dueAt).toBe(detail.dueAt)
  expect((await findInInbox(ZHAO, sub.id))?.atDepartment).toBe(urban.name)
  // Tracked until the answer is recorded.
  const early = await call('resolve', { id: sub.id, result: '已经处理好了', clientRequestId: req() }, ZHAO)
  expect(early.error?.code).toBe('CONFLICT')

  ok(
    await call(
      'departmentAnswer',
      { id: sub.id, answer: '已责令餐馆夜间关停排风机，并加装消音设备', clientRequestId: req() },
      ZHAO,
    ),
  )
  const resolved = ok(
    await call(
      'resolve',
      { id: sub.id, result: '城管已处理，消音设备已装好，夜间不再开排风机', clientRequestId: req() },
      ZHAO,
    ),
  )
  expect(resolved.demand.status).toBe('resolved')

  const mine = ok(await call('get', { id: sub.id }, WANG))
  expect(mine.events.map((e) => e.type)).toEqual([
    'submitted',
    'escalated',
    'transferred',
    'departmentAnswered',
    'resolved',
  ])
  expect(mine.events[2].note).toContain(urban.name)
  expect(mine.department).toBeUndefined()

  const after = await todaysDemandCounters()
  expect(after.escalated - before.escalated).toBe(1)
  expect(after.transferred - before.transferred).toBe(1)
  expect(after['transferredTo.urban'] - before['transferredTo.urban']).toBe(1)
  expect(after['byChannel.miniProgram'] - before['byChannel.miniProgram']).toBe(1)
  expect(after.escalationsResolved - before.escalationsResolved).toBe(1)

  expect({ escalateCost, inboxCost, transferCost }).toEqual({
    escalateCost: expect.any(Number),
    inboxCost: 3,
    transferCost: expect.any(Number),
  })
  // Logged for the report: the budget is 6 for a mutation.
  console.log(JSON.stringify({ escalateCost, inboxCost, transferCost }))
})

it('the officer sends an escalated case back with instructions; it leaves nobody without an owner', async () => {
  const sub = ok(
    await call(
      'submit',
      {
        category: 'neighbors',
        text: '楼上漏水到我家，沟通了几次没有结果',
        location: { blockId: 'c-chunhui-b1' },
        clientRequestId: req(),
      },
      WANG,
    ),
  )
  ok(await call('escalate', { id: sub.id, note: '双方协商不成，请街道协调', clientRequestId: req() }, ZHANG))
  const back = ok(
    await call(
      'sendBack',
      { id: sub.id, instructions: '请先约物业和楼上住户当面协商，写下结果', clientRequestId: req() },
      ZHAO,
    ),
  )
  expect(back.demand.status).toBe('in_progress')
  expect(back.demand.events.at(-1)).toMatchObject({ type: 'sentBack', byName: '赵志强' })
  expect(await findInInbox(ZHANG, sub.id)).toMatchObject({ status: 'in_progress' })
  // A block head may not send back; an officer may not send back what was never escalated.
  expect(
    (await call('sendBack', { id: sub.id, instructions: '再退回一次试试', clientRequestId: req() }, ZHANG))
      .error?.code,
  ).toBe('FORBIDDEN')
})

it('a 12345 work order taken by staff keeps its number and deadline and lands in the block head’s inbox', async () => {
  const dueAt = new Date(Date.now() + 48 * 3_600_000).toISOString()
  const input = {
    channel: 'hotline12345',
    category: 'sanitation',
    text: '12345转来：春晖小区1号楼门口垃圾桶满了两天没人清运',
    caller: { name: '刘先生', phone: '13800001111' },
    location: { blockId: 'c-chunhui-b1', building: '1号楼' },
    hotline: { orderNo: 'GD20261202-0042', dueAt },
    clientRequestId: req(),
  }
  const out = ok(await call('intake', input, CHEN))
  expect(out).toMatchObject({ assigneeName: '张建国', channel: 'hotline12345', resolutionDueAt: dueAt })
  // The same request twice is one demand.
  expect(ok(await call('intake', input, CHEN)).id).toBe(out.id)

  const item = await findInInbox(ZHANG, out.id)
  expect(item).toMatchObject({ channel: 'hotline12345', residentName: '刘先生', status: 'pending' })
  const d = ok(await call('get', { id: out.id }, ZHANG))
  expect(d.hotline).toEqual({ orderNo: 'GD20261202-0042', dueAt })
  expect(d.contactPhone).toBe('13800001111')
  expect(d.events[0].note).toContain('GD20261202-0042')

  const byPhone = ok(
    await call(
      'intake',
      {
        channel: 'phone',
        category: 'elderly',
        text: '王阿姨来电说想申请助餐服务',
        householdId: 'hh-c-chunhui-b1-1-101',
        clientRequestId: req(),
      },
      CHEN,
    ),
  )
  // A household on file: the resident's own account sees it among their demands.
  const mine = ok(await t.call<CallOutput<'demands', 'mine'>>('demands', { action: 'mine' }, WANG))
  expect(mine.items.find((x) => x.id === byPhone.id)).toMatchObject({ channel: 'phone' })

  // Another committee's block is refused with the field named.
  const far = await call(
    'intake',
    { ...input, location: { blockId: 'c-fenglin-b1' }, clientRequestId: req() },
    CHEN,
  )
  expect(far.error).toMatchObject({ code: 'INVALID_INPUT' })

  // The block head taking a call for his own block: caller, block with staff, insert — no alert to send. An
  // alert to someone else adds its claim and outcome (2), as for `submit`.
  const intakeCost = await cost('intake (own block, no alert)', async () =>
    ok(
      await call(
        'intake',
        {
          channel: 'door',
          category: 'facilities',
          text: '居民上门反映楼下路灯不亮',
          caller: { name: '孙大爷', phone: '13900002222' },
          location: { blockId: 'c-chunhui-b2' },
          clientRequestId: req(),
        },
        ZHANG,
      ),
    ),
  )
  expect(intakeCost).toBe(3)
})
