import QRCode from 'qrcode'
import type { bookingsContract } from '../../../types/bookings'
import type { Handler } from '../../shared/router'
import { cachedCenter, loadItems, loadOwnBooking, ticketOf } from '../lib'
import { qrPayload } from '../rules/booking'
import { ticketIcs } from '../rules/calendar'
import { mergeMaterials } from '../rules/items'

/**
 * The ticket page: QR code and calendar file are made here, so the app carries neither library; the QR
 * holds only the booking id, which a clerk's scan turns into a check-in.
 */
// The center only names and locates the place (its 30-s instance copy will do); the booking is read fresh.
export const ticket: Handler<typeof bookingsContract.ticket> = async (input, ctx) => {
  const b = await loadOwnBooking(ctx, input.bookingId)
  const [center, items] = await Promise.all([
    cachedCenter(ctx.db, b.centerId, ctx.now),
    loadItems(ctx.db, b.itemIds).catch(() => []),
  ])
  const base = ticketOf(b, center, ctx.now)
  const qrDataUrl = await QRCode.toDataURL(qrPayload(b._id), {
    errorCorrectionLevel: 'M',
    margin: 2,
    width: 320,
  })
  const ics = b.startTime
    ? ticketIcs({
        id: b._id,
        number: b.number,
        itemNames: b.itemNames,
        date: b.date,
        startTime: b.startTime,
        endTime: b.endTime ?? b.startTime,
        centerName: center.name,
        centerAddress: center.address,
        latitude: center.location.latitude,
        longitude: center.location.longitude,
      })
    : ''
  return { ...base, qrDataUrl, ics, materials: mergeMaterials(items.map((i) => i.materials)) }
}
