/**
 * Staff invitations (工作人员邀请): who may invite whom, the one-time code, and whether a code can still be
 * redeemed. Pure: the caller passes the inviter, the target's facts and `now`.
 */
import type { StaffRole } from '../../../types/roles'

/** Unambiguous characters only (no 0/O, 1/I/L): the code is read aloud and typed by elders. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const CODE_LENGTH = 8

/** 8 characters from the alphabet, from any hex string of at least 16 characters (random or derived). */
export function codeFromHex(hex: string): string {
  let out = ''
  for (let i = 0; i < CODE_LENGTH; i++) {
    const n = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
    out += CODE_ALPHABET[n % CODE_ALPHABET.length]
  }
  return out
}

export interface Inviter {
  readonly role: StaffRole
  readonly subdistrictId: string
  readonly committeeId?: string
}

export interface InviteTarget {
  readonly role: StaffRole
  /** The committee's sub-district, when the invitation names a committee that exists. */
  readonly committee?: { readonly id: string; readonly subdistrictId: string }
  readonly center?: { readonly id: string; readonly subdistrictId: string }
  /** The committee of each named block (undefined when the block does not exist). */
  readonly blockCommittees: readonly (string | undefined)[]
}

/**
 * FORBIDDEN belongs to the policy table alone (the role may call `invite` at all); a role this inviter may
 * not hand out is a bad choice in the form (INVALID_INPUT on `role`), an object outside their reach NOT_FOUND.
 */
export type InviteDecision =
  | { ok: true }
  | { ok: false; kind: 'notFound'; message: string }
  | { ok: false; kind: 'invalid'; path: string; message: string }

/**
 * Committee admins invite block heads and other admins of their own committee; sub-district officers invite
 * committee admins of their committees, window clerks of their centers and fellow officers.
 */
export function decideInvite(inviter: Inviter, target: InviteTarget): InviteDecision {
  const allowed: readonly StaffRole[] =
    inviter.role === 'committeeAdmin'
      ? ['blockHead', 'committeeAdmin']
      : inviter.role === 'officer'
        ? ['committeeAdmin', 'windowClerk', 'officer']
        : []
  if (!allowed.includes(target.role)) {
    return { ok: false, kind: 'invalid', path: 'role', message: '您不能邀请这个岗位的工作人员' }
  }
  if (target.role === 'blockHead' || target.role === 'committeeAdmin') {
    const c = target.committee
    const inScope =
      c !== undefined &&
      (inviter.role === 'committeeAdmin'
        ? c.id === inviter.committeeId
        : c.subdistrictId === inviter.subdistrictId)
    if (!inScope) return { ok: false, kind: 'notFound', message: '没有找到这个居委会' }
  }
  if (target.role === 'windowClerk') {
    if (!target.center || target.center.subdistrictId !== inviter.subdistrictId) {
      return { ok: false, kind: 'notFound', message: '没有找到这个服务中心' }
    }
  }
  if (target.blockCommittees.length > 0) {
    if (target.role !== 'blockHead')
      return { ok: false, kind: 'invalid', path: 'blockIds', message: '只有块长需要分配片区' }
    if (target.blockCommittees.some((c) => c === undefined || c !== target.committee?.id)) {
      return { ok: false, kind: 'notFound', message: '有片区不属于这个居委会' }
    }
  }
  return { ok: true }
}

export type Redeemability = 'ok' | 'used' | 'expired'

export function redeemability(
  invite: { status: 'open' | 'used'; expiresAt: Date | string },
  now: Date,
): Redeemability {
  if (invite.status === 'used') return 'used'
  return new Date(invite.expiresAt).getTime() <= now.getTime() ? 'expired' : 'ok'
}

export const REDEEM_MESSAGES = {
  notFound: '邀请码不存在，请核对后重新输入',
  used: '这个邀请码已经用过了，每个邀请码只能用一次。请联系居委会重新获取',
  expired: '这个邀请码已过期，请联系居委会重新获取',
  alreadyStaff: '您已经是工作人员了，不需要再使用邀请码',
} as const
