import fc from 'fast-check'
import { DemandDoc } from '../../types/demands'
import { RaisedDemand, type HouseholdDoc } from '../../types/visits'
import { demandCounters, demandDoc } from './raiseDemand'

const household: HouseholdDoc = {
  _id: 'hh-1',
  committeeId: 'c-1',
  blockId: 'c-1-b1',
  building: '1号楼',
  room: '101',
  class: 'C',
  members: [{ name: '王秀英', relation: '户主', tags: ['独居老人'] }],
  notes: '',
  residentOpenids: ['res-1'],
  version: 1,
  updatedAt: new Date(),
}
const now = new Date('2026-11-23T02:00:00Z')
const base = {
  id: 'd-1',
  household,
  subdistrictId: 'sd-1',
  assignee: { openid: 'bh-1', name: '张建国', role: 'blockHead' as const },
  visitId: 'v-1',
  now,
}

describe('demandDoc', () => {
  it('writes a document the demands context accepts, linked to the household and routed to its block head', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('facilities', 'sanitation', 'safety', 'other'),
        fc.string({ minLength: 5, maxLength: 200 }).filter((s) => s.trim().length >= 5),
        fc.constantFrom('blockHead', 'resident') as fc.Arbitrary<'blockHead' | 'resident'>,
        (category, text, role) => {
          const d = RaisedDemand.parse({ category, text })
          const by =
            role === 'resident'
              ? { openid: 'res-2', name: '李明', role }
              : { openid: 'bh-1', name: '张建国', role }
          const doc = demandDoc(d, { ...base, by })
          expect(DemandDoc.safeParse(doc).success).toBe(true)
          expect(doc).toMatchObject({
            householdId: 'hh-1',
            blockId: 'c-1-b1',
            assigneeOpenid: 'bh-1',
            status: 'pending',
            dueStage: 'response',
          })
          // On the resident's own list: the family raised it, or the block head did for them.
          expect(doc.residentOpenid).toBe(role === 'resident' ? 'res-2' : 'res-1')
          expect(new Date(doc.firstResponseDueAt as Date).getTime() - now.getTime()).toBe(
            (category === 'safety' ? 2 : 24) * 3_600_000,
          )
        },
      ),
    )
  })

  it('counts the demand as the demands context names its counters', () => {
    expect(demandCounters({ category: 'facilities', text: '楼道灯坏了' })).toEqual({
      'demands.submitted': 1,
      'demands.byCategory.facilities.submitted': 1,
      // A demand raised on a visit came in through the visit channel (统计按渠道).
      'demands.byChannel.visit': 1,
      'demands.byCategory.facilities.byChannel.visit': 1,
    })
  })

  it('carries the alert only when someone else handles the demand, and its counters always', () => {
    const carried = (by: { openid: string; name: string; role: 'blockHead' }) => {
      const d = RaisedDemand.parse({ category: 'facilities', text: '楼道灯坏了好几天' })
      const doc = demandDoc(d, { ...base, by })
      expect(doc.outboxAt).toEqual(now)
      expect(doc.outbox?.stats?.counters.map((c) => c.name)).toEqual(Object.keys(demandCounters(d)))
      return doc.outbox?.messages.map((m) => m.touser)
    }
    expect(carried({ openid: 'bh-2', name: '周海燕', role: 'blockHead' })).toEqual(['bh-1'])
    expect(carried({ openid: 'bh-1', name: '张建国', role: 'blockHead' })).toEqual([])
  })
})
