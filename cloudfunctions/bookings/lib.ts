/**
 * Loading and shaping shared by the bookings actions: the center, items, tickets and day-sheet rows, the
 * scope check for clerks, and where a case is counted in the reports.
 */
import {
  ACTIVE_STATUSES,
  BOOKING_STATUS_LABEL,
  type BookingDoc,
  type CenterInfo,
  type ItemSummary,
  type ServiceCenterDoc,
  ServiceItemDoc,
  type SheetRow,
  SlotDoc,
  type Ticket,
} from '../../types/bookings'
import type { Ctx } from '../shared/router'
import type { Database } from '../shared/cloud'
import { storeOf } from '../shared/data'
import { notFound } from '../shared/errors'
import { bumpStats } from '../shared/stats'
import { cancelRefusal, noShowRefusal } from './rules/booking'
import { isHighFrequencyIn } from './rules/items'
import { toDate, yearOf } from './rules/time'

export async function loadCenter(db: Database, centerId?: string): Promise<ServiceCenterDoc> {
  const centers = storeOf(db).serviceCenters
  const center = centerId ? await centers.get(centerId) : ((await centers.find({}, { limit: 1 }))[0] ?? null)
  if (!center) throw notFound('没有找到服务中心')
  return center
}

/**
 * Warm-instance caches for the hot read path (`slots`): an item's center never changes (items are never
 * deleted or moved), so that fact is kept for the instance's life; the center document (plan, closures) is
 * kept for 30 s. Booking decisions never use the cached center: a closed day is also marked on each slot.
 */
const itemCenter = new Map<string, string>()
const centerCache = new Map<string, { doc: ServiceCenterDoc; at: number }>()
const CENTER_TTL_MS = 30_000

export async function cachedCenter(db: Database, centerId: string, now: Date): Promise<ServiceCenterDoc> {
  const hit = centerCache.get(centerId)
  if (hit && now.getTime() - hit.at < CENTER_TTL_MS && now.getTime() >= hit.at) return hit.doc
  const doc = await loadCenter(db, centerId)
  centerCache.set(centerId, { doc, at: now.getTime() })
  return doc
}

/** The center that handles the items; reads the items only the first time (NOT_FOUND for unknown ones). */
export async function centerOfItems(db: Database, ids: readonly string[]): Promise<string> {
  const known = ids.map((id) => itemCenter.get(id))
  if (known.every((c) => c !== undefined)) return known[0] as string
  const items = await loadItems(db, ids)
  for (const i of items) itemCenter.set(i._id, i.centerId)
  return items[0].centerId
}

/** The clerk's own center (scope `center`). */
export function clerkCenterId(ctx: Ctx): string {
  const id = ctx.caller.staff?.centerId
  if (!id) throw notFound('您还没有分配到服务中心')
  return id
}

export const centerInfo = (c: ServiceCenterDoc): CenterInfo => ({
  id: c._id,
  name: c.name,
  address: c.address,
  phone: c.phone,
  latitude: c.location.latitude,
  longitude: c.location.longitude,
})

/**
 * What the booking window's views, suggestions and the day sheet read of a slot: not its holders, which grow
 * with its bookings.
 */
export const SLOT_VIEW_FIELDS = {
  date: true,
  startTime: true,
  endTime: true,
  startsAt: true,
  capacity: true,
  windows: true,
  booked: true,
  status: true,
  closedReason: true,
} as const
export type SlotLine = Pick<SlotDoc, '_id' | keyof typeof SLOT_VIEW_FIELDS>
/** A slot as `SLOT_VIEW_FIELDS` reads it, for rows an aggregation looks up. */
export const SlotLineDoc = SlotDoc.pick({ _id: true, ...SLOT_VIEW_FIELDS })

/** The slot id names its center: `slot:<center>:<date>:<HHmm>`. */
export function centerOfSlotId(slotId: string): string | null {
  const m = /^slot:(.+):(\d{4}-\d{2}-\d{2}):(\d{4})$/.exec(slotId)
  return m ? m[1] : null
}

export async function loadSlot(db: Database, slotId: string): Promise<SlotDoc> {
  const slot = centerOfSlotId(slotId) ? await storeOf(db).slots.get(slotId) : null
  if (!slot) throw notFound('没有找到这个预约时段')
  return slot
}

/** Items by id, in the order asked; any unknown id is NOT_FOUND. */
export async function loadItems(db: Database, ids: readonly string[]): Promise<ServiceItemDoc[]> {
  const _ = db.command
  const items = storeOf(db).serviceItems
  const found =
    ids.length === 1
      ? [await items.get(ids[0])].filter((i) => i !== null)
      : await items.find({ _id: _.in([...ids]) }, { limit: ids.length })
  const byId = new Map(found.map((i) => [i._id, i]))
  return ids.map((id) => {
    const item = byId.get(id)
    if (!item) throw notFound('没有找到这个办理事项')
    return item
  })
}

export async function loadOwnBooking(ctx: Ctx, bookingId: string): Promise<BookingDoc> {
  const b = await ctx.store.bookings.get(bookingId)
  // Someone else's booking reads as missing: its existence is not revealed.
  if (!b || b.openid !== ctx.caller.openid) throw notFound('没有找到这个预约')
  return b
}

export async function loadCenterBooking(ctx: Ctx, bookingId: string): Promise<BookingDoc> {
  const b = await ctx.store.bookings.get(bookingId)
  if (!b || b.centerId !== clerkCenterId(ctx)) throw notFound('没有找到这个预约')
  return b
}

export const uniqueIds = (ids: readonly string[]): string[] => [...new Set(ids)]

/**
 * What a catalogue line (and the keyword search) reads of an item: not the lessons, which only the tip page
 * shows and which grow with every unfinished case.
 */
export const LINE_FIELDS = {
  name: true,
  category: true,
  subcategory: true,
  summary: true,
  materials: true,
  cityWide: true,
  onlineUrl: true,
  frequency: true,
  keywords: true,
  pinyin: true,
} as const
export type ItemLine = Pick<ServiceItemDoc, '_id' | keyof typeof LINE_FIELDS>
/** An item as `LINE_FIELDS` reads it, for rows an aggregation looks up. */
export const ItemLineDoc = ServiceItemDoc.pick({ _id: true, ...LINE_FIELDS })

/** A catalogue line; `year` is the current Asia/Shanghai year (`yearOf(now)`), worked out once per request. */
export function itemSummary(i: ItemLine, year: string): ItemSummary {
  return {
    id: i._id,
    name: i.name,
    category: i.category,
    subcategory: i.subcategory,
    summary: i.summary,
    highFrequency: isHighFrequencyIn(i.frequency, year),
    cityWide: i.cityWide,
    online: i.onlineUrl !== '',
    materialsCount: i.materials.length,
  }
}

/** This year's count of an item; `year` as for `itemSummary`. */
export const yearCount = (i: Pick<ServiceItemDoc, 'frequency'>, year: string): number =>
  i.frequency[year] ?? 0

const iso = (v: Date | string | undefined): string | undefined =>
  v === undefined ? undefined : toDate(v).toISOString()

export function ticketOf(b: BookingDoc, center: ServiceCenterDoc, now: Date): Ticket {
  return {
    id: b._id,
    number: b.number,
    status: b.status,
    statusLabel: BOOKING_STATUS_LABEL[b.status],
    itemIds: b.itemIds,
    itemNames: b.itemNames,
    date: b.date,
    startTime: b.startTime ?? '',
    endTime: b.endTime ?? '',
    startsAt: iso(b.startsAt),
    canCancel: cancelRefusal(b, now) === null,
    canRate: (b.status === 'served' || b.status === 'notDone') && b.rating === undefined,
    missingMaterial: b.missingMaterial,
    rating: b.rating,
    center: centerInfo(center),
  }
}

export function sheetRow(b: BookingDoc, now: Date): SheetRow {
  return {
    id: b._id,
    number: b.number,
    status: b.status,
    statusLabel: BOOKING_STATUS_LABEL[b.status],
    residentName: b.residentName ?? (b.walkIn ? '现场取号' : '居民'),
    itemNames: b.itemNames,
    itemIds: b.itemIds,
    startTime: b.startTime,
    walkIn: b.walkIn,
    checkedInAt: iso(b.checkedInAt),
    missingMaterial: b.missingMaterial,
    canNoShow: noShowRefusal(b, now) === null,
  }
}

export const isActive = (b: Pick<BookingDoc, 'status'>): boolean => ACTIVE_STATUSES.includes(b.status)

/**
 * The committee a resident belongs to: a confirmed household binding first, else the first committee they
 * follow. The service center is not a committee, so a case without one is counted under the center's id.
 */
export function residentCommittee(resident: Ctx['caller']['resident']): string | undefined {
  if (!resident) return undefined
  const bound = resident.households.find((h) => h.status === 'confirmed')
  return bound?.committeeId ?? resident.committeeIds[0]
}

/** Counters for reports (`bookings.served` …), keyed by the resident's committee or else the center. */
export async function bumpBookingStats(
  db: Database,
  b: Pick<BookingDoc, 'committeeId' | 'centerId' | 'subdistrictId'>,
  at: Date,
  counters: Record<string, number>,
): Promise<void> {
  await bumpStats(
    db,
    { committeeId: b.committeeId ?? b.centerId, subdistrictId: b.subdistrictId, at },
    counters,
  )
}

/** Adds to the yearly counters of items (one request for all of them). */
export async function bumpFrequency(
  db: Database,
  itemIds: readonly string[],
  now: Date,
  by: number,
): Promise<void> {
  const _ = db.command
  await storeOf(db).serviceItems.updateWhere(
    { _id: _.in([...itemIds]) },
    { [`frequency.${yearOf(now)}`]: _.inc(by) },
  )
}
