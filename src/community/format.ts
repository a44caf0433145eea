import type { BindingView, HouseholdBinding } from '../../types/community'

export const COMMUNITY_ROUTES = {
  committees: '/community/pages/committees/index',
  bind: '/community/pages/bind/index',
  profile: '/community/pages/profile/index',
  notice: (id: string) => `/community/pages/notice/index?id=${encodeURIComponent(id)}`,
  redeem: '/community/pages/redeem/index',
  roster: '/pkg-staff/community/roster/index',
  bindings: '/pkg-staff/community/bindings/index',
  publish: '/pkg-staff/community/publish/index',
} as const

export const BINDING_STATUS: Record<HouseholdBinding['status'], string> = {
  pending: '等待块长确认',
  confirmed: '已确认',
  declined: '未通过，请核对地址',
}

/**
 * A binding's address as people say it: 春晖苑一期 1号楼 101室. A binding saved without its building or room
 * (older records) shows what it has — the block, else the committee — never a bare "室".
 */
export function bindingAddress(
  b: Pick<BindingView, 'blockName' | 'building' | 'room' | 'committeeName'>,
): string {
  const room = b.room ? (/室$/.test(b.room) ? b.room : `${b.room}室`) : ''
  const parts = [b.blockName, b.building, room].filter(Boolean)
  return parts.length ? parts.join(' ') : b.committeeName
}

/** `2025-03-01T02:00:00Z` → `3月1日`, in Beijing time. */
export function shortDate(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3_600_000)
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日`
}

/**
 * The committee a QR code or link names: the mini-program code passes `scene` (URL-encoded `c=<id>`),
 * the H5 link `?committee=<id>`.
 */
export function committeeFromParams(
  params: Record<string, string | undefined>,
): { committeeId?: string; scene?: string } | undefined {
  if (params.committee) return { committeeId: decodeURIComponent(params.committee) }
  if (params.scene) return { scene: params.scene }
  return undefined
}
