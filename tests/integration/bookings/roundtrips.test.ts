/**
 * What each bookings action and the reminders timer cost in database requests (CloudBase bills and
 * rate-limits them), caller lookup included, against the pins and budgets of tests/helpers/budgets.ts:
 * booking and its retries and refusals, the reschedule transaction within a day and across days, the clerk's
 * day, the item edits and the learning pages. One instance, so the warm caches of `slots` are what is
 * measured.
 */
import type { BookingDoc, SlotDoc } from '../../../types/bookings'
import { SERVICE_CENTER, SUBDISTRICT } from '../../../emulator/seed/identities'
import { ok, type Envelope } from '../../helpers/localCloud'
import { SEED_ITEMS } from '../../../emulator/seed/bookings-items'
import { generateQuiz, quizPool } from '../../../cloudfunctions/bookings/rules/learning'
import { budgetMeter } from '../../helpers/budgets'
import { requestMeter } from '../../helpers/requests'
import { CLERK, startBookingsCloud } from './cloud'

jest.setTimeout(120_000)
type T = Awaited<ReturnType<typeof startBookingsCloud>>
let t: T

const meter = requestMeter(
  () => t.cloud.database,
  () => t.cloud.meter,
)
const { cost, problems } = budgetMeter('bookings', meter)
const call = <R>(action: string, input: object, openid: string) =>
  t.call<R>('bookings', { action, ...input }, openid)
const refused = (code: string) => (r: Envelope) => {
  if (r.ok || r.error?.code !== code) throw new Error(`expected ${code}, got ${JSON.stringify(r)}`)
}

const ymd = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
const day = (n: number) => ymd(new Date(t.now.getTime() + n * 86_400_000))
/** A slot owned by the test, at a minute no working plan uses. */
function slot(date: string, hhmm: string, extra: Partial<SlotDoc> = {}): SlotDoc {
  return {
    _id: `slot:${SERVICE_CENTER.id}:${date}:${hhmm.replace(':', '')}`,
    centerId: SERVICE_CENTER.id,
    date,
    startTime: hhmm,
    endTime: hhmm,
    startsAt: new Date(`${date}T${hhmm}:00+08:00`),
    capacity: 5,
    booked: 0,
    holders: [],
    status: 'open',
    ...extra,
  }
}
const book = (itemId: string, slotId: string, clientRequestId: string, openid: string) =>
  call<{ id: string; number: string }>(
    'book',
    { itemId, slotId, materialsConfirmed: true, clientRequestId },
    openid,
  )

let s18: SlotDoc, s19: SlotDoc, t18: SlotDoc, full: SlotDoc, d20: SlotDoc
beforeAll(async () => {
  t = await startBookingsCloud({ maxInstances: 1 })
  const today = day(0)
  s18 = slot(today, '18:10')
  s19 = slot(today, '19:10')
  t18 = slot(day(1), '18:10')
  full = slot(today, '20:10', { capacity: 1, booked: 1, holders: ['rt-someone'] })
  // Began two hours ago, so its booking can be marked not come.
  const past = slot(today, '08:10', { booked: 1, holders: ['rt-noshow'] })
  // Beyond the seeded fortnight: closing that day finds only the test's own booking.
  d20 = slot(day(20), '18:10')
  await t.cloud.database.insertMany('slots', [s18, s19, t18, full, past, d20])
  const noShow: BookingDoc = {
    _id: 'rt-noshow',
    number: '99990001',
    openid: 'rt-resident-4',
    subdistrictId: SUBDISTRICT.id,
    centerId: SERVICE_CENTER.id,
    itemIds: ['item-dibao'],
    itemNames: ['低保申请'],
    slotId: past._id,
    date: today,
    startTime: '08:10',
    endTime: '08:10',
    startsAt: past.startsAt,
    status: 'booked',
    walkIn: false,
    createdAt: new Date(t.now.getTime() - 86_400_000),
    rescheduledFrom: [],
  }
  await t.cloud.database.insertMany('bookings', [noShow])
}, 120_000)
afterAll(async () => {
  meter.save()
  await t?.stop()
})

it("a resident's catalogue, booking, reschedule and cancel", async () => {
  const R = 'rt-resident-1'
  await cost('items', async () => ok(await call('items', {}, R)))
  await cost('items', 'keyword', async () => ok(await call('items', { keyword: 'lnk' }, R)))
  await cost('item', async () => ok(await call('item', { id: 'item-juzhuzheng' }, R)))
  const slotsCold = await cost('slots', async () => ok(await call('slots', { itemId: 'item-juzhuzheng' }, R)))
  const slotsWarm = await cost('slots', 'warm', async () =>
    ok(await call('slots', { itemId: 'item-juzhuzheng' }, R)),
  )
  // The instance keeps the center's working plan and items: a second look reads only the slots.
  expect(slotsWarm).toBeLessThan(slotsCold)
  let id = ''
  await cost('book', async () => {
    id = ok(await book('item-laonian-ka', s18._id, 'rt-book-0001', R)).id
  })
  await cost('book', 'retry', async () => ok(await book('item-laonian-ka', s18._id, 'rt-book-0001', R)))
  await cost('book', 'full', async () =>
    refused('CONFLICT')(await book('item-dibao', full._id, 'rt-book-0002', R)),
  )
  await cost('book', 'same item same day', async () =>
    refused('CONFLICT')(await book('item-laonian-ka', s19._id, 'rt-book-0003', R)),
  )
  await cost('book', 'two items', async () =>
    ok(
      await call(
        'book',
        {
          itemIds: ['item-dibao', 'item-juzhuzheng'],
          slotId: t18._id,
          materialsConfirmed: true,
          clientRequestId: 'rt-book-0004',
        },
        'rt-resident-9',
      ),
    ),
  )
  await cost('mine', async () => ok(await call('mine', {}, R)))
  await cost('ticket', async () => ok(await call('ticket', { bookingId: id }, R)))
  const move = (slotId: string, clientRequestId: string) =>
    call('reschedule', { bookingId: id, slotId, clientRequestId }, R)
  await cost('reschedule', 'same day', async () => ok(await move(s19._id, 'rt-move-0001')))
  await cost('reschedule', 'other day', async () => ok(await move(t18._id, 'rt-move-0002')))
  await cost('reschedule', 'retry', async () => ok(await move(s18._id, 'rt-move-0002')))
  await cost('reschedule', 'full', async () => refused('CONFLICT')(await move(full._id, 'rt-move-0003')))
  await cost('cancel', async () => ok(await call('cancel', { bookingId: id }, R)))
  await cost('cancel', 'again', async () => ok(await call('cancel', { bookingId: id }, R)))
})

it("the clerk's day and item edits", async () => {
  const R = 'rt-resident-2'
  let b = { id: '', number: '' }
  await cost('book', 'for the clerk', async () => {
    b = ok(await book('item-juzhuzheng', s18._id, 'rt-book-0005', R))
  })
  await cost('daySheet', async () => ok(await call('daySheet', {}, CLERK)))
  await cost('checkIn', async () => ok(await call('checkIn', { code: b.number }, CLERK)))
  await cost('checkIn', 'again', async () => ok(await call('checkIn', { code: b.number }, CLERK)))
  const notDone = { bookingId: b.id, outcome: 'notDone', missingMaterial: '户口簿' }
  await cost('serve', async () => ok(await call('serve', notDone, CLERK)))
  await cost('serve', 'again', async () => ok(await call('serve', notDone, CLERK)))
  const rating = { bookingId: b.id, stars: 5, comment: '很快' }
  await cost('rateService', async () => ok(await call('rateService', rating, R)))
  await cost('rateService', 'again', async () => ok(await call('rateService', rating, R)))
  await cost('noShow', async () => ok(await call('noShow', { bookingId: 'rt-noshow' }, CLERK)))
  const walkIn = { itemIds: ['item-dibao'], clientRequestId: 'rt-walkin-0001' }
  await cost('walkIn', async () => ok(await call('walkIn', walkIn, CLERK)))
  await cost('walkIn', 'retry', async () => ok(await call('walkIn', walkIn, CLERK)))
  await cost('openSlots', async () => ok(await call('openSlots', { days: 14 }, CLERK)))
  await cost('itemHistory', async () => ok(await call('itemHistory', { id: 'item-juzhuzheng' }, CLERK)))
  const fields = {
    name: '测试事项',
    category: '测试',
    summary: '说明',
    materials: [{ name: '身份证', form: 'original', count: 1, notes: '' }],
    fees: '免费',
    processingTime: '当场办结',
    cityWide: false,
  }
  let itemId = ''
  await cost('saveItem', 'new', async () => {
    itemId = ok(await call<{ id: string }>('saveItem', { fields }, CLERK)).id
  })
  await cost('saveItem', 'edit', async () =>
    ok(
      await call('saveItem', { id: itemId, expectedVersion: 1, fields: { ...fields, name: '改名' } }, CLERK),
    ),
  )
  await cost('itemHistory', 'one version', async () => ok(await call('itemHistory', { id: itemId }, CLERK)))
  ok(await book('item-dibao', d20._id, 'rt-book-0006', 'rt-resident-5'))
  const close = { date: d20.date, reason: '设备检修', confirm: true }
  await cost('closeDay', async () => ok(await call('closeDay', close, CLERK)))
  await cost('closeDay', 'again', async () => ok(await call('closeDay', close, CLERK)))
})

it("the clerk's learning: the path, a quiz and its answers, coverage and follow-up", async () => {
  await cost('learningPath', async () => ok(await call('learningPath', {}, CLERK)))
  let quiz = { seed: 0, version: 0 }
  await cost('quiz', async () => {
    quiz = ok(await call<typeof quiz>('quiz', { itemId: 'item-juzhuzheng' }, CLERK))
  })
  // The answers are known from the seed: a wrong try, then a pass that certifies (the heavier path).
  const item = SEED_ITEMS.find((i) => i.id === 'item-juzhuzheng')!
  const right = generateQuiz(item, quizPool(SEED_ITEMS), quiz.seed).map((q) => q.answer)
  const base = { itemId: 'item-juzhuzheng', version: quiz.version, seed: quiz.seed }
  const wrong = { ...base, answers: right.map((a) => (a + 1) % 2), clientRequestId: 'rt-quiz-0001' }
  await cost('submitQuiz', 'failed', async () => ok(await call('submitQuiz', wrong, CLERK)))
  const pass = { ...base, answers: right, clientRequestId: 'rt-quiz-0002' }
  await cost('submitQuiz', 'passed', async () => ok(await call('submitQuiz', pass, CLERK)))
  await cost('submitQuiz', 'retry', async () => ok(await call('submitQuiz', pass, CLERK)))
  await cost('coverage', async () => ok(await call('coverage', {}, CLERK)))
  await cost('followUp', async () => ok(await call('followUp', {}, CLERK)))
})

it('the reminders timer: one read of the day, one of the held places, per reminder its write and its send', async () => {
  let written = -1
  const n = await meter.cost('reminders', async () => {
    const r = await t.dev.fire('bookings', 'reminders')
    if (!r.ok) throw new Error(JSON.stringify(r))
    written = (r.result as { data: { written: number } }).data.written
  })
  expect(written).toBeGreaterThanOrEqual(0)
  // Each reminder is written claimed by the run and sent before it ends: the write, the outcome, and the
  // one-time grant spent (or, answered 43101, Linli's count set to 0).
  expect(n).toBe(2 + 3 * written)
})

it('the working plan: read and preview, the save and its retry; the rebooking runs in the timer', async () => {
  const view = ok(await call<{ version: number } & Record<string, unknown>>('plan', {}, CLERK))
  const { center: _c, version, pending: _p, last: _l, openedUntil: _o, ...form } = view
  const save = { ...form, expectedVersion: version, clientRequestId: 'rt-plan-0001', confirm: true }
  await cost('plan', async () => ok(await call('plan', {}, CLERK)))
  await cost('planPreview', async () => ok(await call('planPreview', form, CLERK)))
  await cost('savePlan', async () => ok(await call('savePlan', save, CLERK)))
  await cost('savePlan', 'retry', async () => ok(await call('savePlan', save, CLERK)))
})

it('every bookings action within its pinned number of database requests', () => {
  expect(problems()).toEqual([])
})
