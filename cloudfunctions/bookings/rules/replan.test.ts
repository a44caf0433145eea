import fc from 'fast-check'
import type { ServiceCenterDoc, WorkingPlan } from '../../../types/bookings'
import { misfit } from '../../../types/messages'
import { asPlanned, planSlots, slotsOn } from './plan'
import { formOf, planOf } from './planForm'
import { replan, replanMessage, type BookingState, type SlotState } from './replan'
import { instantOf, timeOf } from './time'

// Monday 2026-11-23 08:00 Asia/Shanghai
const now = new Date('2026-11-23T00:00:00Z')
const base: WorkingPlan = {
  weekdays: [1, 2, 3, 4, 5],
  open: '09:00',
  close: '12:00',
  slotMinutes: 60,
  windows: 2,
  minNoticeMinutes: 30,
}
type Center = Pick<ServiceCenterDoc, '_id' | 'plan' | 'closures' | 'extraWorkdays'>
const center = (plan: Partial<WorkingPlan> = {}, more: Partial<Center> = {}): Center => ({
  _id: 'sc',
  plan: { ...base, ...plan },
  closures: [],
  extraWorkdays: [],
  ...more,
})

/** Slot documents of `c` for `days` days, with `booked(slotIndex)` bookings in each. */
function world(c: Center, days: number, booked: (i: number) => number) {
  const slots: SlotState[] = []
  const bookings: BookingState[] = []
  planSlots(c, now, days).forEach((s, i) => {
    const holders: string[] = []
    for (let k = 0; k < Math.min(booked(i), s.capacity); k++) {
      const id = `b${i}-${k}`
      holders.push(id)
      bookings.push({
        _id: id,
        number: String(10_000_000 + i * 10 + k),
        openid: `o${i}-${k}`,
        itemIds: ['item'],
        itemNames: ['居住证办理'],
        slotId: s._id,
        date: s.date,
        startTime: s.startTime,
        startsAt: s.startsAt,
        status: 'booked',
      })
    }
    slots.push({ ...s, booked: holders.length, holders } as SlotState)
  })
  return { slots, bookings }
}

/** Applies a replan to the bookings: where each active one ends, and who holds each planned slot. */
function apply(c: Center, slots: SlotState[], bookings: BookingState[]) {
  const r = replan(c, slots, bookings, now)
  const where = new Map(bookings.map((b) => [b._id, b.slotId as string]))
  const gone = new Set(r.cancels.map((x) => x.booking._id))
  for (const m of r.moves) where.set(m.booking._id, m.to._id)
  return { r, where, gone }
}

describe('replan', () => {
  it('moves a booking whose hour was removed to the nearest slot of the same day, and says so', () => {
    const before = center()
    const { slots, bookings } = world(before, 1, (i) => (i === 2 ? 1 : 0)) // 11:00
    const after = center({ close: '11:00' })
    const r = replan(after, slots, bookings, now)
    expect(r.moves).toHaveLength(1)
    expect(r.moves[0].to.startTime).toBe('10:00')
    expect(r.cancels).toEqual([])
    expect(r.patches).toEqual([
      { ids: ['slot:sc:2026-11-23:1100'], patch: { status: 'closed', closedReason: '办公时间已调整' } },
    ])
    const msg = replanMessage(bookings[0], { to: r.moves[0].to })
    expect(msg).toEqual({
      thing1: '居住证办理',
      time2: '2026-11-23 10:00',
      thing3: '办公时间调整，改到10:00',
    })
    expect(
      misfit('bookingReminder', Object.fromEntries(Object.entries(msg).map(([k, v]) => [k, { value: v }]))),
    ).toBe(undefined)
  })

  it('cancels with the reason when the day is closed or full', () => {
    const before = center()
    const { slots, bookings } = world(before, 2, () => 2)
    const closed = replan(
      center({}, { closures: [{ date: '2026-11-24', reason: '系统升级' }] }),
      slots,
      bookings,
      now,
    )
    expect(closed.moves).toEqual([])
    expect(closed.cancels.map((c) => [c.booking.date, c.reason, c.status])).toEqual(
      Array.from({ length: 6 }, () => ['2026-11-24', '系统升级', 'closed']),
    )
    // One window fewer: the later of each slot's two bookings has nowhere to go on a full day.
    const fewer = replan(center({ windows: 1 }), slots, bookings, now)
    expect(fewer.cancels).toHaveLength(6)
    expect(fewer.cancels.every((c) => c.booking._id.endsWith('-1'))).toBe(true)
    expect(fewer.cancels[0].reason).toBe('办公时间调整，当天已约满')
    expect(fewer.patches).toEqual([{ ids: slots.map((s) => s._id), patch: { capacity: 1, windows: 1 } }])
  })

  it('keeps places for walk-ins: a reserve of one leaves one of two windows to bookings', () => {
    const c = center({ walkInReserve: 1 })
    expect(slotsOn(c, '2026-11-23').every((s) => s.capacity === 1 && s.windows === 2)).toBe(true)
  })

  it('adds the slots of a longer day and of a worked Saturday within the opened days', () => {
    const before = center()
    const { slots, bookings } = world(before, 14, () => 0)
    const r = replan(center({ close: '13:00' }, { extraWorkdays: ['2026-11-28'] }), slots, bookings, now)
    const added = r.add.map((s) => `${s.date} ${s.startTime}`)
    expect(added).toContain('2026-11-23 12:00')
    expect(added).toContain('2026-11-28 09:00')
    expect(added).not.toContain('2026-11-29 09:00')
  })

  it('finishes an interrupted move where it had taken its new place, and gives back stray places', () => {
    const before = center()
    const { slots, bookings } = world(before, 1, (i) => (i === 2 ? 1 : 0))
    // The run before took 09:00 for the 11:00 booking, then stopped.
    slots[0].holders = [bookings[0]._id]
    const r = replan(center({ close: '11:00' }), slots, bookings, now)
    expect(r.moves.map((m) => m.to.startTime)).toEqual(['09:00'])
    expect(r.releases).toEqual([])
    // Had the plan kept 11:00, the 09:00 place would be given back.
    const kept = replan(before, slots, bookings, now)
    expect(kept.moves).toEqual([])
    expect(kept.releases).toEqual([{ slotId: slots[0]._id, bookingId: bookings[0]._id }])
  })

  it('leaves slots that have begun alone', () => {
    const later = new Date('2026-11-23T02:30:00Z') // 10:30
    const before = center()
    const { slots, bookings } = world(before, 1, () => 1)
    const r = replan(center({ open: '11:00' }), slots, bookings, later)
    expect(r.moves).toEqual([])
    expect(r.cancels).toEqual([])
  })

  it('never leaves a booking in a slot that does not exist, nor a slot over its places (any plans)', () => {
    const hm = (m: number) => timeOf(m)
    const planArb = fc.record({
      open: fc.integer({ min: 8 * 60, max: 10 * 60 }),
      len: fc.integer({ min: 60, max: 8 * 60 }),
      slot: fc.constantFrom(15, 20, 30, 45, 60),
      windows: fc.integer({ min: 1, max: 4 }),
      reserve: fc.integer({ min: 0, max: 1 }),
      lunch: fc.boolean(),
      weekdays: fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }),
      closure: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    })
    const toCenter = (p: {
      open: number
      len: number
      slot: number
      windows: number
      reserve: number
      lunch: boolean
      weekdays: number[]
      closure?: number
    }) =>
      center(
        {
          weekdays: p.weekdays,
          open: hm(p.open),
          close: hm(Math.min(p.open + p.len, 23 * 60)),
          slotMinutes: p.slot,
          windows: p.windows + p.reserve,
          walkInReserve: p.reserve,
          lunch: p.lunch ? { start: '12:00', end: '13:00' } : undefined,
        },
        p.closure === undefined ? {} : { closures: [{ date: `2026-11-2${3 + p.closure}`, reason: '闭馆' }] },
      )
    fc.assert(
      fc.property(planArb, planArb, fc.integer({ min: 0, max: 2 ** 30 }), (a, b, seed) => {
        const before = toCenter(a)
        const after = toCenter(b)
        const { slots, bookings } = world(before, 5, (i) => (seed >> (i % 30)) & 3)
        const { r, where, gone } = apply(after, slots, bookings)
        // What has begun is left as it was.
        const begun = new Set(bookings.filter((x) => new Date(x.startsAt as Date) <= now).map((x) => x._id))
        for (const id of begun) where.delete(id)
        const held = new Map<string, number>()
        for (const [id, slot] of where) if (!gone.has(id)) held.set(slot, (held.get(slot) ?? 0) + 1)
        const planned = new Map(
          ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27'].flatMap((d) =>
            slotsOn(after, d).map((s) => [s._id, s] as const),
          ),
        )
        for (const [id, slot] of where) {
          if (gone.has(id)) continue
          expect(planned.has(slot)).toBe(true)
        }
        for (const [slot, n] of held) expect(n).toBeLessThanOrEqual(planned.get(slot)?.capacity ?? 0)
        // A move stays on its day; a cancellation only when that day had no room left.
        for (const m of r.moves) expect(m.to.date).toBe(m.booking.date)
        // (A slot that has begun takes nobody new, whatever room it has.)
        for (const c of r.cancels) {
          const day = [...planned.values()].filter(
            (s) => s.date === c.booking.date && instantOf(s.date, s.startTime) > now,
          )
          expect(day.every((s) => (held.get(s._id) ?? 0) >= s.capacity)).toBe(true)
        }
        const touched = [...r.moves, ...r.cancels].map((x) => x.booking._id)
        expect(new Set(touched).size).toBe(touched.length)
      }),
      { numRuns: 300 },
    )
  })
})

describe('the plan while a change is pending', () => {
  const slot = {
    _id: 'slot:sc:2026-11-23:1100',
    date: '2026-11-23',
    startTime: '11:00',
    capacity: 2,
    status: 'open' as const,
  }
  it('follows the documents when nothing is pending', () => {
    expect(asPlanned(center({ close: '11:00' }), slot)).toBe(slot)
  })
  it('closes a dropped slot and lowers places until the documents follow', () => {
    const pending = { replanAt: now }
    expect(asPlanned({ ...center({ close: '11:00' }), ...pending }, slot).status).toBe('closed')
    expect(asPlanned({ ...center({ walkInReserve: 1 }), ...pending }, slot).capacity).toBe(1)
  })
})

describe('the plan form', () => {
  it('round-trips, keeping only the weekdays that differ', () => {
    const c = center({}, { closures: [{ date: '2026-12-01', reason: '系统升级' }] })
    const form = formOf(c)
    expect(form.week[0].open).toBe(false)
    expect(form.week[1]).toEqual({ open: true, start: '09:00', end: '12:00', windows: 2 })
    form.week[6] = { open: true, start: '09:00', end: '11:00', windows: 1 }
    const saved = planOf(form)
    expect(saved.plan.weekdays).toEqual([1, 2, 3, 4, 5, 6])
    expect(saved.plan.open).toBe('09:00')
    expect(saved.plan.days).toEqual([{ weekday: 6, open: '09:00', close: '11:00', windows: 1 }])
    expect(formOf({ ...c, ...saved })).toEqual(form)
    expect(slotsOn({ ...c, ...saved }, '2026-11-28').map((s) => s.startTime)).toEqual(['09:00', '10:00'])
  })
})
