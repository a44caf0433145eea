/**
 * fast-check over every bookings action through the real host: random sequences of calls by residents and
 * the clerk, with valid and broken inputs, some sent twice at once (a retry racing the original). Whatever
 * happens, no answer is INTERNAL and the stored documents keep the invariants (no partial write, capacity
 * never exceeded).
 */
import fc from 'fast-check'
import type { SlotDoc } from '../../../types/bookings'
import { SERVICE_CENTER } from '../../../emulator/seed/identities'
import { CLERK, startBookingsCloud } from './cloud'
import { checkInvariants } from './invariants'

jest.setTimeout(300_000)
type T = Awaited<ReturnType<typeof startBookingsCloud>>
let t: T
let slotIds: string[] = []
/** Fresh request ids per call; a retry is modelled by sending the same event twice at once. */
let sent = 0
const outcomes: Record<string, number> = {}

const PEOPLE = ['demo-resident-wang', 'demo-resident-li', 'resident-t1', 'resident-t2', 'resident-t3']
const ITEMS = ['item-juzhuzheng', 'item-dibao', 'item-laonian-ka', 'item-nope']
const ymd = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

beforeAll(async () => {
  t = await startBookingsCloud()
  // Small slots so that capacity is reached often: two tomorrow, one today soon, one past.
  const mk = (minutes: number, capacity: number, tag: string): SlotDoc => {
    const at = new Date(t.now.getTime() + minutes * 60_000)
    const date = ymd(at)
    return {
      _id: `slot:${SERVICE_CENTER.id}:${date}:${tag}`,
      centerId: SERVICE_CENTER.id,
      date,
      startTime: `${tag.slice(0, 2)}:${tag.slice(2)}`,
      endTime: `${tag.slice(0, 2)}:${tag.slice(2)}`,
      startsAt: at,
      capacity,
      booked: 0,
      holders: [],
      status: 'open',
    }
  }
  const docs = [mk(26 * 60, 2, '2301'), mk(27 * 60, 3, '2302'), mk(90, 2, '2303'), mk(-60, 2, '2304')]
  await t.cloud.database.insertMany('slots', docs)
  slotIds = [...docs.map((d) => d._id), 'slot:nowhere', `slot:${SERVICE_CENTER.id}:2020-01-01:0900`]
})
afterAll(() => t?.stop())

const bookingIds = () =>
  (t.cloud.database.find('bookings', {}, { limit: 5000 }) as { _id: string }[]).map((b) => b._id).slice(-40)

const w = <A>(weight: number, arbitrary: fc.Arbitrary<A>) => ({ weight, arbitrary })
const arbCall = fc.oneof(
  w(
    5,
    fc.record({
      action: fc.constant('book'),
      who: fc.constantFrom(...PEOPLE),
      itemId: fc.constantFrom(...ITEMS),
      slot: fc.nat(5),
      materialsConfirmed: fc.oneof(
        { weight: 5, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      req: fc.constantFrom(
        'prop-a1234567',
        'prop-b1234567',
        'prop-c1234567',
        'prop-d1234567',
        'prop-e1234567',
      ),
    }),
  ),
  w(
    2,
    fc.record({
      action: fc.constantFrom('cancel', 'ticket', 'rateService'),
      who: fc.constantFrom(...PEOPLE),
      pick: fc.nat(39),
    }),
  ),
  w(
    2,
    fc.record({
      action: fc.constant('reschedule'),
      who: fc.constantFrom(...PEOPLE),
      pick: fc.nat(39),
      slot: fc.nat(5),
      req: fc.string({ minLength: 8, maxLength: 10, unit: fc.constantFrom('a', 'b', '1') }),
    }),
  ),
  w(
    2,
    fc.record({
      action: fc.constantFrom('checkIn', 'serve', 'noShow'),
      pick: fc.nat(39),
      notDone: fc.boolean(),
    }),
  ),
  w(
    1,
    fc.record({
      action: fc.constantFrom('mine', 'items', 'slots', 'item', 'daySheet', 'openSlots', 'itemHistory'),
      who: fc.constantFrom(...PEOPLE, CLERK),
      junk: fc.oneof(fc.constant(undefined), fc.string({ maxLength: 5 }), fc.integer()),
    }),
  ),
  w(1, fc.record({ action: fc.constant('walkIn'), req: fc.constantFrom('walk-a1234567', 'walk-b1234567') })),
)
type Call = typeof arbCall extends fc.Arbitrary<infer C> ? C : never

function toEvent(c: Call, ids: string[]): { event: Record<string, unknown>; openid: string } {
  const pick = (n: number) => ids[n % Math.max(1, ids.length)] ?? 'missing'
  switch (c.action) {
    case 'book':
      return {
        openid: c.who,
        event: {
          action: 'book',
          itemId: c.itemId,
          slotId: slotIds[c.slot],
          materialsConfirmed: c.materialsConfirmed,
          clientRequestId: `${c.req}-${++sent}`,
        },
      }
    case 'cancel':
    case 'ticket':
      return { openid: c.who, event: { action: c.action, bookingId: pick(c.pick) } }
    case 'rateService':
      return { openid: c.who, event: { action: c.action, bookingId: pick(c.pick), stars: 4 } }
    case 'reschedule':
      return {
        openid: c.who,
        event: {
          action: 'reschedule',
          bookingId: pick(c.pick),
          slotId: slotIds[c.slot],
          clientRequestId: c.req,
        },
      }
    case 'checkIn':
      return { openid: CLERK, event: { action: 'checkIn', code: `LINLI-BOOKING:${pick(c.pick)}` } }
    case 'serve':
      return {
        openid: CLERK,
        event: {
          action: 'serve',
          bookingId: pick(c.pick),
          outcome: c.notDone ? 'notDone' : 'done',
          ...(c.notDone ? { missingMaterial: '户口簿' } : {}),
        },
      }
    case 'noShow':
      return { openid: CLERK, event: { action: 'noShow', bookingId: pick(c.pick) } }
    case 'walkIn':
      return {
        openid: CLERK,
        event: { action: 'walkIn', itemIds: ['item-laonian-ka'], clientRequestId: c.req },
      }
    default: {
      const extra: Record<string, unknown> =
        c.action === 'slots' || c.action === 'item' || c.action === 'itemHistory'
          ? { [c.action === 'slots' ? 'itemId' : 'id']: c.junk === undefined ? 'item-dibao' : c.junk }
          : c.junk === undefined
            ? {}
            : { keyword: c.junk }
      return { openid: c.who, event: { action: c.action, ...extra } }
    }
  }
}

it('no sequence of calls gives INTERNAL or breaks the invariants', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(arbCall, fc.boolean()), { minLength: 3, maxLength: 8 }),
      async (calls) => {
        for (const [c, twice] of calls) {
          const { event, openid } = toEvent(c, bookingIds())
          const sends = twice
            ? [t.call('bookings', event, openid), t.call('bookings', event, openid)]
            : [t.call('bookings', event, openid)]
          for (const r of await Promise.all(sends)) {
            const k = `${String(event.action)}:${r.ok ? 'ok' : r.error?.code}`
            outcomes[k] = (outcomes[k] ?? 0) + 1
            if (!r.ok && r.error?.code === 'INTERNAL')
              throw new Error(`INTERNAL for ${JSON.stringify(event)} by ${openid}: ${r.error.requestId}`)
          }
        }
        checkInvariants(t.cloud.database)
      },
    ),
    { numRuns: 25, seed: 20261123 },
  )
})

it('the sequences above really booked, filled and moved places (the property is not vacuous)', () => {
  const ours = slotIds
    .slice(0, 3)
    .map((id) => t.cloud.database.find('slots', { _id: id })[0] as unknown as SlotDoc)
  expect(ours.reduce((n, s) => n + s.booked, 0)).toBeGreaterThan(0)
  expect(ours.some((s) => s.booked === s.capacity)).toBe(true)
  expect(outcomes['book:ok']).toBeGreaterThan(0)
  expect(outcomes['book:CONFLICT']).toBeGreaterThan(0)
})
