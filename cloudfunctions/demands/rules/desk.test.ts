/**
 * The sub-district desk and the new ways in: escalation alerts the duty officers, a department keeps the
 * case on its clocks until its answer is recorded, the officer sends a case back with instructions, the desk's
 * scope, and staff intake from a 12345 work order (its deadline binds).
 */
import type { StaffMember } from '../../../types/community'
import { IntakeInput, TransferInput, type DemandDoc, type DepartmentDoc } from '../../../types/demands'
import type { Caller } from '../../shared/caller'
import { AppError } from '../../shared/errors'
import { intakeDemand, submittedCounters } from './intake'
import * as rules from './lifecycle'
import { dutyOfficers } from './routing'
import { inScope, onDesk } from './scope'
import { addHours, dueState } from './sla'

const t0 = new Date('2026-11-23T02:00:00Z')
const head = { openid: 'bh', name: '张建国', roleLabel: '块长' }
const officer = { openid: 'of', name: '赵志强', roleLabel: '街道工作人员' }

function demand(over: Partial<DemandDoc> = {}): DemandDoc {
  const base = {
    _id: 'd1',
    residentOpenid: 'r1',
    committeeId: 'c1',
    subdistrictId: 's1',
    blockId: 'c1-b1',
    category: 'noise' as const,
    text: '楼下餐馆油烟很大',
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

const urban: DepartmentDoc = {
  _id: 'dept-urban',
  subdistrictId: 's1',
  name: '明德城管执法队',
  kind: 'urban',
  contactName: '王强',
  phone: '010-62010002',
  active: true,
}

function staff(openid: string, over: Partial<StaffMember> = {}): StaffMember {
  return {
    _id: openid,
    openid,
    name: openid,
    role: 'officer',
    subdistrictId: 's1',
    blockIds: [],
    active: true,
    ...over,
  }
}
const callerOf = (s: StaffMember): Caller => ({ openid: s.openid, resident: null, staff: s, roles: [s.role] })

describe('escalation reaches the desk', () => {
  it('alerts each duty officer once, beside the resident', () => {
    const c = rules.escalate(demand(), head, '油烟问题需要城管执法', addHours(t0, 1), 'ev1', ['of', 'of2'])
    expect(c.messages.map((m) => [m.templateKey, m.touser])).toEqual([
      ['demandUpdate', 'r1'],
      ['deskAlert', 'of'],
      ['deskAlert', 'of2'],
    ])
    expect(c.stats['demands.escalated']).toBe(1)
  })

  it('duty officers are those marked on duty, else every active officer of the sub-district', () => {
    const list = [
      staff('a'),
      staff('b', { onDuty: true }),
      staff('c', { active: false, onDuty: true }),
      staff('d', { subdistrictId: 's2', onDuty: true }),
      staff('e', { role: 'blockHead', committeeId: 'c1' }),
    ]
    expect(dutyOfficers(list, 's1')).toEqual(['b'])
    expect(dutyOfficers([staff('a'), staff('z')], 's1')).toEqual(['a', 'z'])
    expect(dutyOfficers([staff('a', { subdistrictId: 's2' })], 's1')).toEqual([])
  })
})

describe('the desk scope', () => {
  const of = callerOf(staff('of'))
  const now = addHours(t0, 2)
  it('an officer sees escalated cases and cases overdue past the threshold, in their sub-district only', () => {
    expect(inScope(demand(), of, 'subdistrict', now)).toBe(false)
    expect(inScope(demand({ status: 'escalated' }), of, 'subdistrict', now)).toBe(true)
    expect(inScope(demand({ status: 'escalated', subdistrictId: 's2' }), of, 'subdistrict', now)).toBe(false)
    // Due at t0+24h; 8 hours past it is the threshold.
    expect(onDesk(demand(), addHours(t0, 31))).toBe(false)
    expect(onDesk(demand(), addHours(t0, 33))).toBe(true)
    // Once escalated, it stays on the desk after it is sent back or resolved.
    const was = demand({ status: 'resolved', escalation: { note: 'x', at: t0, auto: false } })
    expect(onDesk(was, now)).toBe(true)
  })
  it('committee scopes are unchanged', () => {
    const bh = callerOf(staff('bh', { role: 'blockHead', committeeId: 'c1', blockIds: ['c1-b1'] }))
    expect(inScope(demand(), bh, 'blocks', now)).toBe(true)
    expect(inScope(demand({ blockId: 'c1-b9', assigneeOpenid: 'x' }), bh, 'blocks', now)).toBe(false)
  })
})

describe('a department keeps the case tracked', () => {
  const at = addHours(t0, 3)
  const escalated = () =>
    rules.escalate(demand(), head, '油烟问题需要城管执法', addHours(t0, 1), 'ev1', ['of']).next

  it('hands it over with instructions, counted by destination, the clocks running on', () => {
    const d = escalated()
    const c = rules.toDepartment(d, officer, urban, '请三天内上门检查油烟净化设施', at, 'ev2')
    expect(c.next.status).toBe('escalated')
    expect(c.next.department).toMatchObject({ name: '明德城管执法队', kind: 'urban' })
    expect(c.next.dueAt).toEqual(d.dueAt)
    expect(c.event).toMatchObject({ type: 'transferred', data: { to: 'urban' } })
    expect(c.stats).toMatchObject({
      'demands.transferred': 1,
      'demands.transferredTo.urban': 1,
      'demands.byCategory.noise.transferredTo.urban': 1,
    })
    expect(c.messages.map((m) => m.templateKey)).toEqual(['demandUpdate'])
  })

  it('cannot be resolved until the answer is recorded; the answer brings it back', () => {
    const d = rules.toDepartment(escalated(), officer, urban, '请三天内上门检查', at, 'ev2').next
    expect(() => rules.resolve(d, officer, '已经处理好了', at, 'ev3')).toThrow(AppError)
    const answered = rules.departmentAnswer(d, officer, '已责令餐馆加装净化器', addHours(at, 48), 'ev3')
    expect(answered.next.department).toBeUndefined()
    expect(answered.unset).toContain('department')
    expect(answered.event.note).toBe('明德城管执法队答复：已责令餐馆加装净化器')
    const done = rules.resolve(answered.next, officer, '净化器已装好，油烟明显减少', addHours(at, 49), 'ev4')
    expect(done.next.status).toBe('resolved')
    expect(done.stats['demands.escalationsResolved']).toBe(1)
  })

  it('refuses another sub-district’s department, and an answer without a department', () => {
    expect(() =>
      rules.toDepartment(demand(), officer, { ...urban, subdistrictId: 's2' }, '请处理这件事情', at, 'e'),
    ).toThrow(AppError)
    expect(() => rules.departmentAnswer(demand(), officer, '答复了', at, 'e')).toThrow(AppError)
  })

  it('a colleague transfer counts as one', () => {
    const c = rules.transfer(
      demand(),
      head,
      { openid: 'bh2', name: '周海燕', committeeId: 'c1' },
      '这栋楼归周海燕负责',
      at,
      'e',
    )
    expect(c.stats).toMatchObject({ 'demands.transferred': 1, 'demands.transferredTo.colleague': 1 })
  })

  it('transfer input names exactly one destination', () => {
    const base = { id: 'd1', clientRequestId: 'req-123456', reason: '需要城管执法' }
    expect(TransferInput.safeParse({ ...base, toDepartmentId: 'dept-urban' }).success).toBe(true)
    expect(TransferInput.safeParse({ ...base }).success).toBe(false)
    expect(TransferInput.safeParse({ ...base, toDepartmentId: 'x', toOpenid: 'y' }).success).toBe(false)
  })
})

describe('send back to the committee', () => {
  it('goes back with instructions and alerts the assignee', () => {
    const d = rules.escalate(demand(), head, '需要街道协调', addHours(t0, 1), 'ev1').next
    const c = rules.sendBack(d, officer, '请先约物业和业主一起协商', addHours(t0, 2), 'ev2')
    expect(c.next.status).toBe('in_progress')
    expect(c.event.type).toBe('sentBack')
    expect(c.messages).toEqual([expect.objectContaining({ touser: 'bh', templateKey: 'demandAlert' })])
    expect(() => rules.sendBack(c.next, officer, '请先约物业协商', addHours(t0, 3), 'ev3')).toThrow(AppError)
  })
})

describe('intake by staff', () => {
  const by = { openid: 'admin', name: '陈丽华', roleLabel: '居委会管理员' }
  const base = {
    id: 'd9',
    eventId: 'e9',
    category: 'sanitation' as const,
    text: '楼道里堆满了杂物',
    place: { committeeId: 'c1', subdistrictId: 's1', blockId: 'c1-b1' },
    resident: { openid: '', name: '刘先生', phone: '13800001111' },
    assignee: { openid: 'bh', name: '张建国', role: 'blockHead' as const },
    clientRequestId: 'req-123456',
  }

  it('a 12345 order keeps its number, and its earlier deadline binds', () => {
    const orderDue = addHours(t0, 48) // the category allows 72
    const d = intakeDemand(
      { ...base, channel: 'hotline12345', hotline: { orderNo: 'GD20261123001', dueAt: orderDue } },
      by,
      t0,
    )
    expect(d).toMatchObject({
      channel: 'hotline12345',
      intake: { orderNo: 'GD20261123001', byName: '陈丽华' },
      contactPhone: '13800001111',
      assigneeOpenid: 'bh',
      status: 'pending',
    })
    expect(d.resolutionDueAt).toEqual(orderDue)
    expect(d.dueAt).toEqual(addHours(t0, 24))
    expect(d.events[0].note).toContain('12345工单受理')
    expect(submittedCounters(d)).toMatchObject({
      'demands.submitted': 1,
      'demands.byChannel.hotline12345': 1,
    })
  })

  it('an order due sooner than the first response brings that in too; one already past is refused', () => {
    const d = intakeDemand(
      { ...base, channel: 'hotline12345', hotline: { orderNo: 'GD1', dueAt: addHours(t0, 6) } },
      by,
      t0,
    )
    expect(d.firstResponseDueAt).toEqual(addHours(t0, 6))
    expect(d.dueAt).toEqual(addHours(t0, 6))
    expect(() =>
      intakeDemand(
        { ...base, channel: 'hotline12345', hotline: { orderNo: 'GD1', dueAt: addHours(t0, -1) } },
        by,
        t0,
      ),
    ).toThrow(AppError)
  })

  it('a phone call keeps the category deadline', () => {
    const d = intakeDemand({ ...base, channel: 'phone' }, by, t0)
    expect(d.resolutionDueAt).toEqual(addHours(t0, 72))
    expect(d.channel).toBe('phone')
  })

  it('the input asks for a household or a caller, a place, and an order number for 12345', () => {
    const ok = {
      channel: 'phone',
      category: 'noise',
      text: '楼上夜里装修很吵',
      caller: { name: '刘先生', phone: '13800001111' },
      location: { blockId: 'c1-b1' },
      clientRequestId: 'req-123456',
    }
    expect(IntakeInput.safeParse(ok).success).toBe(true)
    const paths = (v: object) => IntakeInput.safeParse(v).error?.issues.map((i) => i.path.join('.')) ?? []
    expect(paths({ ...ok, caller: undefined })).toContain('caller')
    expect(paths({ ...ok, location: undefined })).toContain('location.blockId')
    expect(paths({ ...ok, channel: 'hotline12345' })).toContain('hotline.orderNo')
  })
})
