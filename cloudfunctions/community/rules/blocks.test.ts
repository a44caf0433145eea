import fc from 'fast-check'
import { planAssignment } from './blocks'

describe('planAssignment', () => {
  it('takes blocks from their old head and frees blocks the target gives up', () => {
    const plan = planAssignment(
      { openid: 'a', blockIds: ['b1', 'b2'] },
      ['b2', 'b3'],
      [{ openid: 'z', blockIds: ['b3', 'b4'] }],
    )
    expect(plan.staff.get('a')).toEqual(['b2', 'b3'])
    expect(plan.staff.get('z')).toEqual(['b4'])
    expect(plan.blocks.get('b1')).toBeUndefined()
    expect(plan.blocks.has('b1')).toBe(true)
    expect(plan.blocks.get('b3')).toBe('a')
    expect(plan.blocks.has('b2')).toBe(false)
  })
  it('changes nothing when the blocks are the same', () => {
    const plan = planAssignment({ openid: 'a', blockIds: ['b1'] }, ['b1'], [])
    expect(plan.staff.size).toBe(0)
    expect(plan.blocks.size).toBe(0)
  })
  it('leaves every block with at most one head', () => {
    const ids = fc.uniqueArray(fc.constantFrom('b1', 'b2', 'b3', 'b4', 'b5'))
    fc.assert(
      fc.property(ids, ids, ids, (mine, wanted, theirs) => {
        const other = { openid: 'z', blockIds: theirs.filter((b) => !mine.includes(b)) }
        const plan = planAssignment({ openid: 'a', blockIds: mine }, wanted, [other])
        const a = plan.staff.get('a') ?? mine
        const z = plan.staff.get('z') ?? other.blockIds
        expect(a.filter((b) => z.includes(b))).toEqual([])
        expect([...a].sort()).toEqual([...new Set(wanted)].sort())
      }),
    )
  })
})
