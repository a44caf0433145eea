/**
 * The clerk's day through the real host: day sheet, check-in by number and by QR payload, serve (done and
 * not done, which teaches the tip), no-show timing, walk-in, item edits with versions, open slots, close a
 * day; plus the resident's ticket, rating and reschedule around them.
 */
import type { SlotDoc } from '../../../types/bookings'
import { SERVICE_CENTER } from '../../../emulator/seed/identities'
import { CLERK, LI, startBookingsCloud, WANG } from './cloud'
import { checkInvariants } from './invariants'

jest.setTimeout(120_000)
type T = Awaited<ReturnType<typeof startBookingsCloud>>
let t: T
let rid = 0
const req = () => `clerk-${Date.now().toString(36)}-${++rid}`
const ymd = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

beforeAll(async () => {
  t = await startBookingsCloud()
})
afterAll(() => t?.stop())

/** A slot later today owned by the test (21:00 + n minutes is outside the plan). */
async function todaySlot(minutesFromNow: number, capacity = 5): Promise<string> {
  const at = new Date(t.now.getTime() + minutesFromNow * 60_000)
  const date = ymd(at)
  const hhmm = new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(11, 16)
  const id = `slot:${SERVICE_CENTER.id}:${date}:${hhmm.replace(':', '')}`
  const doc: SlotDoc = {
    _id: id,
    centerId: SERVICE_CENTER.id,
    date,
    startTime: hhmm,
    endTime: hhmm,
    startsAt: at,
    capacity,
    booked: 0,
    holders: [],
    status: 'open',
  }
  await t.cloud.database.insertMany('slots', [doc])
  return id
}

const call = <T>(action: string, input: object, openid: string) =>
  t.call<T>('bookings', { action, ...input }, openid)
/** The bookings timer's pass over what changed bookings carry (settle.ts). */
async function settle(): Promise<void> {
  const r = await t.dev.fire('bookings', 'settle')
  if (!r.ok) throw new Error(JSON.stringify(r))
}

describe('day at the window', () => {
  it('a resident books; the clerk sees it on the day sheet, checks it in by number, serves it; the resident rates', async () => {
    const slotId = await todaySlot(45)
    const booked = await call<{ id: string; number: string; date: string }>(
      'book',
      { itemId: 'item-juzhuzheng', slotId, materialsConfirmed: true, clientRequestId: req() },
      WANG,
    )
    expect(booked.ok).toBe(true)
    const ticket = await call<{ qrDataUrl: string; ics: string; materials: unknown[] }>(
      'ticket',
      { bookingId: booked.data!.id },
      WANG,
    )
    expect(ticket.data?.qrDataUrl).toMatch(/^data:image\/png;base64,/)
    expect(ticket.data?.ics).toContain('BEGIN:VEVENT')
    expect(ticket.data?.materials.length).toBe(4)

    const sheet = await call<{ slots: { id: string; rows: { id: string; residentName: string }[] }[] }>(
      'daySheet',
      {},
      CLERK,
    )
    const row = sheet.data!.slots.find((s) => s.id === slotId)!.rows.find((r) => r.id === booked.data!.id)
    expect(row?.residentName).toBe('王秀英')

    // Residents cannot read the sheet.
    expect((await call('daySheet', {}, WANG)).error?.code).toBe('FORBIDDEN')

    const checked = await call<{ status: string }>(
      'checkIn',
      { code: booked.data!.number.replace(/(\d{4})/, '$1 ') },
      CLERK,
    )
    expect(checked.data?.status).toBe('checkedIn')
    // Twice is harmless.
    expect(
      (await call<{ status: string }>('checkIn', { code: booked.data!.number }, CLERK)).data?.status,
    ).toBe('checkedIn')

    expect((await call('rateService', { bookingId: booked.data!.id, stars: 5 }, WANG)).error?.code).toBe(
      'CONFLICT',
    )
    const served = await call<{ status: string }>(
      'serve',
      { bookingId: booked.data!.id, outcome: 'done' },
      CLERK,
    )
    expect(served.data?.status).toBe('served')
    // The booking carries what follows; the bookings timer passes it on, once however often it fires.
    const [carrying] = t.cloud.database.find('bookings', { _id: booked.data!.id }) as { settle?: unknown[] }[]
    expect(carrying.settle).toContainEqual(expect.objectContaining({ kind: 'served' }))
    await settle()
    await settle()
    const [settled] = t.cloud.database.find('bookings', { _id: booked.data!.id }) as { settle?: unknown[] }[]
    expect(settled.settle).toBeUndefined()
    const msgs = t.cloud.database.find('messages', {
      touser: WANG,
      dedupeKey: `booking:${booked.data!.id}:rate`,
    })
    expect(msgs).toHaveLength(1)
    const rated = await call<{ rating: number; canRate: boolean }>(
      'rateService',
      { bookingId: booked.data!.id, stars: 5 },
      WANG,
    )
    expect(rated.data).toMatchObject({ rating: 5, canRate: false })
    const stats = t.cloud.database.find('stats', { committeeId: 'c-chunhui' })
    expect(stats.some((s) => (s.bookings as { served?: number; ratedGood?: number })?.served === 1)).toBe(
      true,
    )
  })

  it('not done: the missing material becomes a lesson on the tip, and the resident may book again that day', async () => {
    const slotId = await todaySlot(50)
    const b = await call<{ id: string }>(
      'book',
      { itemId: 'item-dibao', slotId, materialsConfirmed: true, clientRequestId: req() },
      LI,
    )
    await call('checkIn', { code: `LINLI-BOOKING:${b.data!.id}` }, CLERK)
    const r = await call<{ status: string; missingMaterial: string }>(
      'serve',
      { bookingId: b.data!.id, outcome: 'notDone', missingMaterial: '授权核对声明' },
      CLERK,
    )
    expect(r.data).toMatchObject({ status: 'notDone', missingMaterial: '授权核对声明' })
    await settle()
    const item = await call<{ lessons: { text: string }[] }>('item', { id: 'item-dibao' }, WANG)
    expect(item.data!.lessons.some((l) => l.text.includes('授权核对声明'))).toBe(true)
    const again = await todaySlot(55)
    expect(
      (
        await call(
          'book',
          { itemId: 'item-dibao', slotId: again, materialsConfirmed: true, clientRequestId: req() },
          LI,
        )
      ).ok,
    ).toBe(true)
    expect((await call('serve', { bookingId: b.data!.id, outcome: 'notDone' }, CLERK)).error?.code).toBe(
      'INVALID_INPUT',
    )
  })

  it('no-show only from 15 minutes after the slot started', async () => {
    const slotId = await todaySlot(35)
    const b = await call<{ id: string }>(
      'book',
      { itemId: 'item-laonian-ka', slotId, materialsConfirmed: true, clientRequestId: req() },
      'resident-t1',
    )
    const early = await call('noShow', { bookingId: b.data!.id }, CLERK)
    expect(early.error?.code).toBe('CONFLICT')
    expect(early.error?.message).toMatch('15分钟')
    await t.dev.setClock(t.clockOffsetMs + 51 * 60_000)
    const late = await call<{ status: string }>('noShow', { bookingId: b.data!.id }, CLERK)
    await t.dev.setClock(t.clockOffsetMs)
    expect(late.data?.status).toBe('noShow')
  })

  it('walk-ins count for the item frequency, once per request', async () => {
    const before = (await call<{ yearCount: number }>('item', { id: 'item-bingyi-dengji' }, WANG)).data!
      .yearCount
    const id = req()
    const [a, b] = await Promise.all([
      call<{ walkIn: boolean; status: string }>(
        'walkIn',
        { itemIds: ['item-bingyi-dengji'], residentName: '小周', clientRequestId: id },
        CLERK,
      ),
      call('walkIn', { itemIds: ['item-bingyi-dengji'], residentName: '小周', clientRequestId: id }, CLERK),
    ])
    expect(a.data).toMatchObject({ walkIn: true, status: 'checkedIn' })
    expect(b.ok).toBe(true)
    await Promise.all([settle(), settle()])
    expect(
      (await call<{ yearCount: number }>('item', { id: 'item-bingyi-dengji' }, WANG)).data!.yearCount,
    ).toBe(before + 1)
  })
})

describe('items, slots and closures', () => {
  it('search by Chinese and pinyin initials, high-frequency first', async () => {
    const r = await call<{ items: { id: string; highFrequency: boolean }[] }>(
      'items',
      { keyword: '居住证' },
      WANG,
    )
    expect(r.data!.items[0].id).toBe('item-juzhuzheng')
    const p = await call<{ items: { id: string }[] }>('items', { keyword: 'jzz' }, WANG)
    expect(p.data!.items.map((i) => i.id)).toContain('item-juzhuzheng')
    const all = await call<{ items: { highFrequency: boolean }[]; categories: unknown[] }>('items', {}, WANG)
    expect(all.data!.items.length).toBeGreaterThanOrEqual(30)
    const firstLow = all.data!.items.findIndex((i) => !i.highFrequency)
    expect(all.data!.items.slice(firstLow).every((i) => !i.highFrequency)).toBe(true)
  })

  it('saving an item keeps the previous version and refuses a stale edit', async () => {
    const h0 = await call<{ current: { version: number; name: string } & Record<string, unknown> }>(
      'itemHistory',
      { id: 'item-youfu-dengji' },
      CLERK,
    )
    const cur = h0.data!.current
    const fields = {
      name: '退役军人优待证申领',
      category: '其他',
      subcategory: '退役军人',
      summary: '更新后的说明。',
      materials: [{ name: '本人居民身份证', form: 'original', count: 1, notes: '' }],
      eligibility: [],
      fees: '免费',
      processingTime: '30个工作日',
      cityWide: true,
      onlineUrl: '',
      related: [],
      keywords: ['优待证'],
    }
    const saved = await call<{ version: number; summary: string }>(
      'saveItem',
      { id: 'item-youfu-dengji', expectedVersion: cur.version, fields },
      CLERK,
    )
    expect(saved.data).toMatchObject({ version: cur.version + 1, summary: '更新后的说明。' })
    const stale = await call(
      'saveItem',
      { id: 'item-youfu-dengji', expectedVersion: cur.version, fields },
      CLERK,
    )
    expect(stale.error?.code).toBe('CONFLICT')
    const h1 = await call<{ versions: { version: number; fields: { summary: string } }[] }>(
      'itemHistory',
      { id: 'item-youfu-dengji' },
      CLERK,
    )
    expect(h1.data!.versions[0].version).toBe(cur.version)
    expect(h1.data!.versions[0].fields.summary).toBe(cur.summary)
    expect((await call('saveItem', { fields }, WANG)).error?.code).toBe('FORBIDDEN')
  })

  it('openSlots is idempotent and never resets bookings', async () => {
    const a = await call<{ created: number; existing: number }>('openSlots', { days: 14 }, CLERK)
    expect(a.ok).toBe(true)
    expect(a.data!.created).toBe(0)
    const wang = t.cloud.database.find('slots', { holders: 'bk-demo-wang' })
    expect(wang).toHaveLength(1)
  })

  it('closing a day cancels its bookings and tells each resident once', async () => {
    const wangBooking = t.cloud.database.find('bookings', { _id: 'bk-demo-wang' })[0] as { date: string }
    const date = wangBooking.date
    const active = t.cloud.database.count('bookings', { date, status: 'booked' })
    const first = await call<{ cancelled: number; notified: number }>(
      'closeDay',
      { date, reason: '临时停电', confirm: true },
      CLERK,
    )
    expect(first.data!.cancelled).toBe(active)
    await settle()
    const again = await call<{ cancelled: number; notified: number }>(
      'closeDay',
      { date, reason: '临时停电', confirm: true },
      CLERK,
    )
    expect(again.data).toMatchObject({ cancelled: 0, notified: 0 })
    await settle()
    expect(
      t.cloud.database.find('messages', { touser: WANG, dedupeKey: 'booking:bk-demo-wang:closed' }),
    ).toHaveLength(1)
    const mine = await call<{ upcoming: { id: string }[]; past: { id: string; status: string }[] }>(
      'mine',
      {},
      WANG,
    )
    expect(mine.data!.past.find((p) => p.id === 'bk-demo-wang')?.status).toBe('closed')
    const slots = await call<{ days: { date: string; closed: boolean; reason?: string }[] }>(
      'slots',
      { itemId: 'item-laonian-jintie' },
      WANG,
    )
    expect(slots.data!.days.find((d) => d.date === date)).toMatchObject({ closed: true, reason: '临时停电' })
    expect((await call('closeDay', { date, reason: '临时停电', confirm: false }, CLERK)).error?.code).toBe(
      'INVALID_INPUT',
    )
    checkInvariants(t.cloud.database)
  })
})
