import { RejectInput, type DemandDoc } from '../../../types/demands'
import type { StaffDoc } from '../../../types/community'
import { AppError } from '../../shared/errors'
import * as rules from './lifecycle'
import { route } from './routing'
import { addHours, dueState } from './sla'

const t0 = new Date('2026-11-23T02:00:00Z')
const head = { openid: 'bh', name: '张建国', roleLabel: '块长' }
const resident = { openid: 'r1', name: '王秀英', roleLabel: '居民' }

function demand(over: Partial<DemandDoc> = {}): DemandDoc {
  const base = {
    _id: 'd1',
    residentOpenid: 'r1',
    committeeId: 'c1',
    subdistrictId: 's1',
    blockId: 'c1-b1',
    category: 'noise' as const,
    text: '楼上每天夜里装修',
    photos: [],
    visibility: 'private' as const,
    status: 'pending' as const,
    assigneeOpenid: 'bh',
    assigneeName: '张建国',
    submittedAt: t0,
    submittedDay: '2026-11-23',
    firstResponseDueAt: addHours(t0, 24),
    resolutionDueAt: addHours(t0, 72),
    cycle: 1,
    reopened: false,
    events: [],
    version: 1,
    updatedAt: t0,
    ...over,
  }
  return { ...base, ...dueState(base) } as DemandDoc
}

describe('lifecycle', () => {
  it('a reply is the first response: in progress, counted in 24 h, resident notified, deadline moves on', () => {
    const c = rules.reply(demand(), head, '明天上门查看', addHours(t0, 3), 'e1')
    expect(c.next.status).toBe('in_progress')
    expect(c.next.dueStage).toBe('resolution')
    expect(c.stats).toMatchObject({
      'demands.responded': 1,
      'demands.respondedIn24h': 1,
      'demands.byCategory.noise.responded': 1,
    })
    expect(c.messages).toHaveLength(1)
    expect(c.messages[0]).toMatchObject({ touser: 'r1', templateKey: 'demandUpdate' })
    expect(c.next.events.at(-1)).toMatchObject({ type: 'replied', byName: '张建国', note: '明天上门查看' })
  })
  it('a late first response is not counted as in 24 h; a second reply counts nothing', () => {
    const late = rules.reply(demand(), head, '抱歉来晚了', addHours(t0, 30), 'e1')
    expect(late.stats['demands.respondedIn24h']).toBeUndefined()
    const again = rules.reply(late.next, head, '再补充一句', addHours(t0, 31), 'e2')
    expect(again.stats).toEqual({})
  })
  it('resolving at once counts answered-at-once and opens the rating window', () => {
    const c = rules.resolve(demand(), head, '已协调物业限定施工时间', addHours(t0, 1), 'e1')
    expect(c.next.status).toBe('resolved')
    expect(c.next.dueAt).toBeNull()
    expect(c.stats).toMatchObject({ 'demands.resolved': 1, 'demands.answeredAtOnce': 1 })
    expect(rules.canRate(c.next, addHours(t0, 2))).toBe(true)
    expect(rules.canRate(c.next, addHours(t0, 24 * 8))).toBe(false)
  })
  it('refuses to act on a concluded case', () => {
    const done = rules.resolve(demand(), head, '已协调物业限定施工时间', addHours(t0, 1), 'e1').next
    expect(() => rules.reply(done, head, '再说一句', addHours(t0, 2), 'e2')).toThrow(AppError)
  })
  it('不满意 reopens the case to its assignee with a reopen flag and a fresh deadline', () => {
    const done = rules.resolve(demand(), head, '已协调物业限定施工时间', addHours(t0, 1), 'e1').next
    const c = rules.rate(done, resident, 'dissatisfied', '还在吵', addHours(t0, 5), 'e2')
    expect(c.next).toMatchObject({ status: 'in_progress', reopened: true, cycle: 2 })
    expect(c.next.resolutionDueAt).toEqual(addHours(t0, 5 + 72))
    expect(c.messages[0]).toMatchObject({ touser: 'bh', templateKey: 'demandAlert' })
    expect(c.stats).toMatchObject({
      'demands.rated': 1,
      'demands.satisfaction.dissatisfied': 1,
      'demands.reopened': 1,
    })
    expect(rules.canRate(c.next, addHours(t0, 6))).toBe(false)
  })
  it('满意 closes the case; it cannot be rated twice', () => {
    const done = rules.resolve(demand(), head, '已协调物业限定施工时间', addHours(t0, 1), 'e1').next
    const c = rules.rate(done, resident, 'satisfied', undefined, addHours(t0, 5), 'e2')
    expect(c.next.status).toBe('closed')
    expect(() => rules.rate(c.next, resident, 'basic', undefined, addHours(t0, 6), 'e3')).toThrow(AppError)
  })
  it('rejecting needs the whole investigation record', () => {
    const base = { id: 'd1', clientRequestId: 'req-12345678' }
    expect(RejectInput.safeParse(base).success).toBe(false)
    expect(
      RejectInput.safeParse({
        ...base,
        investigation: { findings: '查看了现场情况和物业合同', contacted: '物业' },
      }).success,
    ).toBe(false)
    const ok = RejectInput.parse({
      ...base,
      investigation: {
        findings: '查看了现场情况和物业合同',
        contacted: '物业公司、业委会',
        reason: '属于业主私人产权范围',
      },
    })
    const c = rules.reject(demand(), head, ok.investigation, addHours(t0, 2), 'e1')
    expect(c.next.status).toBe('rejected')
    expect(c.next.investigation).toMatchObject({ contacted: '物业公司、业委会' })
  })
})

describe('routing', () => {
  const s = (openid: string, role: StaffDoc['role'], active = true, committeeId = 'c1'): StaffDoc => ({
    _id: openid,
    openid,
    name: openid,
    role,
    subdistrictId: 's1',
    committeeId,
    active,
  })
  it('routes to the block head the block names, else the committee admin', () => {
    const staff = [
      s('admin', 'committeeAdmin'),
      s('bh1', 'blockHead'),
      s('bh2', 'blockHead', false),
      s('other', 'blockHead', true, 'c2'),
    ]
    expect(route(staff, 'c1', 'bh1')!.assignee.openid).toBe('bh1')
    // A head since deactivated, or of another committee, is passed over.
    expect(route(staff, 'c1', 'bh2')!.assignee.openid).toBe('admin')
    expect(route(staff, 'c1', 'other')!.assignee.openid).toBe('admin')
    expect(route(staff, 'c1', undefined)!.assignee.openid).toBe('admin')
    expect(route([], 'c1', 'bh1')).toBeNull()
  })
})
