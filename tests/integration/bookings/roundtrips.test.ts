/**
 * What each bookings action and the reminders timer cost in database requests (CloudBase bills and
 * rate-limits them), caller lookup included: booking and its retries and refusals, the reschedule
 * transaction within a day and across days, the clerk's day and the item edits. A change of data layer must
 * not add a round trip: these numbers were measured before the typed repositories replaced the raw
 * collection calls, and still hold after. One instance, so the warm caches of `slots` are what is measured.
 */
import { writeFileSync } from 'node:fs'
import type { BookingDoc, SlotDoc } from '../../../types/bookings'
import { SERVICE_CENTER, SUBDISTRICT } from '../../../emulator/seed/identities'
import { ok, type Envelope } from '../../helpers/localCloud'
import { CLERK, startBookingsCloud } from './cloud'

jest.setTimeout(120_000)
type T = Awaited<ReturnType<typeof startBookingsCloud>>
let t: T

const seen: Record<string, Record<string, number>> = {}
/** Requests made by `fn`, in total; by wire action in `seen` (LINLI_ROUNDTRIPS_OUT writes them out). */
async function cost(name: string, fn: () => Promise<unknown>): Promise<number> {
  t.cloud.database.resetRequestCounts()
  await fn()
  const by = t.cloud.database.requestCounts()
  seen[name] = by
  return Object.values(by).reduce((a, b) => a + b, 0)
}
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
  if (process.env.LINLI_ROUNDTRIPS_OUT)
    writeFileSync(process.env.LINLI_ROUNDTRIPS_OUT, JSON.stringify(seen, null, 2))
  await t?.stop()
})

it("a resident's catalogue, booking, reschedule and cancel", async () => {
  const R = 'rt-resident-1'
  const costs: Record<string, number> = {
    items: await cost('items', async () => ok(await call('items', {}, R))),
    itemsKeyword: await cost('itemsKeyword', async () => ok(await call('items', { keyword: 'lnk' }, R))),
    item: await cost('item', async () => ok(await call('item', { id: 'item-juzhuzheng' }, R))),
    slotsCold: await cost('slotsCold', async () => ok(await call('slots', { itemId: 'item-juzhuzheng' }, R))),
    slotsWarm: await cost('slotsWarm', async () => ok(await call('slots', { itemId: 'item-juzhuzheng' }, R))),
  }
  let id = ''
  costs.book = await cost('book', async () => {
    id = ok(await book('item-laonian-ka', s18._id, 'rt-book-0001', R)).id
  })
  costs.bookRetry = await cost('bookRetry', async () =>
    ok(await book('item-laonian-ka', s18._id, 'rt-book-0001', R)),
  )
  costs.bookFull = await cost('bookFull', async () =>
    refused('CONFLICT')(await book('item-dibao', full._id, 'rt-book-0002', R)),
  )
  costs.bookSameItemSameDay = await cost('bookSameItemSameDay', async () =>
    refused('CONFLICT')(await book('item-laonian-ka', s19._id, 'rt-book-0003', R)),
  )
  costs.bookTwoItems = await cost('bookTwoItems', async () =>
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
  costs.mine = await cost('mine', async () => ok(await call('mine', {}, R)))
  costs.ticket = await cost('ticket', async () => ok(await call('ticket', { bookingId: id }, R)))
  const move = (slotId: string, clientRequestId: string) =>
    call('reschedule', { bookingId: id, slotId, clientRequestId }, R)
  costs.rescheduleSameDay = await cost('rescheduleSameDay', async () =>
    ok(await move(s19._id, 'rt-move-0001')),
  )
  costs.rescheduleOtherDay = await cost('rescheduleOtherDay', async () =>
    ok(await move(t18._id, 'rt-move-0002')),
  )
  costs.rescheduleRetry = await cost('rescheduleRetry', async () => ok(await move(s18._id, 'rt-move-0002')))
  costs.rescheduleFull = await cost('rescheduleFull', async () =>
    refused('CONFLICT')(await move(full._id, 'rt-move-0003')),
  )
  costs.cancel = await cost('cancel', async () => ok(await call('cancel', { bookingId: id }, R)))
  costs.cancelAgain = await cost('cancelAgain', async () => ok(await call('cancel', { bookingId: id }, R)))
  expect(costs).toEqual({
    items: 1,
    itemsKeyword: 1,
    item: 3,
    slotsCold: 3,
    slotsWarm: 1,
    book: 11,
    bookRetry: 5,
    bookFull: 6,
    bookSameItemSameDay: 8,
    bookTwoItems: 11,
    mine: 3,
    ticket: 4,
    rescheduleSameDay: 13,
    rescheduleOtherDay: 17,
    rescheduleRetry: 4,
    rescheduleFull: 5,
    cancel: 7,
    cancelAgain: 5,
  })
})

it("the clerk's day and item edits", async () => {
  const R = 'rt-resident-2'
  const costs: Record<string, number> = {}
  let b = { id: '', number: '' }
  costs.book = await cost('clerkBook', async () => {
    b = ok(await book('item-juzhuzheng', s18._id, 'rt-book-0005', R))
  })
  costs.daySheet = await cost('daySheet', async () => ok(await call('daySheet', {}, CLERK)))
  costs.checkIn = await cost('checkIn', async () => ok(await call('checkIn', { code: b.number }, CLERK)))
  costs.checkInAgain = await cost('checkInAgain', async () =>
    ok(await call('checkIn', { code: b.number }, CLERK)),
  )
  const notDone = { bookingId: b.id, outcome: 'notDone', missingMaterial: '户口簿' }
  costs.serve = await cost('serve', async () => ok(await call('serve', notDone, CLERK)))
  costs.serveAgain = await cost('serveAgain', async () => ok(await call('serve', notDone, CLERK)))
  const rating = { bookingId: b.id, stars: 5, comment: '很快' }
  costs.rateService = await cost('rateService', async () => ok(await call('rateService', rating, R)))
  costs.rateAgain = await cost('rateAgain', async () => ok(await call('rateService', rating, R)))
  costs.noShow = await cost('noShow', async () => ok(await call('noShow', { bookingId: 'rt-noshow' }, CLERK)))
  const walkIn = { itemIds: ['item-dibao'], clientRequestId: 'rt-walkin-0001' }
  costs.walkIn = await cost('walkIn', async () => ok(await call('walkIn', walkIn, CLERK)))
  costs.walkInRetry = await cost('walkInRetry', async () => ok(await call('walkIn', walkIn, CLERK)))
  costs.openSlots = await cost('openSlots', async () => ok(await call('openSlots', { days: 14 }, CLERK)))
  costs.itemHistory = await cost('itemHistory', async () =>
    ok(await call('itemHistory', { id: 'item-juzhuzheng' }, CLERK)),
  )
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
  costs.saveItemNew = await cost('saveItemNew', async () => {
    itemId = ok(await call<{ id: string }>('saveItem', { fields }, CLERK)).id
  })
  costs.saveItemEdit = await cost('saveItemEdit', async () =>
    ok(
      await call('saveItem', { id: itemId, expectedVersion: 1, fields: { ...fields, name: '改名' } }, CLERK),
    ),
  )
  costs.itemHistoryOneVersion = await cost('itemHistoryOneVersion', async () =>
    ok(await call('itemHistory', { id: itemId }, CLERK)),
  )
  ok(await book('item-dibao', d20._id, 'rt-book-0006', 'rt-resident-5'))
  const close = { date: d20.date, reason: '设备检修', confirm: true }
  costs.closeDay = await cost('closeDay', async () => ok(await call('closeDay', close, CLERK)))
  costs.closeDayAgain = await cost('closeDayAgain', async () => ok(await call('closeDay', close, CLERK)))
  expect(costs).toEqual({
    book: 10,
    daySheet: 4,
    checkIn: 3,
    checkInAgain: 2,
    serve: 7,
    serveAgain: 2,
    rateService: 5,
    rateAgain: 3,
    noShow: 5,
    walkIn: 7,
    walkInRetry: 4,
    openSlots: 3,
    itemHistory: 5,
    saveItemNew: 3,
    saveItemEdit: 5,
    itemHistoryOneVersion: 4,
    closeDay: 9,
    closeDayAgain: 4,
  })
})

it('the reminders timer: one read of the day, one of the held places, one write per reminder', async () => {
  let written = -1
  const n = await cost('reminders', async () => {
    const r = await t.dev.fire('bookings', 'reminders')
    if (!r.ok) throw new Error(JSON.stringify(r))
    written = (r.result as { data: { written: number } }).data.written
  })
  expect(written).toBeGreaterThanOrEqual(0)
  expect(n).toBe(2 + written)
})
