/**
 * The working plan (工作安排) through the real host: the clerk reads it, previews a change, saves it; the
 * bookings timer then moves or cancels what the change displaced and writes each resident a message. A retried
 * save changes nothing twice; bad input is refused with field paths and zh-CN messages, writing nothing.
 */
import type {
  BookingDoc,
  PlanForm,
  PlanPreviewOutput,
  PlanView,
  ServiceCenterDoc,
  SlotDoc,
} from '../../../types/bookings'
import { misfit } from '../../../types/messages'
import { slotsOn } from '../../../cloudfunctions/bookings/rules/plan'
import { SERVICE_CENTER } from '../../../emulator/seed/identities'
import { ok } from '../../helpers/localCloud'
import { CLERK, LI, startBookingsCloud, WANG } from './cloud'
import { checkInvariants } from './invariants'

jest.setTimeout(120_000)
type T = Awaited<ReturnType<typeof startBookingsCloud>>
let t: T
let rid = 0
const req = () => `plan-${Date.now().toString(36)}-${++rid}`

beforeAll(async () => {
  t = await startBookingsCloud()
})
afterAll(() => t?.stop())

const call = <R>(action: string, input: object, openid = CLERK) =>
  t.call<R>('bookings', { action, ...input }, openid)
const center = () =>
  t.cloud.database.find('serviceCenters', { _id: SERVICE_CENTER.id })[0] as unknown as ServiceCenterDoc
const slotDoc = (id: string) =>
  t.cloud.database.find('slots', { _id: id })[0] as unknown as SlotDoc | undefined
const booking = (id: string) => t.cloud.database.find('bookings', { _id: id })[0] as unknown as BookingDoc
const formOf = (v: PlanView): PlanForm => ({
  week: v.week,
  lunch: v.lunch,
  slotMinutes: v.slotMinutes,
  walkInReserve: v.walkInReserve,
  minNoticeMinutes: v.minNoticeMinutes,
  closures: v.closures,
  extraWorkdays: v.extraWorkdays,
})

/** A working day at least two days ahead with its 16:30 slot open. */
function lateSlot(): SlotDoc {
  const today = new Date(t.now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
  const slots = (
    t.cloud.database.find('slots', {
      centerId: SERVICE_CENTER.id,
      startTime: '16:30',
    }) as unknown as SlotDoc[]
  )
    .filter((s) => s.date > today && s.status === 'open' && s.booked < s.capacity)
    .sort((a, b) => a.date.localeCompare(b.date))
  return slots[1] ?? slots[0]
}

/** No active booking from now on sits in a slot the plan does not have, and none is over its places. */
function nothingStranded(): void {
  const c = center()
  const now = t.cloud.clock.now()
  const active = (
    t.cloud.database.find('bookings', {
      centerId: SERVICE_CENTER.id,
      status: 'booked',
    }) as unknown as BookingDoc[]
  ).filter((b) => b.slotId && new Date(b.startsAt as Date).getTime() > now)
  expect(active.length).toBeGreaterThan(0)
  for (const b of active) {
    const planned = slotsOn(c, b.date).find((s) => s._id === b.slotId)
    expect({ booking: b._id, slot: b.slotId, planned: !!planned }).toEqual({
      booking: b._id,
      slot: b.slotId,
      planned: true,
    })
    const doc = slotDoc(b.slotId as string)
    expect(doc?.status).toBe('open')
    expect(doc?.holders).toContain(b._id)
    expect(doc?.booked).toBeLessThanOrEqual(planned?.capacity ?? 0)
    expect(b.startTime).toBe(planned?.startTime)
    expect(b.endTime).toBe(planned?.endTime)
  }
  checkInvariants(t.cloud.database)
}

describe('a working-plan change', () => {
  it('that removes a booked slot moves its booking to the nearest slot, tells the resident, strands nothing', async () => {
    const slot = lateSlot()
    const mine = ok(
      await call<{ id: string }>(
        'book',
        { itemId: 'item-juzhuzheng', slotId: slot._id, materialsConfirmed: true, clientRequestId: req() },
        WANG,
      ),
    )
    const view = ok(await call<PlanView>('plan', {}))
    expect(view.version).toBe(0)
    expect(view.pending).toBe(false)
    expect(view.openedUntil).toBeDefined()
    const weekday = new Date(`${slot.date}T12:00:00+08:00`).getUTCDay()
    const form = formOf(view)
    // That weekday closes at 16:00 now: 16:00 and 16:30 are gone; one window is kept for walk-ins.
    form.week[weekday] = { ...form.week[weekday], end: '16:00' }
    form.walkInReserve = 1

    const preview = ok(await call<PlanPreviewOutput>('planPreview', form))
    const line = preview.lines.find((l) => l.bookingId === mine.id)
    expect(line).toMatchObject({ from: '16:30', to: '15:30' })
    expect(preview.affected).toBe(preview.moved + preview.cancelled)
    expect(preview.affected).toBeGreaterThanOrEqual(1)
    // The preview wrote nothing.
    expect(center().planVersion).toBeUndefined()

    const saved = ok(
      await call<PlanView>('savePlan', {
        ...form,
        expectedVersion: 0,
        clientRequestId: req(),
        confirm: true,
      }),
    )
    expect(saved).toMatchObject({ version: 1, pending: true, walkInReserve: 1 })
    // Until the timer has run, the plan already decides: the dropped slot takes no booking.
    const refused = await call(
      'book',
      { itemId: 'item-dibao', slotId: slot._id, materialsConfirmed: true, clientRequestId: req() },
      LI,
    )
    expect(refused.error?.code).toBe('CONFLICT')
    expect(refused.error?.message).toContain('办公时间已调整')

    const fired = await t.dev.fire('bookings', 'adjustPlans')
    expect(fired.ok).toBe(true)
    const [run] = (fired.result as { data: { done: boolean; moved: number; notified: number }[] }).data
    expect(run).toMatchObject({ done: true })
    expect(run.moved).toBeGreaterThanOrEqual(1)

    const moved = booking(mine.id)
    expect(moved).toMatchObject({ status: 'booked', date: slot.date, startTime: '15:30', endTime: '16:00' })
    expect(moved.rescheduledFrom).toContain(slot._id)
    expect(slotDoc(slot._id)?.status).toBe('closed')
    const msgs = t.cloud.database.find('messages', { touser: WANG }) as unknown as {
      dedupeKey: string
      templateKey: 'bookingReminder'
      data: Record<string, { value: string }>
    }[]
    const msg = msgs.find((m) => m.dedupeKey.startsWith(`booking:${mine.id}:replan:`))
    expect(msg?.data.time2.value).toBe(`${slot.date} 15:30`)
    expect(msg?.data.thing3.value).toContain('15:30')
    expect(misfit('bookingReminder', msg?.data ?? {})).toBeUndefined()
    nothingStranded()
    // The reserve holds: no slot from now on lets bookings take the last window.
    const later = t.cloud.database.find('slots', {
      centerId: SERVICE_CENTER.id,
      date: slot.date,
    }) as unknown as SlotDoc[]
    expect(later.filter((s) => s.status === 'open').every((s) => s.capacity === (s.windows ?? 0) - 1)).toBe(
      true,
    )

    const after = ok(await call<PlanView>('plan', {}))
    expect(after.pending).toBe(false)
    expect(after.last?.moved).toBe(run.moved)

    // The timer again: nothing moves, nothing is written twice.
    const count = t.cloud.database.find('messages', {}).length
    const again = await t.dev.fire('bookings', 'tick')
    expect((again.result as { data: { adjusted: unknown[] } }).data.adjusted).toEqual([])
    expect(t.cloud.database.find('messages', {}).length).toBe(count)
  })

  it('that closes a day cancels its bookings with the reason and tells each resident', async () => {
    const view = ok(await call<PlanView>('plan', {}))
    const slot = lateSlot()
    const b = ok(
      await call<{ id: string }>(
        'book',
        { itemId: 'item-laonian-ka', slotId: slot._id, materialsConfirmed: true, clientRequestId: req() },
        LI,
      ),
    )
    const form = formOf(view)
    form.closures = [...form.closures, { date: slot.date, reason: '消防演练' }]
    const preview = ok(await call<PlanPreviewOutput>('planPreview', form))
    expect(preview.lines.find((l) => l.bookingId === b.id)).toMatchObject({ reason: '消防演练' })
    ok(
      await call('savePlan', {
        ...form,
        expectedVersion: view.version,
        clientRequestId: req(),
        confirm: true,
      }),
    )
    expect((await t.dev.fire('bookings', 'tick')).ok).toBe(true)
    expect(booking(b.id)).toMatchObject({ status: 'closed', cancelReason: '消防演练' })
    const msg = (
      t.cloud.database.find('messages', { touser: LI }) as unknown as {
        dedupeKey: string
        data: Record<string, { value: string }>
      }[]
    ).find((m) => m.dedupeKey === `booking:${b.id}:replan-cancel`)
    expect(msg?.data.thing3.value).toBe('预约已取消：消防演练')
    nothingStranded()
  })
})

describe('saving the plan', () => {
  it('twice with the same request id saves once; a stale version is refused', async () => {
    const view = ok(await call<PlanView>('plan', {}))
    const form = { ...formOf(view), minNoticeMinutes: 60 }
    const input = { ...form, expectedVersion: view.version, clientRequestId: req(), confirm: true }
    const [a, b] = await Promise.all([call<PlanView>('savePlan', input), call<PlanView>('savePlan', input)])
    expect(ok(a).version).toBe(view.version + 1)
    expect(ok(b).version).toBe(view.version + 1)
    expect(ok(await call<PlanView>('savePlan', input)).version).toBe(view.version + 1)
    expect(center().planVersion).toBe(view.version + 1)
    const stale = await call('savePlan', { ...input, clientRequestId: req() })
    expect(stale.error?.code).toBe('CONFLICT')
    expect((await t.dev.fire('bookings', 'adjustPlans')).ok).toBe(true)
  })

  it('refuses bad input with field paths and zh-CN messages, writing nothing', async () => {
    const view = ok(await call<PlanView>('plan', {}))
    const form = formOf(view)
    form.week[1] = { ...form.week[1], start: '17:00', end: '09:00' }
    form.walkInReserve = form.week[2].windows
    form.closures = [
      { date: '2030-01-01', reason: '元旦' },
      { date: '2030-01-01', reason: '元旦' },
    ]
    const before = center()
    const r = await call('savePlan', {
      ...form,
      expectedVersion: view.version,
      clientRequestId: req(),
      confirm: true,
    })
    expect(r.error?.code).toBe('INVALID_INPUT')
    const issues = (r.error?.details as { issues: { path: string; message: string }[] }).issues
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'week.1.end', message: '周一：下班时间要晚于上班时间' },
        { path: 'walkInReserve', message: expect.stringContaining('留给现场取号的名额要少于') },
        { path: 'closures.1.date', message: '2030-01-01 已经在闭馆日里了' },
      ]),
    )
    const typed = await call('planPreview', {
      ...formOf(view),
      slotMinutes: 5,
      closures: [{ date: '明天', reason: '' }],
    })
    expect(typed.error?.code).toBe('INVALID_INPUT')
    const paths = (typed.error?.details as { issues: { path: string }[] }).issues.map((i) => i.path)
    expect(paths).toEqual(expect.arrayContaining(['slotMinutes', 'closures.0.date', 'closures.0.reason']))
    expect(center()).toEqual(before)
    // Only the center's own clerks: a resident is refused.
    expect((await call('plan', {}, WANG)).error?.code).toBe('FORBIDDEN')
  })
})
