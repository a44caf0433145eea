/**
 * Window booking demo data: the service center with its working plan, the business items and their tips,
 * slots for the past ten days and the next two weeks, some already booked, and past bookings that were
 * served, not done (missing material) or not come. 王秀英 and 李明 each have an upcoming booking.
 */
import type {
  BookingDoc,
  BookingGuardDoc,
  CertificationDoc,
  ServiceCenterDoc,
  ServiceItemDoc,
  SlotDoc,
} from '../../types/bookings'
import type { ResidentDoc } from '../../types/community'
import {
  addDays,
  bookingNumber,
  dayStatus,
  guardId,
  instantOf,
  isHighFrequency,
  lessonText,
  localDate,
  planSlots,
  searchInitials,
  slotTimes,
  weekdayOf,
  yearOf,
} from '../../cloudfunctions/bookings/public'
import { SEED_ITEMS } from './bookings-items'
import type { SeedContext } from './context'
import { SERVICE_CENTER, SUBDISTRICT } from './identities'

export const DEMO_BOOKINGS = { wang: 'bk-demo-wang', li: 'bk-demo-li' } as const

/** The first working day after today (tomorrow, or Monday after a weekend), as the demo bookings' day. */
function nextWorkday(center: ServiceCenterDoc, today: string): string {
  for (let i = 1; i < 14; i++) {
    const d = addDays(today, i)
    if (dayStatus(center, d).open) return d
  }
  return addDays(today, 1)
}

/** An upcoming weekday at least four days ahead, closed for staff training, so the calendar shows a closure. */
function trainingDay(today: string): string {
  for (let i = 6; i < 13; i++) {
    const d = addDays(today, i)
    if (weekdayOf(d) === 3) return d
  }
  return addDays(today, 8)
}

export async function seedBookings(ctx: SeedContext): Promise<void> {
  const { now, rng } = ctx
  const today = localDate(now)
  const center: ServiceCenterDoc = {
    _id: SERVICE_CENTER.id,
    name: SERVICE_CENTER.name,
    address: SERVICE_CENTER.address,
    subdistrictId: SUBDISTRICT.id,
    phone: '010-62001200',
    location: { latitude: 39.9289, longitude: 116.3883 },
    plan: {
      weekdays: [1, 2, 3, 4, 5],
      open: '09:00',
      close: '17:00',
      lunch: { start: '11:30', end: '13:30' },
      slotMinutes: 30,
      windows: 8,
      minNoticeMinutes: 30,
    },
    closures: [],
    extraWorkdays: [],
    // Three of the eight windows staffed: 刘洋 is a demo login; 赵敏 and 孙强 appear on the coverage page only.
    seats: [
      { window: 1, openid: 'demo-clerk-liu', name: '刘洋' },
      { window: 2, openid: 'demo-clerk-zhao', name: '赵敏' },
      { window: 3, openid: 'demo-clerk-sun', name: '孙强' },
    ],
  }
  center.closures.push({ date: trainingDay(today), reason: '窗口人员集中业务培训' })

  const residents = ctx.inserted('residents')
  const people = residents.filter((r) => r.name && !r._id.startsWith('demo-') && !r._id.startsWith('staff-'))
  const committeeOf = (r: ResidentDoc) =>
    r.households.find((h) => h.status === 'confirmed')?.committeeId ?? r.committeeIds[0]

  // Slots: past ten days (history) and the booking window.
  const past = planSlots(center, new Date(instantOf(addDays(today, -10), '12:00')), 10)
  const upcoming = planSlots(center, now, 14)
  const slots: SlotDoc[] = [...past, ...upcoming]
  const bookings: BookingDoc[] = []
  const guards: BookingGuardDoc[] = []
  const yearCounts = new Map<string, number>()
  const thisYear = yearOf(now)

  const place = (
    slot: SlotDoc,
    resident: ResidentDoc | null,
    itemIds: string[],
    status: BookingDoc['status'],
    id?: string,
  ) => {
    const bid = id ?? `bk-seed-${bookings.length + 1}`
    const startsAt = new Date(slot.startsAt)
    const b: BookingDoc = {
      _id: bid,
      number: bookingNumber(bid),
      ...(resident ? { openid: resident._id, residentName: resident.name } : {}),
      ...(resident && committeeOf(resident) ? { committeeId: committeeOf(resident) } : {}),
      subdistrictId: SUBDISTRICT.id,
      centerId: center._id,
      itemIds,
      itemNames: itemIds.map((i) => SEED_ITEMS.find((s) => s.id === i)?.name ?? i),
      slotId: slot._id,
      date: slot.date,
      startTime: slot.startTime,
      endTime: slot.endTime,
      startsAt,
      status,
      walkIn: false,
      createdAt: new Date(startsAt.getTime() - rng.int(1, 7) * 86_400_000),
      rescheduledFrom: [],
    }
    if (status === 'served' || status === 'notDone' || status === 'noShow') {
      b.checkedInAt = status === 'noShow' ? undefined : new Date(startsAt.getTime() - rng.int(0, 10) * 60_000)
      b.finishedAt = new Date(startsAt.getTime() + rng.int(10, 40) * 60_000)
      b.clerkOpenid = 'demo-clerk-liu'
      if (status === 'served' && rng.chance(0.6)) {
        b.rating = rng.chance(0.85) ? 5 : rng.int(2, 4)
        b.ratedAt = new Date(b.finishedAt.getTime() + 3_600_000)
      }
    }
    if (status === 'notDone')
      b.missingMaterial = rng.pick(['户口簿原件', '近期一寸照片', '租赁合同备案证明', '银行卡'])
    if (!b.checkedInAt) delete b.checkedInAt
    slot.booked += 1
    slot.holders.push(bid)
    if (resident && (status === 'booked' || status === 'checkedIn'))
      for (const itemId of itemIds)
        guards.push({
          _id: guardId(resident._id, itemId, slot.date),
          bookingId: bid,
          openid: resident._id,
          itemId,
          itemName: b.itemNames[0],
          date: slot.date,
          createdAt: b.createdAt,
        })
    for (const itemId of itemIds) yearCounts.set(itemId, (yearCounts.get(itemId) ?? 0) + 1)
    bookings.push(b)
  }

  // Weighted by last year's counts, so the busy items are busy in the demo too.
  const weighted = SEED_ITEMS.flatMap((i) =>
    Array.from({ length: Math.max(1, Math.round(i.lastYear / 200)) }, () => i.id),
  )
  const nowMs = now.getTime()
  for (const slot of slots) {
    const startsMs = new Date(slot.startsAt).getTime()
    const isPast = startsMs < nowMs
    const n = isPast
      ? rng.int(2, 6)
      : rng.int(0, Math.ceil(slot.capacity * (slot.date === addDays(today, 1) ? 0.7 : 0.35)))
    for (let k = 0; k < n && slot.booked < slot.capacity - 1; k++) {
      const resident = rng.pick(people)
      const itemId = rng.pick(weighted)
      if (!isPast && guards.some((g) => g._id === guardId(resident._id, itemId, slot.date))) continue
      const status: BookingDoc['status'] = !isPast
        ? 'booked'
        : rng.chance(0.8)
          ? 'served'
          : rng.chance(0.5)
            ? 'notDone'
            : 'noShow'
      place(slot, resident, [itemId], status)
    }
  }

  // The demo residents' own upcoming bookings, on the next working day.
  const day = nextWorkday(center, today)
  const slotAt = (time: string) =>
    slots.find((s) => s._id === `slot:${center._id}:${day}:${time.replace(':', '')}`) as SlotDoc
  const wang = residents.find((r) => r._id === 'demo-resident-wang') ?? null
  const li = residents.find((r) => r._id === 'demo-resident-li') ?? null
  const times = slotTimes(center.plan)
  if (wang)
    place(
      slotAt(times[1].start),
      { ...wang, name: wang.name ?? '王秀英' },
      ['item-laonian-jintie'],
      'booked',
      DEMO_BOOKINGS.wang,
    )
  if (li)
    place(
      slotAt(times[times.length - 3].start),
      { ...li, name: li.name ?? '李明' },
      ['item-yibao-baoxiao'],
      'booked',
      DEMO_BOOKINGS.li,
    )
  // The demo slot must not be full because of the two additions.
  for (const s of slots) s.capacity = Math.max(s.capacity, s.booked)

  // Walk-ins of the past days.
  for (const slot of past.filter((_, i) => i % 3 === 0)) {
    const id = `bk-walkin-${bookings.length + 1}`
    const itemId = rng.pick(weighted)
    const at = new Date(slot.startsAt)
    bookings.push({
      _id: id,
      number: bookingNumber(id),
      subdistrictId: SUBDISTRICT.id,
      centerId: center._id,
      itemIds: [itemId],
      itemNames: [SEED_ITEMS.find((s) => s.id === itemId)?.name ?? itemId],
      date: slot.date,
      startTime: slot.startTime,
      status: 'served',
      walkIn: true,
      createdAt: at,
      checkedInAt: at,
      finishedAt: new Date(at.getTime() + 20 * 60_000),
      clerkOpenid: 'demo-clerk-liu',
      rescheduledFrom: [],
    })
    yearCounts.set(itemId, (yearCounts.get(itemId) ?? 0) + 1)
  }

  bookings.push(...followUpHistory(center, people, committeeOf, now))

  const lastYear = String(Number(thisYear) - 1)
  const items: ServiceItemDoc[] = SEED_ITEMS.map(({ id, lastYear: count, ...fields }) => {
    const lessons = bookings
      .filter((b) => b.status === 'notDone' && b.itemIds[0] === id && b.missingMaterial)
      .slice(0, 2)
      .map((b) => ({ text: lessonText(b.missingMaterial as string), at: b.finishedAt as Date }))
    return {
      ...fields,
      _id: id,
      centerId: center._id,
      pinyin: searchInitials(fields.name, fields.keywords),
      lessons,
      frequency: { [lastYear]: count, [thisYear]: Math.round(count * 0.8) + (yearCounts.get(id) ?? 0) },
      version: 1,
      weight: itemWeight(fields),
      updatedOn: addDays(today, -rng.int(3, 90)),
      updatedBy: '刘洋',
    }
  })

  const certifications = seedCertifications(items, center, now)

  await ctx.insert('serviceCenters', [center])
  await ctx.insert('serviceItems', items)
  await ctx.insert('slots', slots)
  await ctx.insert('bookings', bookings)
  await ctx.insert('bookingGuards', guards)
  await ctx.insert('certifications', certifications)
}

/** The demo's item weight (事项分值): more materials and conditions, a harder case. */
function itemWeight(f: Pick<ServiceItemDoc, 'materials' | 'eligibility'>): number {
  return Math.min(5, Math.max(1, Math.round((f.materials.length + f.eligibility.length) / 2)))
}

/**
 * Who has passed which quiz, 6 days ago (the follow-up page compares the days before and after): 孙强 every high-frequency item, 刘洋 all but 居住证办理 (the browser
 * test has him take it), 赵敏 only the first two, so the coverage page names gaps.
 */
function seedCertifications(
  items: readonly ServiceItemDoc[],
  center: ServiceCenterDoc,
  now: Date,
): CertificationDoc[] {
  const hf = items.filter((i) => isHighFrequency(i.frequency, now))
  const at = new Date(now.getTime() - 6 * 86_400_000)
  const certify = (seat: { openid: string; name: string }, list: readonly ServiceItemDoc[]) =>
    list.map((i): CertificationDoc => ({
      _id: `cert:${seat.openid}:${i._id}`,
      openid: seat.openid,
      name: seat.name,
      centerId: center._id,
      itemId: i._id,
      itemName: i.name,
      version: i.version,
      certifiedAt: at,
      correct: 6,
      total: 6,
    }))
  const [liu, zhao, sun] = center.seats
  return [
    ...certify(
      liu,
      hf.filter((i) => i._id !== 'item-juzhuzheng'),
    ),
    ...certify(zhao, hf.slice(0, 2)),
    ...certify(sun, hf),
  ]
}

/**
 * Cases around the certifications (6 days ago), so the follow-up page has a baseline and an after — inside the
 * ten days of booking history, so the reports' generated history before it is unchanged:
 * 刘洋's 居住登记 went wrong more often after he passed (one resident came back within days) and is flagged for
 * re-training; 孙强's 老年津贴 went better. Taken at the window as walk-ins by residents the clerk knew.
 */
function followUpHistory(
  center: ServiceCenterDoc,
  people: readonly ResidentDoc[],
  committeeOf: (r: ResidentDoc) => string | undefined,
  now: Date,
): BookingDoc[] {
  const today = localDate(now)
  const plan: [clerk: string, itemId: string, daysAgo: number, done: boolean, resident: number][] = [
    ['demo-clerk-liu', 'item-juzhu-dengji', 10, true, 0],
    ['demo-clerk-liu', 'item-juzhu-dengji', 9, true, 1],
    ['demo-clerk-liu', 'item-juzhu-dengji', 9, true, 2],
    ['demo-clerk-liu', 'item-juzhu-dengji', 8, true, 3],
    ['demo-clerk-liu', 'item-juzhu-dengji', 7, true, 4],
    ['demo-clerk-liu', 'item-juzhu-dengji', 5, false, 5],
    ['demo-clerk-liu', 'item-juzhu-dengji', 4, true, 5],
    ['demo-clerk-liu', 'item-juzhu-dengji', 3, false, 6],
    ['demo-clerk-liu', 'item-juzhu-dengji', 2, false, 7],
    ['demo-clerk-liu', 'item-juzhu-dengji', 1, true, 8],
    ['demo-clerk-liu', 'item-juzhu-dengji', 4, false, 16],
    ['demo-clerk-liu', 'item-juzhu-dengji', 1, false, 17],
    ['demo-clerk-sun', 'item-laonian-jintie', 10, false, 9],
    ['demo-clerk-sun', 'item-laonian-jintie', 9, false, 10],
    ['demo-clerk-sun', 'item-laonian-jintie', 8, true, 11],
    ['demo-clerk-sun', 'item-laonian-jintie', 7, true, 12],
    ['demo-clerk-sun', 'item-laonian-jintie', 5, true, 13],
    ['demo-clerk-sun', 'item-laonian-jintie', 3, true, 14],
    ['demo-clerk-sun', 'item-laonian-jintie', 2, true, 15],
  ]
  return plan.map(([clerk, itemId, daysAgo, done, k], i): BookingDoc => {
    const date = addDays(today, -daysAgo)
    const at = new Date(instantOf(date, '10:00'))
    const r = people[k % people.length]
    const id = `bk-followup-${i + 1}`
    const committeeId = committeeOf(r)
    return {
      _id: id,
      number: bookingNumber(id),
      openid: r._id,
      residentName: r.name,
      ...(committeeId ? { committeeId } : {}),
      subdistrictId: SUBDISTRICT.id,
      centerId: center._id,
      itemIds: [itemId],
      itemNames: [SEED_ITEMS.find((s) => s.id === itemId)?.name ?? itemId],
      date,
      startTime: '10:00',
      status: done ? 'served' : 'notDone',
      ...(done ? {} : { missingMaterial: '租赁合同备案证明' }),
      walkIn: true,
      createdAt: at,
      checkedInAt: at,
      finishedAt: new Date(at.getTime() + 15 * 60_000),
      clerkOpenid: clerk,
      rescheduledFrom: [],
    }
  })
}
