/**
 * What each demands action costs in database requests (CloudBase bills and rate-limits them), caller lookup
 * included, against the pins and budgets of tests/helpers/budgets.ts: a case's whole way from the photo to
 * the rating, each staff step on a case of its own, and the retries a client makes.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'
import { budgetMeter } from '../../helpers/budgets'
import { requestMeter } from '../../helpers/requests'

jest.setTimeout(120_000)

let t: TestCloud
const ZHANG = 'demo-blockhead-zhang'
const CHEN = 'demo-admin-chen'
const call = <A extends ContractAction<'demands'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'demands', A>>('demands', { action, ...input }, openid)
let seq = 0
const req = () => `rt-${(seq++).toString(36)}-${Math.random().toString(36).slice(2, 8)}`
// 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

const meter = requestMeter(
  () => t.cloud.database,
  () => t.cloud.meter,
)
const { cost, problems } = budgetMeter('demands', meter)

beforeAll(async () => {
  t = await startTestCloud({ seed: true })
})
afterAll(async () => {
  meter.save()
  await t?.stop()
})

/** A resident of 春晖 of their own, so the daily limit of the shared demo residents is not in play. */
async function resident(): Promise<string> {
  const openid = `rt-resident-${Math.random().toString(36).slice(2, 8)}`
  ok(await t.call('community', { action: 'me' }, openid))
  ok(await t.call('community', { action: 'follow', committeeId: 'c-chunhui' }, openid))
  return openid
}
const text = '楼道里堆满了杂物，消防通道被堵住了'
const place = { location: { blockId: 'c-chunhui-b1', building: '1号楼' } }
const newCase = async (openid: string) =>
  ok(await call('submit', { category: 'sanitation', text, clientRequestId: req(), ...place }, openid)).id

it("a resident's case: photo, submit, reply, resolve, rating and reopening", async () => {
  const me = await resident()
  await cost('photoSlot', async () =>
    ok(await call('photoSlot', { contentType: 'image/png', size: 68, clientRequestId: req() }, me)),
  )
  let fileId = ''
  await cost('attachPhoto', async () => {
    const input = { contentType: 'image/png', contentBase64: PNG, clientRequestId: req() }
    fileId = ok(await call('attachPhoto', input, me)).fileId
  })
  const input = { category: 'sanitation', text, photos: [fileId], clientRequestId: req(), ...place }
  let id = ''
  // The worst path: the resident's first demand of the day, and the block head has not accepted alerts, so
  // WeChat answers 43101. Caller, place with staff, the day's count on the resident's record, the insert
  // (which claims the alert it carries), the alert's outcome and Linli's grant set to 0.
  await cost('submit', async () => {
    id = ok(await call('submit', input, me)).id
  })
  await cost('submit', 'retry', async () => ok(await call('submit', input, me)))
  await cost('mine', async () => ok(await call('mine', {}, me)))
  await cost('get', 'resident', async () => ok(await call('get', { id }, me)))
  await cost('get', 'staff', async () => ok(await call('get', { id }, ZHANG)))
  await cost('inbox', async () => ok(await call('inbox', {}, ZHANG)))
  await cost('inbox', 'overdue', async () => ok(await call('inbox', { overdue: true }, CHEN)))
  const reply = { id, text: '收到，明天上午去现场看看', clientRequestId: req() }
  await cost('reply', async () => ok(await call('reply', reply, ZHANG)))
  await cost('reply', 'retry', async () => ok(await call('reply', reply, ZHANG)))
  const resolve = { id, result: '已联系物业清理楼道杂物，消防通道已畅通', clientRequestId: req() }
  await cost('resolve', async () => ok(await call('resolve', resolve, ZHANG)))
  await cost('resolve', 'retry', async () => ok(await call('resolve', resolve, ZHANG)))
  const rate = { id, level: 'satisfied', comment: '很快', clientRequestId: req() }
  await cost('rate', async () => ok(await call('rate', rate, me)))
  await cost('rate', 'retry', async () => ok(await call('rate', rate, me)))

  const other = await newCase(me)
  ok(await call('resolve', { id: other, result: '已经处理完毕，请查看', clientRequestId: req() }, ZHANG))
  const reopen = { id: other, reason: '杂物又堆回来了', clientRequestId: req() }
  await cost('reopen', async () => ok(await call('reopen', reopen, me)))
  await cost('reopen', 'retry', async () => ok(await call('reopen', reopen, me)))
})

it("the staff's other steps, each on a case of its own", async () => {
  const who = await resident()
  const [a, b, c, d, e, f, g] = [
    await newCase(who),
    await newCase(who),
    await newCase(who),
    await newCase(who),
    await newCase(who),
    await newCase(who),
    await newCase(who),
  ]
  const meeting = { id: a, meetingDate: '2026-12-20', note: '提交居民议事会', clientRequestId: req() }
  await cost('toMeeting', async () => ok(await call('toMeeting', meeting, ZHANG)))
  const escalate = { id: b, note: '需要街道协调物业', clientRequestId: req() }
  await cost('escalate', async () => ok(await call('escalate', escalate, ZHANG)))
  const colleague = { id: c, toOpenid: 'staff-chunhui-bh2', reason: '这件事由对方负责更合适' }
  await cost('transfer', 'colleague', async () =>
    ok(await call('transfer', { ...colleague, clientRequestId: req() }, ZHANG)),
  )
  const committee = { id: d, toCommitteeId: 'c-fenglin', reason: '不属于本社区的事务' }
  await cost('transfer', 'committee', async () =>
    ok(await call('transfer', { ...committee, clientRequestId: req() }, CHEN)),
  )
  const investigation = {
    findings: '查看了小区现有信箱，均能正常使用',
    contacted: '物业公司、楼组长',
    reason: '信箱完好，更换需全体业主表决',
  }
  await cost('reject', async () =>
    ok(await call('reject', { id: e, investigation, clientRequestId: req() }, ZHANG)),
  )
  const micro = { id: f, proposal: '用自治金给楼道加装储物架，集中堆放', budgetYuan: 2000 }
  await cost('markMicroMatter', async () =>
    ok(await call('markMicroMatter', { ...micro, clientRequestId: req() }, ZHANG)),
  )
  await cost('linkDuplicate', async () =>
    ok(await call('linkDuplicate', { id: g, duplicateOfId: a, clientRequestId: req() }, ZHANG)),
  )
})

it("neighbours' public cases and sub-items", async () => {
  const author = await resident()
  const neighbour = await resident()
  const lamp = '北门口的路灯坏了，晚上很黑'
  const input = { category: 'facilities', text: lamp, visibility: 'public', clientRequestId: req(), ...place }
  const id = ok(await call('submit', input, author)).id
  await cost('similar', async () => ok(await call('similar', { text: '北门口路灯不亮' }, neighbour)))
  await cost('get', 'neighbour', async () => ok(await call('get', { id }, neighbour)))
  const join = { id, clientRequestId: req() }
  await cost('join', async () => ok(await call('join', join, neighbour)))
  await cost('join', 'again', async () => ok(await call('join', join, neighbour)))
  const items = [
    { title: '更换路灯灯泡', holder: '物业 李经理' },
    { title: '修剪挡光的树枝', holder: '绿化队' },
  ]
  let subIds: string[] = []
  await cost('split', async () => {
    subIds = ok(await call('split', { id, items, clientRequestId: req() }, ZHANG)).demand.subItems!.map(
      (s) => s.id,
    )
  })
  const finish = (subItemId: string) => ({ id, subItemId, result: '已办好', clientRequestId: req() })
  await cost('finishSubItem', async () => ok(await call('finishSubItem', finish(subIds[0]), ZHANG)))
  await cost('finishSubItem', 'last', async () => ok(await call('finishSubItem', finish(subIds[1]), ZHANG)))
})

it('the sub-district desk and staff intake', async () => {
  const ZHAO = 'demo-officer-zhao'
  const hotline = {
    channel: 'hotline12345',
    category: 'sanitation',
    text: '12345转来：1号楼门口垃圾桶满了两天没人清运',
    caller: { name: '刘先生', phone: '13800001111' },
    location: { blockId: 'c-chunhui-b1' },
    hotline: { orderNo: 'GD-RT-0001', dueAt: new Date(Date.now() + 48 * 3_600_000).toISOString() },
    clientRequestId: req(),
  }
  // The alert to the block head goes out at once, as for submit.
  let id = ''
  await cost('intake', async () => {
    id = ok(await call('intake', hotline, CHEN)).id
  })
  await cost('intake', 'retry', async () => ok(await call('intake', hotline, CHEN)))
  ok(await call('escalate', { id, note: '需要城管执法，请街道协调', clientRequestId: req() }, ZHANG))
  await cost('inbox', 'officer', async () => ok(await call('inbox', {}, ZHAO)))
  await cost('get', 'officer', async () => ok(await call('get', { id }, ZHAO)))
  await cost('transferTargets', async () => ok(await call('transferTargets', { id }, ZHAO)))
  await cost('transferTargets', 'committee', async () => ok(await call('transferTargets', { id }, ZHANG)))
  const toUrban = { id, toDepartmentId: 'dept-mingde-urban', reason: '请三天内上门处理并答复' }
  await cost('transfer', 'department', async () =>
    ok(await call('transfer', { ...toUrban, clientRequestId: req() }, ZHAO)),
  )
  const answer = { id, answer: '已清运，并约谈物业加密清运频次', clientRequestId: req() }
  await cost('departmentAnswer', async () => ok(await call('departmentAnswer', answer, ZHAO)))
  await cost('sendBack', async () =>
    ok(await call('sendBack', { id, instructions: '请居委会回访居民确认', clientRequestId: req() }, ZHAO)),
  )
})

it('every demands action within its pinned number of database requests', () => {
  expect(problems()).toEqual([])
})
