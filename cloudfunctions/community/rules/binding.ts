/**
 * Household binding (绑定家庭): a resident asks to belong to a household by its address; the block head
 * confirms. One resident belongs to at most one household per committee: a pending or confirmed binding
 * there blocks a request for another household; a declined one may be replaced.
 */
import type { HouseholdBinding } from '../../../types/community'

export interface HouseholdRef {
  readonly _id: string
  readonly committeeId: string
  readonly blockId: string
  readonly building: string
  readonly room: string
}

export type BindingRequest =
  | { kind: 'new'; bindings: HouseholdBinding[]; binding: HouseholdBinding }
  | { kind: 'same'; binding: HouseholdBinding }
  | { kind: 'conflict'; existing: HouseholdBinding }

export function requestBinding(
  current: readonly HouseholdBinding[],
  household: HouseholdRef,
  now: Date,
): BindingRequest {
  const live = current.find((b) => b.committeeId === household.committeeId && b.status !== 'declined')
  if (live)
    return live.householdId === household._id
      ? { kind: 'same', binding: live }
      : { kind: 'conflict', existing: live }
  const binding: HouseholdBinding = {
    committeeId: household.committeeId,
    householdId: household._id,
    status: 'pending',
    requestedAt: now,
    blockId: household.blockId,
    building: household.building,
    room: household.room,
  }
  const rest = current.filter((b) => b.committeeId !== household.committeeId)
  return { kind: 'new', bindings: [...rest, binding], binding }
}

export type BindingDecision =
  | { kind: 'changed'; bindings: HouseholdBinding[]; status: 'confirmed' | 'declined' }
  | { kind: 'unchanged'; status: HouseholdBinding['status'] }
  | { kind: 'missing' }

/** Confirm or decline a pending binding; repeating the same decision is a no-op, so a retry is safe. */
export function decideBinding(
  current: readonly HouseholdBinding[],
  householdId: string,
  decision: 'confirm' | 'decline',
  by: string,
  now: Date,
): BindingDecision {
  const idx = current.findIndex((b) => b.householdId === householdId)
  if (idx < 0) return { kind: 'missing' }
  const b = current[idx]
  const target: 'confirmed' | 'declined' = decision === 'confirm' ? 'confirmed' : 'declined'
  if (b.status === target) return { kind: 'unchanged', status: b.status }
  if (b.status !== 'pending') return { kind: 'missing' }
  const bindings: HouseholdBinding[] = current.map((x, i) =>
    i === idx ? { ...x, status: target, decidedAt: now, decidedBy: by } : x,
  )
  return { kind: 'changed', bindings, status: target }
}

/** Normalises what people type: "3" and "3号楼" and " 3 号楼 " name the same building. */
export function normaliseBuilding(s: string): string {
  const t = s.replace(/\s+/g, '')
  return /^\d+$/.test(t) ? `${t}号楼` : t
}
export const normaliseRoom = (s: string): string => s.replace(/\s+/g, '').replace(/室$/, '')
