import type { HouseholdBinding } from '../../../types/community'
import { decideBinding, normaliseBuilding, normaliseRoom, requestBinding } from './binding'

const now = new Date('2025-03-01T02:00:00Z')
const h1 = { _id: 'h1', committeeId: 'c1', blockId: 'c1-b1', building: '1号楼', room: '101' }
const h2 = { _id: 'h2', committeeId: 'c1', blockId: 'c1-b1', building: '1号楼', room: '102' }
const h3 = { _id: 'h3', committeeId: 'c2', blockId: 'c2-b1', building: '2号楼', room: '201' }
const b = (
  householdId: string,
  committeeId: string,
  status: HouseholdBinding['status'],
): HouseholdBinding => ({
  committeeId,
  householdId,
  status,
  requestedAt: now,
})

describe('requestBinding', () => {
  it('creates a pending binding with the address', () => {
    const r = requestBinding([], h1, now)
    expect(r).toMatchObject({
      kind: 'new',
      binding: { householdId: 'h1', status: 'pending', building: '1号楼', room: '101' },
    })
  })
  it('allows one household per committee: a second one conflicts, the same one is a no-op', () => {
    expect(requestBinding([b('h1', 'c1', 'pending')], h2, now).kind).toBe('conflict')
    expect(requestBinding([b('h1', 'c1', 'confirmed')], h2, now).kind).toBe('conflict')
    expect(requestBinding([b('h1', 'c1', 'pending')], h1, now).kind).toBe('same')
  })
  it('allows households in different committees, and replaces a declined one', () => {
    const r = requestBinding([b('h1', 'c1', 'confirmed')], h3, now)
    expect(r.kind).toBe('new')
    if (r.kind === 'new') expect(r.bindings).toHaveLength(2)
    const d = requestBinding([b('h1', 'c1', 'declined')], h2, now)
    expect(d.kind).toBe('new')
    if (d.kind === 'new') expect(d.bindings.map((x) => x.householdId)).toEqual(['h2'])
  })
})

describe('decideBinding', () => {
  it('confirms a pending binding and records who decided', () => {
    const d = decideBinding([b('h1', 'c1', 'pending')], 'h1', 'confirm', 'bh', now)
    expect(d).toMatchObject({ kind: 'changed', status: 'confirmed' })
    if (d.kind === 'changed') expect(d.bindings[0]).toMatchObject({ status: 'confirmed', decidedBy: 'bh' })
  })
  it('is a no-op when repeated, and refuses to flip a decided binding', () => {
    expect(decideBinding([b('h1', 'c1', 'confirmed')], 'h1', 'confirm', 'bh', now)).toEqual({
      kind: 'unchanged',
      status: 'confirmed',
    })
    expect(decideBinding([b('h1', 'c1', 'confirmed')], 'h1', 'decline', 'bh', now)).toEqual({
      kind: 'missing',
    })
    expect(decideBinding([], 'h1', 'confirm', 'bh', now)).toEqual({ kind: 'missing' })
  })
})

describe('normalise', () => {
  it('treats 3, 3号楼 and spaces alike; drops 室', () => {
    expect(normaliseBuilding(' 3 ')).toBe('3号楼')
    expect(normaliseBuilding('3号楼')).toBe('3号楼')
    expect(normaliseRoom('101室')).toBe('101')
  })
})
