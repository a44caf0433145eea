/**
 * The resident's choices as pure rules: reopening within 7 days after any rating, sub-items that close the
 * demand when all are done, the similar-case hint and what neighbours see of a public case.
 */
import type { DemandDoc } from '../../../types/demands'
import { AppError } from '../../shared/errors'
import * as rules from './lifecycle'
import { followerUpdates } from './messages'
import { keywords, neighbourDetail, overlap, similarCases, visibleToNeighbour } from './public'
import { addHours, dueState } from './sla'
import { finishSubItem, split } from './subItems'

const t0 = new Date('2026-11-23T02:00:00Z')
const head = { openid: 'bh', name: '张建国', roleLabel: '块长' }
const resident = { openid: 'r1', name: '王秀英', roleLabel: '居民' }
const DAY = 24

function demand(over: Partial<DemandDoc> = {}): DemandDoc {
  const base = {
    _id: 'd1',
    residentOpenid: 'r1',
    residentName: '王秀英',
    committeeId: 'c1',
    subdistrictId: 's1',
    blockId: 'c1-b1',
    category: 'facilities' as const,
    text: '2号楼门口的路灯坏了，晚上很黑',
    photos: ['cloud://env/demands/r1/a.png'],
    visibility: 'public' as const,
    status: 'pending' as const,
    assigneeOpenid: 'bh',
    assigneeName: '张建国',
    submittedAt: t0,
    submittedDay: '2026-11-23',
    firstResponseDueAt: addHours(t0, 24),
    resolutionDueAt: addHours(t0, 168),
    cycle: 1,
    reopened: false,
    events: [],
    version: 1,
    updatedAt: t0,
    ...over,
  }
  return { ...base, ...dueState(base) } as DemandDoc
}

const resolvedAt = addHours(t0, 10)
const resolved = () => rules.resolve(demand(), head, '已联系物业换好了灯泡', resolvedAt, 'e1').next

describe('reopen window (7 days after the answer, or after any rating)', () => {
  it('after 满意 the case can be reopened for 7 days from the rating, with the reason on the timeline', () => {
    const ratedAt = addHours(resolvedAt, 5 * DAY)
    const rated = rules.rate(resolved(), resident, 'satisfied', undefined, ratedAt, 'e2').next
    expect(rated.status).toBe('closed')
    // 11 days after resolution but 6 after the rating: still open
    const c = rules.reopen(rated, resident, '灯又不亮了，请再来看看', addHours(ratedAt, 6 * DAY), 'e3')
    expect(c.next).toMatchObject({ status: 'in_progress', reopened: true, cycle: 2 })
    expect(c.next.rating).toBeUndefined()
    expect(c.event).toMatchObject({ type: 'reopened', note: '灯又不亮了，请再来看看', byName: '王秀英' })
    expect(c.messages[0]).toMatchObject({ touser: 'bh', templateKey: 'demandAlert' })
  })
  it('after 基本满意 too; the window ends exactly 7 days after the rating', () => {
    const ratedAt = addHours(resolvedAt, 1)
    const rated = rules.rate(resolved(), resident, 'basic', '还行', ratedAt, 'e2').next
    const edge = addHours(ratedAt, 7 * DAY)
    expect(rules.reopenWindow(rated, edge)).toEqual({ until: edge, refusal: null })
    const late = new Date(edge.getTime() + 1)
    const w = rules.reopenWindow(rated, late)
    expect(w.refusal).toMatch(/已超过7天.*不能再申请重新办理.*请重新反映一次/)
    expect(() => rules.reopen(rated, resident, '还是不行，请再处理', late, 'e3')).toThrow(
      expect.objectContaining({ code: 'CONFLICT', message: w.refusal }),
    )
  })
  it('unrated: 7 days from the answer; open, merged or unanswered cases cannot be reopened', () => {
    expect(rules.canReopen(resolved(), addHours(resolvedAt, 7 * DAY))).toBe(true)
    expect(rules.canReopen(resolved(), addHours(resolvedAt, 7 * DAY + 1))).toBe(false)
    expect(rules.reopenWindow(demand(), t0).refusal).toBe('这件诉求还在办理中，不用申请重新办理')
    expect(
      rules.reopenWindow(demand({ status: 'closed', duplicateOf: 'd0', resolvedAt }), t0).refusal,
    ).toMatch(/合并/)
    expect(rules.reopenWindow(demand({ status: 'closed' }), t0).until).toBeNull()
  })
})

describe('sub-items (分项办理)', () => {
  const items = [
    { title: '更换路灯灯泡', holder: '物业 李经理' },
    { title: '清理灯下占道摊位', holder: '城管' },
  ]
  it('a split starts the work, tells the resident, and lists each part with its holder', () => {
    const c = split(demand(), head, items, addHours(t0, 1), 'evsplit0001')
    expect(c.next.status).toBe('in_progress')
    expect(c.next.subItems).toHaveLength(2)
    expect(c.next.subItems!.every((s) => s.status === 'open')).toBe(true)
    expect(c.event.type).toBe('split')
    expect(c.event.note).toContain('1. 更换路灯灯泡（物业 李经理）')
    expect(c.messages[0]).toMatchObject({ touser: 'r1', templateKey: 'demandUpdate' })
    expect(c.stats).toMatchObject({ 'demands.responded': 1 })
  })
  it('each part has its own state; the demand resolves when the last one is done', () => {
    const s = split(demand(), head, items, addHours(t0, 1), 'evsplit0001').next
    const [a, b] = s.subItems!
    const one = finishSubItem(s, head, a.id, '灯泡已换', addHours(t0, 2), 'e2')
    expect(one.next.status).toBe('in_progress')
    expect(one.event).toMatchObject({ type: 'subItemDone' })
    expect(one.event.note).toContain('还有1项在办')
    expect(one.next.subItems!.map((x) => x.status)).toEqual(['done', 'open'])
    expect(() => finishSubItem(one.next, head, a.id, '再办一次', addHours(t0, 3), 'e3')).toThrow(AppError)
    const two = finishSubItem(one.next, head, b.id, '摊位已劝离', addHours(t0, 4), 'e4')
    expect(two.next.status).toBe('resolved')
    expect(two.event.type).toBe('resolved')
    expect(two.event.note).toContain('更换路灯灯泡：灯泡已换')
    expect(two.set.subItems).toEqual(two.next.subItems)
    expect(two.stats).toMatchObject({ 'demands.resolved': 1 })
    expect(rules.canRate(two.next, addHours(t0, 5))).toBe(true)
  })
  it('refuses an unknown part, too many parts, and a concluded case', () => {
    const s = split(demand(), head, items, addHours(t0, 1), 'evsplit0001').next
    expect(() => finishSubItem(s, head, 'nope', '好了', t0, 'e2')).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    )
    const many = Array.from({ length: 9 }, (_, i) => ({ title: `第${i}项工作`, holder: '物业' }))
    expect(() => split(s, head, many, t0, 'e3')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }))
    expect(() => split(resolved(), head, items, addHours(t0, 20), 'e4')).toThrow(
      expect.objectContaining({ code: 'CONFLICT' }),
    )
  })
})

describe('public cases', () => {
  // A plain splitter: two-character words, as jieba mostly cuts these sentences.
  const cut = (text: string) =>
    text.match(/路灯|坏了|门口|晚上|楼道|杂物|垃圾|电梯|不亮|[\u4e00-\u9fff]/g) ?? []

  it('finds a neighbour’s open case with the same words, masks it, and skips unrelated ones', () => {
    const mineText = '门口路灯不亮，晚上看不见'
    const items = similarCases(
      { text: mineText, category: 'facilities', blockId: 'c1-b1' },
      [
        demand({ text: '2号楼门口的路灯坏了，晚上很黑，我是王秀英电话13812345678' }),
        demand({ _id: 'd2', text: '楼道里堆满杂物', category: 'sanitation' }),
        demand({ _id: 'd3', text: '电梯坏了', residentOpenid: 'r9', followers: ['me'] }),
      ],
      'me',
      cut,
    )
    expect(items.map((i) => i.id)).toEqual(['d1'])
    expect(items[0].text).not.toContain('13812345678')
    expect(items[0].text).not.toContain('王秀英')
    expect(items[0]).toMatchObject({ mine: false, following: false, joinCount: 0 })
    expect(overlap(keywords('门口路灯', cut), keywords('门口路灯', cut))).toBe(1)
    expect(keywords('的了是', cut).size).toBe(0)
  })
  it('neighbours see a public case of their committee masked: no photos, no name, no rating', () => {
    const d = demand({ text: '我是王秀英，电话13812345678，2号楼门口路灯坏了', followers: ['n1'] })
    expect(visibleToNeighbour(d, 'n1', ['c1'])).toBe(true)
    expect(visibleToNeighbour(d, 'n1', ['c2'])).toBe(false)
    expect(visibleToNeighbour({ ...d, visibility: 'private' }, 'n1', ['c1'])).toBe(false)
    const withEvent = rules.reply(d, head, '王秀英您好，明天去修', addHours(t0, 1), 'e1').next
    const v = neighbourDetail(
      {
        ...withEvent,
        events: [{ ...withEvent.events[0], byName: '王秀英', byRole: '居民' }, ...withEvent.events],
      },
      addHours(t0, 2),
      'n1',
    )
    expect(JSON.stringify(v)).not.toMatch(/王秀英|13812345678|cloud:\/\//)
    expect(v).toMatchObject({
      neighbour: true,
      following: true,
      canRate: false,
      canReopen: false,
      photos: [],
    })
    expect(v.events[0].byName).toBe('王**')
  })
  it('followers get a copy of each progress update to the author, never of staff alerts', () => {
    const c = rules.reply(demand(), head, '明天去修', addHours(t0, 1), 'e1')
    const copies = followerUpdates({ residentOpenid: 'r1', followers: ['n1', 'n2'] }, c.messages)
    expect(copies.map((m) => m.touser)).toEqual(['n1', 'n2'])
    expect(new Set(copies.map((m) => m.dedupeKey)).size).toBe(2)
    expect(copies[0].data).toEqual(c.messages[0].data)
    const alert = rules.reopen(resolved(), resident, '灯又不亮了', addHours(resolvedAt, 1), 'e2')
    expect(followerUpdates({ residentOpenid: 'r1', followers: ['n1'] }, alert.messages)).toEqual([])
  })
})
