/**
 * Window booking benchmarks, through /fn (the function host and the real SDK) on a seeded local cloud:
 *  1. contention: 200 concurrent `book` calls for one slot of capacity 20 → exactly 20 bookings; total time;
 *  2. `slots` for an item over 14 days with 50k bookings stored: p50/p95 of 300 sequential calls;
 *  3. database requests per action (emulator request counters around one call of each).
 * Run: `npx tsx bench/bookings-slots.ts` (prints a Markdown section for bench/RESULTS.md).
 */
import { cpus, loadavg, totalmem } from 'node:os'
import type { BookingDoc, SlotDoc } from '../types/bookings'
import { SERVICE_CENTER, SUBDISTRICT } from '../emulator/seed/identities'
import { startBookingsCloud, CLERK, WANG } from '../tests/integration/bookings/cloud'

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]
}
const ms = (n: number) => `${n.toFixed(2)} ms`
const ymd = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)

async function main(): Promise<void> {
  const t = await startBookingsCloud({ maxInstances: 4 })
  const out: string[] = []
  const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ')
  out.push(`### Window booking (issue 8) — ${stamp} UTC`)
  out.push(
    `Machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; /fn with 4 warm instances`,
  )
  out.push('')

  // 1. contention
  const date = ymd(new Date(t.now.getTime() + 2 * 86_400_000))
  const slotId = `slot:${SERVICE_CENTER.id}:${date}:1800`
  const slot: SlotDoc = {
    _id: slotId,
    centerId: SERVICE_CENTER.id,
    date,
    startTime: '18:00',
    endTime: '18:30',
    startsAt: new Date(`${date}T18:00:00+08:00`),
    capacity: 20,
    booked: 0,
    holders: [],
    status: 'open',
  }
  await t.cloud.database.insertMany('slots', [slot])
  // Warm the instances first so the measurement is the contention, not cold starts.
  await Promise.all(
    Array.from({ length: 8 }, () => t.call('bookings', { action: 'items', keyword: 'x' }, WANG)),
  )
  const t0 = performance.now()
  const results = await Promise.all(
    Array.from({ length: 200 }, (_, i) =>
      t.call(
        'bookings',
        {
          action: 'book',
          itemId: 'item-juzhuzheng',
          slotId,
          materialsConfirmed: true,
          clientRequestId: `bench-${i}-xxxx`,
        },
        `bench-${i}`,
      ),
    ),
  )
  const total = performance.now() - t0
  const ok = results.filter((r) => r.ok).length
  const conflicts = results.filter((r) => r.error?.code === 'CONFLICT').length
  const stored = t.cloud.database.count('bookings', { slotId })
  out.push(
    `- contention: 200 concurrent \`book\` for one slot of capacity 20 → ${ok} bookings, ${conflicts} CONFLICT (with next free slots), ${stored} stored; total ${(total / 1000).toFixed(2)} s (${(total / 200).toFixed(1)} ms per call on average)`,
  )

  // 2. 50k bookings, then slots p95
  const existing = t.cloud.database.count('bookings')
  const many: BookingDoc[] = []
  const start = Date.now()
  for (let i = existing; i < 50_000; i++) {
    const d = ymd(new Date(start - (i % 365) * 86_400_000))
    many.push({
      _id: `bench-bk-${i}`,
      number: String(10_000_000 + i),
      openid: `bench-resident-${i % 5000}`,
      subdistrictId: SUBDISTRICT.id,
      centerId: SERVICE_CENTER.id,
      itemIds: ['item-juzhuzheng'],
      itemNames: ['居住证办理'],
      slotId: `slot:${SERVICE_CENTER.id}:${d}:0900`,
      date: d,
      startTime: '09:00',
      endTime: '09:30',
      startsAt: new Date(`${d}T09:00:00+08:00`),
      status: 'served',
      walkIn: false,
      createdAt: new Date(`${d}T08:00:00+08:00`),
      rescheduledFrom: [],
    })
  }
  for (let i = 0; i < many.length; i += 10_000)
    await t.cloud.database.insertMany('bookings', many.slice(i, i + 10_000))
  const stored50k = t.cloud.database.count('bookings')
  // `slots` and, interleaved in the same run, `item` (also three reads, a small answer) as a baseline: the
  // shared 2-core machine's load moves both alike.
  const times: number[] = []
  const base: number[] = []
  for (let i = 0; i < 320; i++) {
    const a = performance.now()
    const r = await t.call('bookings', { action: 'slots', itemId: 'item-juzhuzheng' }, WANG)
    if (!r.ok) throw new Error(JSON.stringify(r.error))
    const b = performance.now()
    await t.call('bookings', { action: 'item', id: 'item-juzhuzheng' }, WANG)
    if (i >= 20) {
      times.push(b - a)
      base.push(performance.now() - b)
    }
  }
  const logs = await t.dev.logs({ fn: 'bookings' })
  const inFn = logs
    .map((l) => {
      try {
        return JSON.parse(l.text) as { action?: string; durationMs?: number }
      } catch {
        return {}
      }
    })
    .filter((l) => l.action === 'slots' && typeof l.durationMs === 'number')
    .map((l) => l.durationMs as number)
  out.push(
    `- \`slots\` for an item over 14 days, ${stored50k} bookings stored, 300 sequential calls via /fn after 20 warm-up: p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))} (target p95 ≤ 30 ms); inside the function (router log) p50 ${ms(pct(inFn, 50))}, p95 ${ms(pct(inFn, 95))}; baseline \`item\` in the same run p50 ${ms(pct(base, 50))}, p95 ${ms(pct(base, 95))}. When warm it makes one database read (the window's slots; the item's center is known and the center document is cached for 30 s); it never reads bookings`,
  )
  out.push(
    `- load average during the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}`,
  )

  // 3. DB requests per action
  const db = t.cloud.database
  const count = async (label: string, fn: string, event: object, openid: string) => {
    db.resetRequestCounts()
    const r = await t.call(fn, event, openid)
    const c = db.requestCounts()
    const n = Object.values(c).reduce((a, b) => a + b, 0)
    return `| ${label} | ${r.ok ? 'ok' : r.error?.code} | ${n} | ${Object.entries(c)
      .map(([k, v]) => `${k.replace('database.', '')} ${v}`)
      .join(', ')} |`
  }
  const slot2 = `slot:${SERVICE_CENTER.id}:${date}:1900`
  await db.insertMany('slots', [
    {
      ...slot,
      _id: slot2,
      startTime: '19:00',
      endTime: '19:30',
      startsAt: new Date(`${date}T19:00:00+08:00`),
    },
  ])
  const rows: string[] = []
  rows.push(await count('items (catalogue)', 'bookings', { action: 'items' }, WANG))
  rows.push(await count('item (tip)', 'bookings', { action: 'item', id: 'item-juzhuzheng' }, WANG))
  rows.push(await count('slots', 'bookings', { action: 'slots', itemId: 'item-juzhuzheng' }, WANG))
  rows.push(
    await count(
      'book',
      'bookings',
      {
        action: 'book',
        itemId: 'item-laonian-ka',
        slotId: slot2,
        materialsConfirmed: true,
        clientRequestId: 'bench-count-1',
      },
      'bench-counter',
    ),
  )
  rows.push(
    await count(
      'book (full slot → CONFLICT)',
      'bookings',
      {
        action: 'book',
        itemId: 'item-laonian-ka',
        slotId,
        materialsConfirmed: true,
        clientRequestId: 'bench-count-2',
      },
      'bench-counter-2',
    ),
  )
  const mine = (await t.call<{ upcoming: { id: string }[] }>('bookings', { action: 'mine' }, 'bench-counter'))
    .data!
  const bid = mine.upcoming[0].id
  rows.push(await count('mine', 'bookings', { action: 'mine' }, 'bench-counter'))
  rows.push(
    await count('ticket (QR + .ics)', 'bookings', { action: 'ticket', bookingId: bid }, 'bench-counter'),
  )
  rows.push(
    await count(
      'reschedule (transaction)',
      'bookings',
      {
        action: 'reschedule',
        bookingId: bid,
        slotId: `slot:${SERVICE_CENTER.id}:${date}:1000`,
        clientRequestId: 'bench-count-3',
      },
      'bench-counter',
    ),
  )
  rows.push(await count('cancel', 'bookings', { action: 'cancel', bookingId: bid }, 'bench-counter'))
  rows.push(await count('daySheet (today)', 'bookings', { action: 'daySheet' }, CLERK))
  rows.push(
    await count(
      'walkIn',
      'bookings',
      { action: 'walkIn', itemIds: ['item-dibao'], clientRequestId: 'bench-count-4' },
      CLERK,
    ),
  )
  rows.push(await count('openSlots (nothing new)', 'bookings', { action: 'openSlots', days: 14 }, CLERK))
  out.push('')
  out.push('Database requests per action (one call each, counted at the emulator):')
  out.push('')
  out.push('| action | answer | requests | by wire action |')
  out.push('| --- | --- | --- | --- |')
  out.push(...rows)
  console.log(out.join('\n'))
  await t.stop()
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
