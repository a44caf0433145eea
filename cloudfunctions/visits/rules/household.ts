/**
 * Family-file rules (家庭档案规则): class suggestions from tags, what changed between versions, masking.
 */
import { MemberTag, type HouseholdClass, type Member } from '../../../types/visits'
import { maskPhone as sharedMaskPhone } from '../../shared/mask'

/** Tags that mark a special group (特殊群体): every member tag; any of them suggests class C. */
const SPECIAL_TAGS: readonly MemberTag[] = MemberTag.options

/**
 * A class suggestion (分类建议) when tags point at class C and the file says otherwise. Only a suggestion:
 * staff confirm, because a tag can be out of date and a family may decline extra visits.
 */
export function suggestClass(
  current: HouseholdClass,
  members: readonly Pick<Member, 'tags'>[],
): HouseholdClass | undefined {
  const special = members.some((m) => (m.tags ?? []).some((t) => SPECIAL_TAGS.includes(t)))
  return special && current !== 'C' ? 'C' : undefined
}

export const TRACKED_FIELDS = [
  'blockId',
  'building',
  'room',
  'class',
  'preferredChannel',
  'members',
  'notes',
] as const
export type TrackedField = (typeof TRACKED_FIELDS)[number]

export interface FieldChange {
  readonly field: TrackedField
  readonly before: unknown
  readonly after: unknown
}

/** Canonical JSON (sorted keys, undefined dropped), so equal content compares equal whatever the key order. */
function canonical(v: unknown): string {
  if (v === undefined) return 'null'
  if (v === null || typeof v !== 'object') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : 1))
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`
}

/** What a save changes (变更内容): one entry per tracked field whose content differs. */
export function diffHousehold(
  before: Partial<Record<TrackedField, unknown>>,
  after: Partial<Record<TrackedField, unknown>>,
): FieldChange[] {
  const changes: FieldChange[] = []
  for (const field of TRACKED_FIELDS) {
    if (canonical(before[field]) !== canonical(after[field]))
      changes.push({ field, before: before[field] ?? null, after: after[field] ?? null })
  }
  return changes
}

/** Phone number masked for lists (手机号脱敏): 138****1234. */
export const maskPhone = (phone: string | undefined): string | undefined => sharedMaskPhone(phone)

/** Address inside the block (门牌): 2号楼502室. */
export function address(h: { building: string; room: string }): string {
  return `${h.building}${h.room}室`
}

/**
 * The family file reaches staff with phones masked, and the edit form sends back what it showed: a phone
 * still in its masked form (with `*`) means "unchanged" and is replaced by the stored number it masks (the
 * same member's by position, else any member's with that mask), so a save never writes stars over a real
 * number. Returns the members to store, or the index of a masked phone that matches no stored number.
 */
export function restoreMaskedPhones<M extends { phone?: string }>(
  incoming: readonly M[],
  stored: readonly { phone?: string }[],
): { members: M[] } | { unknownAt: number } {
  const out: M[] = []
  for (const [i, m] of incoming.entries()) {
    if (!m.phone?.includes('*')) {
      out.push(m)
      continue
    }
    const same = stored[i]?.phone
    const real =
      same && maskPhone(same) === m.phone
        ? same
        : stored.find((s) => s.phone && maskPhone(s.phone) === m.phone)?.phone
    if (!real) return { unknownAt: i }
    out.push({ ...m, phone: real })
  }
  return { members: out }
}
