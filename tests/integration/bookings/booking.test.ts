/**
 * Booking through the real function host and wx-server-sdk: capacity under contention, reschedule under
 * concurrent bookings, the error answers, idempotent retries, cancel, and reminders sent once.
 */
import type { SlotDoc } from '../../../types/bookings'
import { SERVICE_CENTER } from '../../../emulator/seed/identities'
import { CLERK, LI, startBookingsCloud, WANG } from './cloud'
import { checkInvariants } from './invariants'
import { derivedId } from '../../../cloudfunctions/shared/ids'
import { guardId } from '../../../cloudfunctions/bookings/rules/booking'

jest.setTimeout(120_000)

type T = Awaited<ReturnType<typeof startBookingsCloud>>
let t: T
const DAY = 86_400_000

beforeAll(async () => {
  t = await startBookingsCloud({ maxInstances: 8 })
})
afterAll(() => t?.stop())

const ymd = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
let rid = 0
const req = () => `req-${Date.now().toString(36)}-${++rid}`

/** An extra slot outside the plan's times (18:00–18:30), so tests own it entirely. */
async function extraSlot(
  daysAhead: number,
  hhmm: string,
  capacity: number,
  extra: (id: string) => Partial<SlotDoc> = () => ({}),
): Promise<string> {
  const date = ymd(new Date(t.now.getTime() + daysAhead * DAY))
  const id = `slot:${SERVICE_CENTER.id}:${date}:${hhmm.replace(':', '')}`
  const doc: SlotDoc = {
    _id: id,
    centerId: SERVICE_CENTER.id,
    date,
    startTime: hhmm,
    endTime: `${hhmm.slice(0, 2)}:30`,
    startsAt: new Date(`${date}T${hhmm}:00+08:00`),
    capacity,
    booked: 0,
    holders: [],
    status: 'open',
    ...extra(id),
  }
  await t.cloud.database.insertMany('slots', [doc])
  return id
}

const slotDoc = (id: string) => t.cloud.database.find('slots', { _id: id })[0] as unknown as SlotDoc

describe('capacity under contention', () => {
  it('200 concurrent bookings for 20 places give exactly 20 bookings and 180 CONFLICTs with next free slots', async () => {
    const slotId = await extraSlot(2, '18:00', 20)
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        t.call<{ id: string }>(
          'bookings',
          {
            action: 'book',
            itemId: 'item-juzhuzheng',
            slotId,
            materialsConfirmed: true,
            clientRequestId: `contend-${i}-xx`,
          },
          `contender-${i}`,
        ),
      ),
    )
    const ok = results.filter((r) => r.ok)
    const conflicts = results.filter((r) => !r.ok && r.error?.code === 'CONFLICT')
    expect(ok).toHaveLength(20)
    expect(conflicts).toHaveLength(180)
    for (const c of conflicts) {
      expect(c.error?.message).toMatch(/约满/)
      const s = (c.error?.details as { suggestions: { id: string; state: string }[] }).suggestions
      expect(s.length).toBeGreaterThan(0)
      expect(s.every((x) => x.state === 'open' && x.id !== slotId)).toBe(true)
    }
    const slot = slotDoc(slotId)
    expect(slot.booked).toBe(20)
    expect(new Set(slot.holders).size).toBe(20)
    expect(t.cloud.database.count('bookings', { slotId })).toBe(20)
    expect(new Set(ok.map((r) => r.data?.id))).toEqual(new Set(slot.holders))
  })
})

describe('the walk-in reserve and interrupted requests', () => {
  it('bookings never take the windows kept for walk-ins, however many race for them', async () => {
    // Three windows, one kept for walk-ins: two places for bookings.
    const slotId = await extraSlot(2, '18:10', 2, () => ({ windows: 3 }))
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.call(
          'bookings',
          { action: 'book', itemId: 'item-dibao', slotId, materialsConfirmed: true, clientRequestId: req() },
          `reserve-${i}`,
        ),
      ),
    )
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    expect(slotDoc(slotId)).toMatchObject({ booked: 2, windows: 3 })
    checkInvariants(t.cloud.database)
  })

  it('a request killed after taking its place and guards is finished by its retry, with one place', async () => {
    const openid = 'killed-resident'
    const clientRequestId = req()
    const id = derivedId(openid, 'bookings.book', clientRequestId)
    // What the killed attempt left: its place and its day guard, no booking.
    const slotId = await extraSlot(2, '18:20', 3, () => ({
      booked: 1,
      holders: [id],
      heldAt: { [id]: t.now },
    }))
    const date = slotId.split(':').at(-2) as string
    await t.cloud.database.insertMany('bookingGuards', [
      {
        _id: guardId(openid, 'item-dibao', date),
        bookingId: id,
        openid,
        itemId: 'item-dibao',
        itemName: '低保申请',
        date,
        createdAt: t.now,
      },
    ])
    const input = { action: 'book', itemId: 'item-dibao', slotId, materialsConfirmed: true, clientRequestId }
    const [a, b] = await Promise.all([
      t.call<{ id: string }>('bookings', input, openid),
      t.call<{ id: string }>('bookings', input, openid),
    ])
    expect(a.data?.id).toBe(id)
    expect(b.data?.id).toBe(id)
    expect(slotDoc(slotId)).toMatchObject({ booked: 1, holders: [id] })
    expect(t.cloud.database.count('bookings', { slotId })).toBe(1)
    checkInvariants(t.cloud.database)
  })
})

describe('reschedule under concurrent bookings', () => {
  it('never loses or duplicates a booking, and never overfills', async () => {
    const from = await extraSlot(3, '18:00', 10)
    const to = await extraSlot(4, '18:00', 12)
    const movers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const r = await t.call<{ id: string }>(
          'bookings',
          {
            action: 'book',
            itemId: 'item-dibao',
            slotId: from,
            materialsConfirmed: true,
            clientRequestId: req(),
          },
          `mover-${i}`,
        )
        expect(r.ok).toBe(true)
        return { openid: `mover-${i}`, id: r.data!.id }
      }),
    )
    const calls = [
      ...movers.map((m) =>
        t.call(
          'bookings',
          { action: 'reschedule', bookingId: m.id, slotId: to, clientRequestId: req() },
          m.openid,
        ),
      ),
      ...Array.from({ length: 15 }, (_, i) =>
        t.call(
          'bookings',
          {
            action: 'book',
            itemId: 'item-dibao',
            slotId: to,
            materialsConfirmed: true,
            clientRequestId: req(),
          },
          `rival-${i}`,
        ),
      ),
    ]
    const results = await Promise.all(calls)
    for (const r of results) if (!r.ok) expect(r.error?.code).toBe('CONFLICT')
    const a = slotDoc(from)
    const b = slotDoc(to)
    expect(b.booked).toBeLessThanOrEqual(12)
    expect(b.booked).toBe(b.holders.length)
    expect(a.booked).toBe(a.holders.length)
    for (const m of movers) {
      const doc = t.cloud.database.find('bookings', { _id: m.id })[0] as { slotId: string; status: string }
      expect(doc.status).toBe('booked')
      const inA = a.holders.includes(m.id)
      const inB = b.holders.includes(m.id)
      expect(inA !== inB).toBe(true) // exactly one of the two
      expect(doc.slotId).toBe(inA ? from : to)
    }
    const moved = results.slice(0, 10).filter((r) => r.ok).length
    const rivals = results.slice(10).filter((r) => r.ok).length
    expect(b.holders.length).toBe(moved + rivals)
    checkInvariants(t.cloud.database)
  })
})

describe('bad input and refusals', () => {
  const book = (input: object, openid = WANG) =>
    t.call('bookings', { action: 'book', materialsConfirmed: true, clientRequestId: req(), ...input }, openid)

  it('unknown item or slot → NOT_FOUND', async () => {
    const slotId = await extraSlot(5, '18:00', 5)
    expect((await book({ itemId: 'item-nope', slotId })).error?.code).toBe('NOT_FOUND')
    expect(
      (await book({ itemId: 'item-juzhuzheng', slotId: `slot:${SERVICE_CENTER.id}:2030-01-01:0900` })).error
        ?.code,
    ).toBe('NOT_FOUND')
    expect((await book({ itemId: 'item-juzhuzheng', slotId: 'whatever' })).error?.code).toBe('NOT_FOUND')
  })

  it('past, closed and full slots → CONFLICT with a zh-CN reason', async () => {
    const past = await extraSlot(-1, '18:00', 5)
    const r1 = await book({ itemId: 'item-juzhuzheng', slotId: past })
    expect(r1.error?.code).toBe('CONFLICT')
    expect(r1.error?.message).toMatch(/已经过去/)

    const full = await extraSlot(6, '18:00', 1)
    expect((await book({ itemId: 'item-juzhuzheng', slotId: full }, 'someone-1')).ok).toBe(true)
    const r2 = await book({ itemId: 'item-juzhuzheng', slotId: full }, 'someone-2')
    expect(r2.error?.code).toBe('CONFLICT')
    expect(r2.error?.message).toMatch(/约满/)

    const closeDate = ymd(new Date(t.now.getTime() + 7 * DAY))
    const closed = await extraSlot(7, '18:00', 5)
    const c = await t.call<{ cancelled: number }>(
      'bookings',
      { action: 'closeDay', date: closeDate, reason: '停电检修', confirm: true },
      CLERK,
    )
    expect(c.ok).toBe(true)
    const r3 = await book({ itemId: 'item-juzhuzheng', slotId: closed })
    expect(r3.error?.code).toBe('CONFLICT')
    expect(r3.error?.message).toMatch(/停电检修/)
  })

  it('materialsConfirmed false → INVALID_INPUT with the field path', async () => {
    const slotId = await extraSlot(5, '19:00', 5)
    const r = await t.call(
      'bookings',
      {
        action: 'book',
        itemId: 'item-juzhuzheng',
        slotId,
        materialsConfirmed: false,
        clientRequestId: req(),
      },
      WANG,
    )
    expect(r.error?.code).toBe('INVALID_INPUT')
    expect(JSON.stringify(r.error?.details)).toContain('materialsConfirmed')
    expect(slotDoc(slotId).booked).toBe(0)
  })

  it('a retried request books once; a second booking of the same item that day is refused; cancel frees both', async () => {
    const slotId = await extraSlot(8, '18:00', 5)
    const id = req()
    const [a, b] = await Promise.all([
      book({ itemId: 'item-laonian-ka', slotId, clientRequestId: id }, LI),
      book({ itemId: 'item-laonian-ka', slotId, clientRequestId: id }, LI),
    ])
    expect(a.ok && b.ok).toBe(true)
    expect((a.data as { id: string }).id).toBe((b.data as { id: string }).id)
    expect(slotDoc(slotId).booked).toBe(1)

    const other = await extraSlot(8, '19:00', 5)
    const dup = await book({ itemId: 'item-laonian-ka', slotId: other }, LI)
    expect(dup.error?.code).toBe('CONFLICT')
    expect(dup.error?.message).toMatch(/同一事项一天只能预约一次/)

    const cancelled = await t.call<{ status: string }>(
      'bookings',
      { action: 'cancel', bookingId: (a.data as { id: string }).id },
      LI,
    )
    expect(cancelled.data?.status).toBe('cancelled')
    expect(slotDoc(slotId).booked).toBe(0)
    expect((await book({ itemId: 'item-laonian-ka', slotId: other }, LI)).ok).toBe(true)
    // Someone else's booking reads as missing.
    expect(
      (await t.call('bookings', { action: 'cancel', bookingId: (a.data as { id: string }).id }, WANG)).error
        ?.code,
    ).toBe('NOT_FOUND')
  })
})

describe('reminders', () => {
  it('writes one reminder per booking of tomorrow, even when the timer fires twice', async () => {
    const tomorrowSlot = await extraSlot(1, '18:00', 5)
    const own = await t.call(
      'bookings',
      {
        action: 'book',
        itemId: 'item-gaoling-butie',
        slotId: tomorrowSlot,
        materialsConfirmed: true,
        clientRequestId: req(),
      },
      WANG,
    )
    expect(own.ok).toBe(true)
    const first = await t.dev.fire('bookings', 'reminders')
    const second = await t.dev.fire('bookings', 'reminders')
    expect(first.ok && second.ok).toBe(true)
    const r1 = first.result as { data: { date: string; bookings: number; written: number } }
    const r2 = second.result as { data: { written: number } }
    const tomorrow = r1.data.date
    const booked = t.cloud.database.count('bookings', { date: tomorrow, status: 'booked' })
    expect(booked).toBeGreaterThan(0)
    expect(r1.data.written).toBe(booked)
    expect(r2.data.written).toBe(0)
    const msgs = t.cloud.database.find('messages', { dedupeKey: { $regex: ':reminder$' } })
    expect(msgs).toHaveLength(booked)
    expect(msgs.some((m) => m.touser === WANG)).toBe(true)
  })
})

describe('reschedule without a transaction', () => {
  const book = (openid: string, slotId: string, itemId = 'item-laonian-ka') =>
    t.call<{ id: string }>(
      'bookings',
      { action: 'book', itemId, slotId, materialsConfirmed: true, clientRequestId: req() },
      openid,
    )
  const move = (openid: string, bookingId: string, slotId: string, clientRequestId = req()) =>
    t.call<{ date: string }>('bookings', { action: 'reschedule', bookingId, slotId, clientRequestId }, openid)

  it("a booking moved to another day leaves the old day's guard stale: that day can be booked again, the new one cannot", async () => {
    const who = 'mover-guard'
    const a = await extraSlot(5, '18:10', 3)
    const b = await extraSlot(6, '18:10', 3)
    const first = await book(who, a)
    expect(first.ok).toBe(true)
    expect((await move(who, first.data!.id, b)).ok).toBe(true)
    expect((await book(who, await extraSlot(5, '18:20', 3))).ok).toBe(true)
    const again = await book(who, await extraSlot(6, '18:20', 3))
    expect(again.error?.code).toBe('CONFLICT')
    expect(again.error?.message).toMatch('同一事项一天只能预约一次')
    checkInvariants(t.cloud.database)
  })

  it('a move stopped after taking the new place, or after switching the booking, is finished by its retry', async () => {
    const who = 'mover-killed'
    const a = await extraSlot(7, '18:10', 3)
    const first = await book(who, a)
    const id = first.data!.id
    // Stopped after taking the new place: the target already holds the booking, which is still in `a`.
    const b = await extraSlot(7, '18:20', 3, () => ({ booked: 1, holders: [id], heldAt: { [id]: t.now } }))
    const clientRequestId = req()
    expect((await move(who, id, b, clientRequestId)).ok).toBe(true)
    expect(slotDoc(a)).toMatchObject({ booked: 0, holders: [] })
    expect(slotDoc(b)).toMatchObject({ booked: 1, holders: [id] })
    checkInvariants(t.cloud.database)

    // Stopped after switching the booking, before giving the old place back: the retry gives it back.
    const k = 'bk-switched-not-released'
    const r = req()
    const x = await extraSlot(8, '18:10', 3, () => ({ booked: 1, holders: [k], heldAt: { [k]: t.now } }))
    const y = await extraSlot(8, '18:20', 3, () => ({ booked: 1, holders: [k], heldAt: { [k]: t.now } }))
    const [stored] = t.cloud.database.find('bookings', { _id: id }) as Record<string, unknown>[]
    const ys = slotDoc(y)
    await t.cloud.database.insertMany('bookings', [
      {
        ...stored,
        _id: k,
        number: '99990077',
        slotId: y,
        date: ys.date,
        startsAt: ys.startsAt,
        rescheduledFrom: [x],
        rescheduleRequests: [r],
        settle: [],
      },
    ])
    await t.cloud.database.insertMany('bookingGuards', [
      {
        _id: guardId(who, 'item-laonian-ka', ys.date),
        bookingId: k,
        openid: who,
        itemId: 'item-laonian-ka',
        itemName: '老年综合津贴',
        date: ys.date,
        createdAt: t.now,
      },
    ])
    expect((await move(who, k, y, r)).ok).toBe(true)
    expect(slotDoc(x)).toMatchObject({ booked: 0, holders: [] })
    expect(slotDoc(y)).toMatchObject({ booked: 1, holders: [k] })
    checkInvariants(t.cloud.database)
  })
})

describe('repair of interrupted bookings', () => {
  it('the daily run gives back a place held without a booking for over ten minutes, and leaves a fresh one', async () => {
    const slotId = await extraSlot(9, '18:00', 3)
    const date = slotDoc(slotId).date
    await t.cloud.database.insertMany('slots', [
      {
        ...slotDoc(slotId),
        _id: `${slotId.slice(0, -4)}1900`,
        startTime: '19:00',
        startsAt: new Date(`${date}T19:00:00+08:00`),
        booked: 2,
        holders: ['ghost-old', 'ghost-new'],
        heldAt: {
          'ghost-old': new Date(t.cloud.clock.now() - 3_600_000),
          'ghost-new': new Date(t.cloud.clock.now()),
        },
      },
    ])
    const fired = await t.dev.fire('bookings', 'reminders')
    expect((fired.result as { data: { released: number } }).data.released).toBe(1)
    const slot = slotDoc(`${slotId.slice(0, -4)}1900`)
    expect(slot.holders).toEqual(['ghost-new'])
    expect(slot.booked).toBe(1)
  })
})
