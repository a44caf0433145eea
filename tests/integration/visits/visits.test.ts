/**
 * The visits function through the real wx-server-sdk and function host: privacy and the audit trail,
 * a six-task home visit (a demand raised, a capable resident found), online visits answered from 我的,
 * versioned family files, corrections, the export and the daily reminder.
 */
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'
import type { CallOutput, ContractAction } from '../../../types/api'
import { HouseholdDoc, VisitDoc } from '../../../types/visits'
import { derivedId } from '../../../cloudfunctions/shared/ids'
import { messageDoc } from '../../../cloudfunctions/shared/outbox'
import { businessDay } from '../../../cloudfunctions/shared/stats'
import { contactCounters } from '../../../cloudfunctions/visits/lib'
import { demandDoc } from '../../../cloudfunctions/visits/raiseDemand'

let t: TestCloud
const ZHANG = 'demo-blockhead-zhang'
const CHEN = 'demo-admin-chen'
const LI = 'demo-resident-li'
const WANG = 'demo-resident-wang'
const LI_HH = 'hh-c-chunhui-b2-2-502'
const WANG_HH = 'hh-c-chunhui-b1-1-101'

const call = <A extends ContractAction<'visits'>>(
  action: A,
  input: Record<string, unknown>,
  openid: string,
) => t.call<CallOutput<'visits', A>>('visits', { action, ...input }, openid)
const rid = (name: string) => `${name}-${Math.random().toString(36).slice(2, 10)}`
const docs = <T = Record<string, unknown>>(name: string) => t.dev.collection<T>(name, 5000)

beforeAll(async () => {
  t = await startTestCloud({ seed: false })
  // A fixed demo-data seed of its own: the tests name households by role, never by random placement.
  const { loadDemoData } = await import('../../../emulator/seed')
  await loadDemoData(t.cloud, { seed: 1 })
}, 120_000)
afterAll(() => t?.stop())

describe('privacy', () => {
  it('a block head cannot read a household outside their blocks, and every read is audited', async () => {
    const all = await docs<{ _id: string; blockId: string; committeeId: string }>('households')
    const outside = all.find((h) => h.blockId === 'c-chunhui-b3')!
    const otherCommittee = all.find((h) => h.committeeId === 'c-fenglin')!
    const inside = all.find((h) => h.blockId === 'c-chunhui-b1')!

    for (const id of [outside._id, otherCommittee._id, 'hh-does-not-exist']) {
      const r = await call('household', { householdId: id }, ZHANG)
      expect(r.error?.code).toBe('NOT_FOUND')
    }
    const mine = ok(await call('household', { householdId: inside._id }, ZHANG))
    expect(mine.household.id).toBe(inside._id)
    // The admin sees the whole committee, the other committee's admin nothing of it.
    expect(ok(await call('household', { householdId: outside._id }, CHEN)).household.id).toBe(outside._id)
    expect((await call('household', { householdId: inside._id }, 'staff-fenglin-admin')).error?.code).toBe(
      'NOT_FOUND',
    )
    // Officers never see family files; residents cannot call staff actions.
    expect((await call('household', { householdId: inside._id }, 'demo-officer-zhao')).error?.code).toBe(
      'FORBIDDEN',
    )
    expect((await call('household', { householdId: LI_HH }, LI)).error?.code).toBe('FORBIDDEN')

    const trail = await docs<{ subjectId: string; actorOpenid: string; outcome: string; action: string }>(
      'audit',
    )
    const of = (actor: string, subject: string) =>
      trail.filter((a) => a.actorOpenid === actor && a.subjectId === subject)
    expect(of(ZHANG, inside._id).map((a) => a.outcome)).toEqual(['read'])
    expect(of(ZHANG, outside._id).map((a) => a.outcome)).toEqual(['denied'])
    expect(of(ZHANG, otherCommittee._id).map((a) => a.outcome)).toEqual(['denied'])
    expect(of(CHEN, outside._id).map((a) => a.outcome)).toEqual(['read'])
  })

  it('lists only the caller’s blocks, with phones masked, and audits the list', async () => {
    const page = ok(await call('households', { limit: 100 }, ZHANG))
    expect(page.items.length).toBeGreaterThan(0)
    expect(new Set(page.items.map((i) => i.blockId))).toEqual(new Set(['c-chunhui-b1', 'c-chunhui-b2']))
    for (const i of page.items) if (i.headPhone) expect(i.headPhone).toMatch(/^\d{3}\*{4}\d{4}$/)
    expect((await call('households', { blockId: 'c-chunhui-b3' }, ZHANG)).error?.code).toBe('NOT_FOUND')
    const trail = await docs<{ subjectId: string; subjectIds: string[]; actorOpenid: string }>('audit')
    const list = trail.find((a) => a.actorOpenid === ZHANG && a.subjectId === 'list:households')!
    expect(list.subjectIds.sort()).toEqual(page.items.map((i) => i.householdId).sort())
  })
})

describe('catalogue', () => {
  it('lists the block head’s households, never-visited and overdue first, with the week against its target', async () => {
    const c = ok(await call('catalogue', {}, ZHANG))
    expect(c.items.length).toBe(c.counts.total)
    expect(c.total).toBe(c.counts.never + c.counts.overdue)
    const badge = ok(await call('catalogue', { limit: 1 }, ZHANG))
    expect(badge.items).toHaveLength(1)
    expect(badge.total).toBe(c.total)
    expect(new Set(c.items.map((i) => i.blockId))).toEqual(new Set(['c-chunhui-b1', 'c-chunhui-b2']))
    const rank = { never: 0, overdue: 1, dueThisWeek: 2, later: 3 }
    for (let i = 1; i < c.items.length; i++)
      expect(rank[c.items[i - 1].status]).toBeLessThanOrEqual(rank[c.items[i].status])
    const wang = c.items.find((i) => i.householdId === WANG_HH)!
    expect(wang).toMatchObject({
      class: 'C',
      status: 'overdue',
      headName: '王秀英',
      headPhone: '138****1234',
    })
    expect(c.week.target).toBeGreaterThan(0)
    expect(c.cadence).toEqual({ A: 90, B: 90, C: 14 })
    // Paged, the same order: page after page gives the whole list once.
    const paged: string[] = []
    let cursor: string | undefined
    do {
      const page = ok(await call('catalogue', { limit: 10, ...(cursor ? { cursor } : {}) }, ZHANG))
      expect(page.counts).toEqual(c.counts)
      paged.push(...page.items.map((i) => i.householdId))
      cursor = page.nextCursor
    } while (cursor)
    expect(paged).toEqual(c.items.map((i) => i.householdId))
    const admin = ok(await call('catalogue', {}, CHEN))
    expect(admin.counts.total).toBeGreaterThan(c.counts.total)
  })
})

describe('record', () => {
  it('a home visit with all six tasks moves the next due date, raises an assigned demand and fills the talent pool', async () => {
    const before = ok(await call('catalogue', {}, ZHANG)).items.find((i) => i.householdId === WANG_HH)!
    const weekBefore = ok(await call('catalogue', {}, ZHANG)).week.done
    const clientRequestId = rid('visit')
    const input = {
      householdId: WANG_HH,
      mode: 'home',
      tasks: {
        showIdentity: { done: true },
        deliverService: { done: true, service: '帮忙预约上门理发' },
        learnSituation: { done: true, changes: '女儿下月回来住一周' },
        publicize: { done: true, topic: '垃圾分类' },
        askDemands: {
          done: true,
          demands: [{ category: 'facilities', text: '楼道灯坏了，晚上上下楼看不见' }],
        },
        discoverTalents: { done: true, talents: [{ name: '王秀英', skills: ['剪纸'], consent: true }] },
      },
      notes: '精神不错',
      clientRequestId,
    }
    const r = ok(await call('record', input, ZHANG))
    expect(r.demandIds).toHaveLength(1)
    expect(r.talentIds).toHaveLength(1)
    expect(new Date(r.nextDueAt).getTime() - new Date(r.lastContactAt).getTime()).toBe(14 * 86_400_000)

    const after = ok(await call('catalogue', {}, ZHANG))
    const item = after.items.find((i) => i.householdId === WANG_HH)!
    expect(before.status).toBe('overdue')
    expect(item.status).toBe('later')
    expect(item.nextDueAt).toBe(r.nextDueAt)
    expect(after.week.done).toBe(weekBefore + 1)

    const demand = (await docs<Record<string, unknown>>('demands')).find((d) => d._id === r.demandIds[0])!
    expect(demand).toMatchObject({
      householdId: WANG_HH,
      status: 'pending',
      assigneeOpenid: ZHANG,
      category: 'facilities',
      residentOpenid: WANG,
      committeeId: 'c-chunhui',
    })
    // The talent and the counters ride on the visit until the outbox sweep relays them.
    expect((await docs('talents')).find((d) => d._id === r.talentIds[0])).toBeUndefined()
    await t.dev.fire('outbox', 'deliver')
    const talent = (await docs<Record<string, unknown>>('talents')).find((d) => d._id === r.talentIds[0])!
    expect(talent).toMatchObject({
      name: '王秀英',
      skills: ['剪纸'],
      householdId: WANG_HH,
      consent: { given: true },
    })

    // The same draft submitted again (same clientRequestId) records nothing new.
    const again = ok(await call('record', input, ZHANG))
    expect(again).toEqual(r)
    const visits = (await docs<{ householdId: string; clientRequestId?: string }>('visits')).filter(
      (v) => v.clientRequestId === clientRequestId,
    )
    expect(visits).toHaveLength(1)
    expect((await docs<{ visitId?: string }>('demands')).filter((d) => d.visitId === r.visitId)).toHaveLength(
      1,
    )
    expect((await docs('demands')).filter((d) => d._id === r.demandIds[0])).toHaveLength(1)

    const detail = ok(await call('household', { householdId: WANG_HH }, ZHANG))
    expect(detail.visits[0]).toMatchObject({
      id: r.visitId,
      mode: 'home',
      topic: '垃圾分类',
      service: '帮忙预约上门理发',
    })
    expect(detail.visits[0].tasksDone).toHaveLength(6)
    expect(detail.demandIds).toContain(r.demandIds[0])

    const stats = await docs<{ _id: string; committeeId: string; visits?: { done?: number; due?: number } }>(
      'stats',
    )
    expect(stats.some((s) => s.committeeId === 'c-chunhui' && (s.visits?.done ?? 0) >= 1)).toBe(true)
    // The next visit counts as due (应访) on the day it falls due, as the reports recount defines it.
    const dueDay = new Date(new Date(r.nextDueAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
    expect(stats.find((s) => s._id === `stats:c-chunhui:${dueDay}`)?.visits?.due).toBeGreaterThanOrEqual(1)
  })

  it('refuses a visit outside the caller’s blocks and bad input with field paths, writing nothing', async () => {
    const all = await docs<{ _id: string; blockId: string }>('households')
    const outside = all.find((h) => h.blockId === 'c-chunhui-b3')!
    const before = (await docs('visits')).length
    const r = await call(
      'record',
      {
        householdId: outside._id,
        mode: 'home',
        tasks: { showIdentity: { done: true } },
        clientRequestId: rid('x'),
      },
      ZHANG,
    )
    expect(r.error?.code).toBe('NOT_FOUND')
    const bad = await call(
      'record',
      { householdId: WANG_HH, mode: 'home', tasks: { publicize: { done: true } }, clientRequestId: rid('x') },
      ZHANG,
    )
    expect(bad.error?.code).toBe('INVALID_INPUT')
    expect(JSON.stringify(bad.error?.details)).toContain('tasks.publicize.topic')
    const noConsent = await call(
      'record',
      {
        householdId: WANG_HH,
        mode: 'home',
        tasks: {
          discoverTalents: { done: true, talents: [{ name: '某', skills: ['修车'], consent: false }] },
        },
        clientRequestId: rid('x'),
      },
      ZHANG,
    )
    expect(noConsent.error?.code).toBe('INVALID_INPUT')
    expect((await docs('visits')).length).toBe(before)
  })
})

describe('online visits', () => {
  it('a class A family answers from 我的 and the answer shows as a visit; a demand is created', async () => {
    const sent = ok(
      await call(
        'sendOnline',
        { householdId: LI_HH, message: '李先生您好，最近家里都好吗？', clientRequestId: rid('ov') },
        ZHANG,
      ),
    )
    expect(sent.recipients).toBe(1)
    const outbox = (await docs<{ touser: string; templateKey: string }>('messages')).filter(
      (m) => m.touser === LI && m.templateKey === 'visitOnline',
    )
    expect(outbox.length).toBeGreaterThanOrEqual(1)

    const pending = ok(await call('pending', {}, LI))
    const ov = pending.items.find((i) => i.id === sent.onlineVisitId)!
    expect(ov.questions).toEqual(['家里一切都好吗？', '有什么需要帮忙的？'])
    // Another resident cannot see or answer it.
    expect(ok(await call('pending', {}, WANG)).items.find((i) => i.id === sent.onlineVisitId)).toBeUndefined()
    expect(
      (
        await call(
          'respond',
          { onlineVisitId: sent.onlineVisitId, answer: 'allFine', clientRequestId: rid('a') },
          WANG,
        )
      ).error?.code,
    ).toBe('NOT_FOUND')

    const answerId = rid('ans')
    const answer = {
      onlineVisitId: sent.onlineVisitId,
      answer: 'demand',
      demand: { category: 'sanitation', text: '小区门口垃圾桶满了没人清' },
      clientRequestId: answerId,
    }
    const res = ok(await call('respond', answer, LI))
    expect(res.demandId).toBeDefined()
    expect(ok(await call('respond', answer, LI))).toEqual(res)
    expect(
      (await call('respond', { ...answer, answer: 'allFine', clientRequestId: rid('b') }, LI)).error?.code,
    ).toBe('CONFLICT')
    expect(ok(await call('pending', {}, LI)).items.find((i) => i.id === sent.onlineVisitId)).toBeUndefined()

    const detail = ok(await call('household', { householdId: LI_HH }, ZHANG))
    expect(detail.visits[0]).toMatchObject({
      id: res.visitId,
      mode: 'online',
      source: 'resident',
      answer: 'demand',
    })
    expect(detail.household.pendingOnlineVisitId).toBeUndefined()
    const demand = (await docs<Record<string, unknown>>('demands')).find((d) => d._id === res.demandId)!
    expect(demand).toMatchObject({
      residentOpenid: LI,
      householdId: LI_HH,
      assigneeOpenid: ZHANG,
      status: 'pending',
    })
    const mine = ok(await call('myHousehold', {}, LI))
    expect(mine.visits[0].id).toBe(res.visitId)
  })

  it('cannot go to a household with no resident bound', async () => {
    const all = await docs<{ _id: string; blockId: string; residentOpenids: string[] }>('households')
    const lonely = all.find((h) => h.blockId === 'c-chunhui-b1' && h.residentOpenids.length === 0)!
    const r = await call(
      'sendOnline',
      { householdId: lonely._id, message: '您好', clientRequestId: rid('ov') },
      ZHANG,
    )
    expect(r.error?.code).toBe('CONFLICT')
  })
})

describe('a contact is one insert of its visit; what a dead process left is finished once', () => {
  type Day = { visits?: { done?: number; talentsFound?: number }; demands?: { submitted?: number } }
  const today = async () => {
    const id = `stats:c-chunhui:${businessDay(new Date())}`
    return (await docs<Day & { _id: string }>('stats')).find((d) => d._id === id)
  }
  const deliver = () => t.dev.fire('outbox', 'deliver')
  const ZHANG_AS = { openid: ZHANG, name: '张建国', role: 'blockHead' as const }
  const DEFAULTS = { A: 90, B: 90, C: 14 }

  /** The visit `record` inserts, carrying a demand, a talent, the contact and counters — and nothing after it. */
  const deadRecord = async (householdId: string, clientRequestId: string, at: Date) => {
    const h = HouseholdDoc.parse(t.cloud.database.find('households', { _id: householdId })[0])
    const { subdistrictId } = t.cloud.database.find('staff', { _id: ZHANG })[0] as { subdistrictId: string }
    const visitId = derivedId(ZHANG, 'visits.record', clientRequestId)
    const ctx = { household: h, subdistrictId, assignee: ZHANG_AS, by: ZHANG_AS, visitId, now: at }
    const demand = demandDoc(
      { category: 'facilities', text: '单元门禁坏了关不上' },
      { ...ctx, id: derivedId(visitId, 'demand', '0') },
    )
    const talent = {
      _id: derivedId(visitId, 'talent', '0'),
      committeeId: h.committeeId,
      blockId: h.blockId,
      householdId,
      name: '赵大爷',
      skills: ['修自行车'],
      consent: { given: true, at, recordedBy: ZHANG },
      visitId,
      createdAt: at,
    }
    const key = { committeeId: h.committeeId, subdistrictId, at }
    const visit = VisitDoc.parse({
      _id: visitId,
      householdId,
      committeeId: h.committeeId,
      blockId: h.blockId,
      mode: 'home',
      source: 'staff',
      visitorOpenid: ZHANG,
      visitorName: '张建国',
      visitedAt: at,
      recordedAt: at,
      demandIds: [demand._id],
      talentIds: [talent._id],
      clientRequestId,
      outbox: {
        messages: [],
        ...contactCounters(key, h, at, DEFAULTS, { mode: 'home', extra: { 'visits.talentsFound': 1 } }),
        demands: [demand],
        talents: [talent],
        contact: { householdId, at, cadence: DEFAULTS },
      },
      outboxAt: at,
    })
    await t.cloud.database.insertMany('visits', [visit])
    return { visit, demandId: demand._id, talentId: talent._id }
  }
  const input = (householdId: string, clientRequestId: string) => ({
    householdId,
    mode: 'home',
    tasks: {
      askDemands: { done: true, demands: [{ category: 'facilities', text: '单元门禁坏了关不上' }] },
      discoverTalents: { done: true, talents: [{ name: '赵大爷', skills: ['修自行车'], consent: true }] },
    },
    clientRequestId,
  })
  const lastContact = (id: string) =>
    new Date((t.cloud.database.find('households', { _id: id })[0] as { lastContactAt: Date }).lastContactAt)

  it('record: the relay, run twice, writes the demand, talent and contact once and counts once', async () => {
    const all = await docs<{ _id: string; blockId: string }>('households')
    const [h1, h2] = all.filter((x) => x.blockId === 'c-chunhui-b1' && x._id !== WANG_HH)
    await deliver()
    const before = await today()
    const at = new Date(Date.now() - 60_000)
    const crid = rid('dead')
    const dead = await deadRecord(h1._id, crid, at)
    expect(t.cloud.database.find('demands', { _id: dead.demandId })).toHaveLength(0)

    await deliver()
    await deliver()
    expect(t.cloud.database.find('demands', { _id: dead.demandId })).toHaveLength(1)
    expect(t.cloud.database.find('talents', { _id: dead.talentId })).toHaveLength(1)
    expect(lastContact(h1._id)).toEqual(at)
    expect(t.cloud.database.find('visits', { _id: dead.visit._id })[0].outbox).toBeUndefined()
    const after = await today()
    expect((after?.visits?.done ?? 0) - (before?.visits?.done ?? 0)).toBe(1)
    expect((after?.visits?.talentsFound ?? 0) - (before?.visits?.talentsFound ?? 0)).toBe(1)
    expect((after?.demands?.submitted ?? 0) - (before?.demands?.submitted ?? 0)).toBe(1)
    // The same request again answers as the first call would have, and writes nothing more.
    const again = ok(await call('record', input(h1._id, crid), ZHANG))
    expect(again).toMatchObject({ visitId: dead.visit._id, demandIds: [dead.demandId] })
    expect(t.cloud.database.find('demands', { visitId: dead.visit._id })).toHaveLength(1)

    // Retried before any relay: the retry writes the demand and the contact at once.
    const crid2 = rid('dead')
    const dead2 = await deadRecord(h2._id, crid2, at)
    const retried = ok(await call('record', input(h2._id, crid2), ZHANG))
    expect(retried).toMatchObject({ visitId: dead2.visit._id, lastContactAt: at.toISOString() })
    expect(t.cloud.database.find('demands', { _id: dead2.demandId })).toHaveLength(1)
    expect(lastContact(h2._id)).toEqual(at)
    await deliver()
    expect(t.cloud.database.find('demands', { visitId: dead2.visit._id })).toHaveLength(1)
    expect(t.cloud.database.find('talents', { visitId: dead2.visit._id })).toHaveLength(1)
  })

  it('respond: the retry of an answer whose process died after its visit finishes it; another answer is refused', async () => {
    const sent = ok(
      await call(
        'sendOnline',
        { householdId: LI_HH, message: '李先生，最近好吗？', clientRequestId: rid('ov') },
        ZHANG,
      ),
    )
    const h = HouseholdDoc.parse(t.cloud.database.find('households', { _id: LI_HH })[0])
    const visitId = derivedId(sent.onlineVisitId, 'visits.respond')
    // Later than the file's last contact (the answer before this one).
    const at = new Date()
    const clientRequestId = rid('ans')
    const dedupeKey = `visitAnswer:${sent.onlineVisitId}:${ZHANG}`
    const tell = messageDoc(
      {
        dedupeKey,
        touser: ZHANG,
        templateKey: 'visitDue',
        page: `pkg-staff/visits/household/index?id=${LI_HH}`,
        data: { thing1: '回复了线上走访', thing2: '请联系', time3: '2026-12-01 10:00' },
      },
      at,
    )
    const key = { committeeId: h.committeeId, subdistrictId: 'x', at }
    const visit = VisitDoc.parse({
      _id: visitId,
      householdId: LI_HH,
      committeeId: h.committeeId,
      blockId: h.blockId,
      mode: 'online',
      source: 'resident',
      visitorOpenid: ZHANG,
      visitedAt: at,
      recordedAt: at,
      onlineVisitId: sent.onlineVisitId,
      answer: 'contactMe',
      answeredBy: LI,
      clientRequestId,
      outbox: {
        messages: [tell],
        ...contactCounters(key, h, at, DEFAULTS, { mode: 'online' }),
        contact: { householdId: LI_HH, at, cadence: DEFAULTS, onlineVisitId: sent.onlineVisitId },
        answer: {
          onlineVisitId: sent.onlineVisitId,
          answer: 'contactMe',
          answeredBy: LI,
          answeredAt: at,
          answerRequestId: clientRequestId,
          visitId,
        },
      },
      outboxAt: at,
    })
    await t.cloud.database.insertMany('visits', [visit])
    expect(ok(await call('pending', {}, LI)).items.map((i) => i.id)).toContain(sent.onlineVisitId)

    const answer = {
      onlineVisitId: sent.onlineVisitId,
      answer: 'contactMe',
      contact: { channel: 'phone', value: '13800001111' },
      clientRequestId,
    }
    expect((await call('respond', { ...answer, clientRequestId: rid('other') }, LI)).error?.code).toBe(
      'CONFLICT',
    )
    expect(ok(await call('respond', answer, LI))).toEqual({ visitId })
    expect(ok(await call('pending', {}, LI)).items.map((i) => i.id)).not.toContain(sent.onlineVisitId)
    const [ov] = t.cloud.database.find('onlineVisits', { _id: sent.onlineVisitId })
    expect(ov).toMatchObject({ status: 'answered', answer: 'contactMe', visitId })
    expect(ov.answeredAt).toEqual(at)
    const [file] = t.cloud.database.find('households', { _id: LI_HH })
    expect(file.pendingOnlineVisitId).toBeUndefined()
    expect(file.lastContactAt).toEqual(at)

    // The relay, twice: the message to the block head once, the visit released.
    await deliver()
    await deliver()
    const told = (await docs<{ dedupeKey: string }>('messages')).filter((m) => m.dedupeKey === dedupeKey)
    expect(told).toHaveLength(1)
    expect(t.cloud.database.find('visits', { _id: visitId })[0].outbox).toBeUndefined()
  })

  it('saveHousehold: the hourly repair writes the version record and closes the request a dead process left, once', async () => {
    const HOUR = 3_600_000
    const nextHour = Math.ceil(Date.now() / HOUR) * HOUR
    const at = new Date()
    const id = `hh-dead-${rid('x')}`
    const corrId = `corr-${id}`
    const record = {
      _id: `${id}:v1`,
      householdId: id,
      committeeId: 'c-chunhui',
      version: 1,
      at,
      byOpenid: ZHANG,
      byName: '张建国',
      changes: [{ field: 'room', before: null, after: '901' }],
      clientRequestId: rid('save'),
    }
    await t.cloud.database.insertMany('households', [
      {
        _id: id,
        committeeId: 'c-chunhui',
        blockId: 'c-chunhui-b1',
        building: '9号楼',
        room: '901',
        class: 'B',
        members: [],
        notes: '',
        residentOpenids: [],
        version: 1,
        updatedAt: at,
        outbox: { messages: [], versions: [record], corrections: [corrId] },
        outboxAt: at,
      },
    ])
    await t.cloud.database.insertMany('householdCorrections', [
      {
        _id: corrId,
        householdId: id,
        committeeId: 'c-chunhui',
        blockId: 'c-chunhui-b1',
        openid: WANG,
        text: '房号写错了',
        status: 'open',
        createdAt: at,
      },
    ])
    try {
      await t.dev.setClock(nextHour + 5 * 60_000 - Date.now())
      await deliver()
      await deliver()
    } finally {
      await t.dev.setClock(0)
    }
    expect(t.cloud.database.find('householdVersions', { householdId: id })).toHaveLength(1)
    expect(t.cloud.database.find('householdCorrections', { _id: corrId })[0]).toMatchObject({
      status: 'done',
      doneBy: ZHANG,
    })
    expect(t.cloud.database.find('households', { _id: id })[0].outbox).toBeUndefined()
  })

  it('sendOnline and correctHousehold: the hourly repair writes what a dead process left after the insert, once', async () => {
    const HOUR = 3_600_000
    const nextHour = Math.ceil(Date.now() / HOUR) * HOUR
    const at = new Date()
    const ovId = `ov-dead-${rid('x')}`
    const ovMessage = messageDoc(
      {
        dedupeKey: `visitOnline:${ovId}:${LI}`,
        touser: LI,
        templateKey: 'visitOnline',
        page: `visits/pages/pending/index?id=${ovId}`,
        data: { thing1: '张建国（块长）', thing2: '最近好吗', time3: '2026-12-01 10:00' },
      },
      at,
    )
    const h = HouseholdDoc.parse(t.cloud.database.find('households', { _id: LI_HH })[0])
    expect(h.pendingOnlineVisitId).toBeUndefined()
    const corrId = `corr-dead-${rid('x')}`
    const corrMessage = messageDoc(
      {
        dedupeKey: `correction:${corrId}:${ZHANG}`,
        touser: ZHANG,
        templateKey: 'visitDue',
        page: `pkg-staff/visits/household/index?id=${WANG_HH}`,
        data: { thing1: '1号楼101申请更正档案', thing2: '出生年份', time3: '2026-12-01 10:00' },
      },
      at,
    )
    await t.cloud.database.insertMany('onlineVisits', [
      {
        _id: ovId,
        householdId: LI_HH,
        committeeId: h.committeeId,
        blockId: h.blockId,
        message: '最近好吗',
        questions: [],
        recipients: [LI],
        sentBy: ZHANG,
        sentByName: '张建国',
        sentAt: at,
        status: 'pending',
        outbox: { messages: [ovMessage] },
        outboxAt: at,
      },
    ])
    await t.cloud.database.insertMany('householdCorrections', [
      {
        _id: corrId,
        householdId: WANG_HH,
        committeeId: 'c-chunhui',
        blockId: 'c-chunhui-b1',
        openid: WANG,
        text: '出生年份应为1945年',
        status: 'open',
        createdAt: at,
        outbox: { messages: [corrMessage] },
        outboxAt: at,
      },
    ])
    const written = async () =>
      (await docs<{ dedupeKey: string }>('messages')).filter(
        (m) => m.dedupeKey === ovMessage.dedupeKey || m.dedupeKey === corrMessage.dedupeKey,
      ).length
    try {
      // Not the first run of an hour: the repair waits for it.
      await t.dev.setClock(nextHour + 30 * 60_000 - Date.now())
      await deliver()
      expect(await written()).toBe(0)
      await t.dev.setClock(nextHour + HOUR + 5 * 60_000 - Date.now())
      await deliver()
      await deliver()
    } finally {
      await t.dev.setClock(0)
    }
    expect(await written()).toBe(2)
    expect(t.cloud.database.find('households', { _id: LI_HH })[0].pendingOnlineVisitId).toBe(ovId)
    expect(t.cloud.database.find('onlineVisits', { _id: ovId })[0].outbox).toBeUndefined()
    expect(t.cloud.database.find('householdCorrections', { _id: corrId })[0].outbox).toBeUndefined()
  })
})

describe('family files', () => {
  it('versions every change, requires a channel for class A, and detects a stale edit', async () => {
    const d = ok(await call('household', { householdId: WANG_HH }, ZHANG))
    const h = d.household
    const fields = {
      blockId: h.blockId,
      building: h.building,
      room: h.room,
      class: h.class,
      members: h.members,
      notes: h.notes,
    }
    const noChannel = await call(
      'saveHousehold',
      {
        householdId: WANG_HH,
        expectedVersion: h.version,
        fields: { ...fields, class: 'A' },
        clientRequestId: rid('s'),
      },
      ZHANG,
    )
    expect(noChannel.error?.code).toBe('INVALID_INPUT')
    expect(JSON.stringify(noChannel.error?.details)).toContain('fields.preferredChannel')

    const crid = rid('s')
    const edit = {
      householdId: WANG_HH,
      expectedVersion: h.version,
      fields: { ...fields, notes: `${h.notes}（已装扶手）` },
      clientRequestId: crid,
    }
    const saved = ok(await call('saveHousehold', edit, ZHANG))
    expect(saved.changed).toEqual(['notes'])
    expect(saved.household.version).toBe(h.version + 1)
    // A retry of the same save answers as before; another stale save is a conflict.
    expect(ok(await call('saveHousehold', edit, ZHANG)).household.version).toBe(h.version + 1)
    const stale = await call('saveHousehold', { ...edit, clientRequestId: rid('s') }, ZHANG)
    expect(stale.error?.code).toBe('CONFLICT')

    const after = ok(await call('household', { householdId: WANG_HH }, ZHANG))
    expect(after.versions[0]).toMatchObject({
      version: h.version + 1,
      byName: '张建国',
      changes: [{ field: 'notes', before: h.notes }],
    })
  })

  it('suggests class C from tags, and creates a file in the caller’s block only', async () => {
    const fields = {
      blockId: 'c-chunhui-b2',
      building: '3号楼',
      room: '601',
      class: 'B',
      members: [{ name: '刘桂兰', relation: '户主', birthYear: 1940, tags: ['独居老人'] }],
    }
    const created = ok(await call('saveHousehold', { fields, clientRequestId: rid('n') }, ZHANG))
    expect(created.household).toMatchObject({ class: 'B', suggestedClass: 'C', status: 'never', version: 1 })
    const elsewhere = await call(
      'saveHousehold',
      { fields: { ...fields, blockId: 'c-chunhui-b3' }, clientRequestId: rid('n') },
      ZHANG,
    )
    expect(elsewhere.error?.code).toBe('NOT_FOUND')
  })
})

describe('residents: my file, corrections, export', () => {
  it('shows exactly what the committee holds, and a correction reaches the block head as a task', async () => {
    const mine = ok(await call('myHousehold', {}, WANG))
    expect(mine.household).toMatchObject({ id: WANG_HH, class: 'C' })
    expect(mine.household!.members[0].phone).toBe('13812341234')
    expect(mine.blockHeadName).toBe('张建国')

    const c = ok(
      await call('correctHousehold', { text: '我的出生年份应为1945年', clientRequestId: rid('c') }, WANG),
    )
    const cat = ok(await call('catalogue', {}, ZHANG))
    expect(cat.corrections.find((x) => x.id === c.correctionId)).toMatchObject({
      householdId: WANG_HH,
      status: 'open',
    })
    const msgs = (await docs<{ touser: string; dedupeKey: string }>('messages')).filter(
      (m) => m.touser === ZHANG && m.dedupeKey.startsWith(`correction:${c.correctionId}`),
    )
    expect(msgs).toHaveLength(1)
    expect(ok(await call('myHousehold', {}, 'demo-newcomer')).household).toBeNull()
    expect(
      (await call('correctHousehold', { text: '我家地址不对', clientRequestId: rid('c') }, 'demo-newcomer'))
        .error?.code,
    ).toBe('NOT_FOUND')

    // Saving the file is how the block head closes the task.
    const d = ok(await call('household', { householdId: WANG_HH }, ZHANG))
    const h = d.household
    const members = h.members.map((m, i) => (i === 0 ? { ...m, birthYear: 1945 } : m))
    ok(
      await call(
        'saveHousehold',
        {
          householdId: WANG_HH,
          expectedVersion: h.version,
          fields: {
            blockId: h.blockId,
            building: h.building,
            room: h.room,
            class: h.class,
            members,
            notes: h.notes,
          },
          clientRequestId: rid('s'),
        },
        ZHANG,
      ),
    )
    expect(
      ok(await call('catalogue', {}, ZHANG)).corrections.find((x) => x.id === c.correctionId),
    ).toBeUndefined()
  })

  it('exports everything about the caller as JSON', async () => {
    const e = ok(await call('exportMyData', {}, LI))
    const data = e.data as Record<string, Array<Record<string, unknown>>>
    expect(data.households.map((h) => h._id)).toEqual([LI_HH])
    expect(data.visits.length).toBeGreaterThan(0)
    expect(data.onlineVisits.length).toBeGreaterThan(0)
    expect(data.demands.some((d) => d.residentOpenid === LI)).toBe(true)
    expect((data.resident as unknown as { _id: string })._id).toBe(LI)
  })
})

describe('daily reminder', () => {
  it('sends each block head one summary a day, however often the timer fires', async () => {
    const r1 = await t.dev.fire('visits', 'dailyReminder')
    const r2 = await t.dev.fire('visits', 'dailyReminder')
    expect(r1.ok && r2.ok).toBe(true)
    const msgs = (await docs<{ touser: string; templateKey: string; dedupeKey: string }>('messages')).filter(
      (m) => m.templateKey === 'visitDue' && m.dedupeKey.startsWith('visitDue:'),
    )
    const toZhang = msgs.filter((m) => m.touser === ZHANG)
    expect(toZhang).toHaveLength(1)
    expect(new Set(msgs.map((m) => m.touser)).size).toBe(msgs.length)
  })
})

describe('cadence', () => {
  it('is set by the committee admin and applies to the catalogue at once', async () => {
    expect((await call('setCadence', { A: 60, B: 60, C: 7 }, ZHANG)).error?.code).toBe('FORBIDDEN')
    ok(await call('setCadence', { A: 90, B: 90, C: 7 }, CHEN))
    const c = ok(await call('catalogue', {}, ZHANG))
    expect(c.cadence.C).toBe(7)
    const wang = c.items.find((i) => i.householdId === WANG_HH)!
    expect(new Date(wang.nextDueAt!).getTime() - new Date(wang.lastContactAt!).getTime()).toBe(7 * 86_400_000)
    ok(await call('setCadence', { A: 90, B: 90, C: 14 }, CHEN))
  })
})
