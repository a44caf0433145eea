import { MATERIAL_FORM_LABEL } from '../../types/bookings'

/** Page paths of 办事 (resident) and the clerk's pages in 工作台. */
export const BOOKING_ROUTES = {
  items: '/bookings/pages/items/index',
  item: (id: string) => `/bookings/pages/item/index?id=${encodeURIComponent(id)}`,
  book: (itemIds: readonly string[], rescheduleId?: string) =>
    `/bookings/pages/book/index?items=${encodeURIComponent(itemIds.join(','))}${rescheduleId ? `&reschedule=${encodeURIComponent(rescheduleId)}` : ''}`,
  ticket: (id: string) => `/bookings/pages/ticket/index?id=${encodeURIComponent(id)}`,
  mine: '/bookings/pages/mine/index',
  daySheet: '/pkg-staff/bookings/day-sheet/index',
  staffItems: '/pkg-staff/bookings/items/index',
  itemEdit: (id?: string) =>
    `/pkg-staff/bookings/item-edit/index${id ? `?id=${encodeURIComponent(id)}` : ''}`,
  slots: '/pkg-staff/bookings/slots/index',
  plan: '/pkg-staff/bookings/plan/index',
  walkIn: '/pkg-staff/bookings/walk-in/index',
} as const

/** 原件 / 复印件 / 原件和复印件, as the item's checklist names each form. */
export const FORM_LABEL = MATERIAL_FORM_LABEL

/** `2026-11-24` → `11月24日` */
export const monthDay = (date: string): string =>
  `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`
