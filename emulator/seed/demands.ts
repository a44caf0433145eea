/**
 * Demo demands (诉求): about a month of cases in every committee — every status, some due soon and some
 * overdue, replies, meetings, escalations, micro matters, ratings and reopened cases — built through the
 * same lifecycle rules the function uses, so timelines and deadlines are what the product would have written.
 * 王秀英 and 李明 have cases of their own in several states.
 */
import type { StaffDoc } from '../../types/community'
import {
  DEMAND_TAXONOMY,
  type DemandCategory,
  type DemandDoc,
  type DepartmentDoc,
  type DepartmentKind,
} from '../../types/demands'
import { SUBDISTRICT } from './identities'
import * as rules from '../../cloudfunctions/demands/public'
import { businessDay } from '../../cloudfunctions/shared/stats'
import type { SeedContext } from './context'
import type { Rng } from './random'

const HOUR = 3_600_000
const PER_COMMITTEE = 100

const TEXTS: Record<DemandCategory, string[]> = {
  sanitation: [
    '楼道里堆满了杂物，消防通道被堵住了',
    '垃圾分类点的桶满了两天没人清运，味道很大',
    '小区绿化带里有很多狗粪没人清理',
    '单元门口的下水道堵了，一下雨就积水',
  ],
  property: [
    '物业费涨了但是服务没变好，想问问依据',
    '地下车库的灯坏了好几盏，晚上很黑',
    '电梯经常停运，物业说在等配件',
    '物业维修工上门收费不透明',
  ],
  noise: [
    '楼上每天夜里装修，吵得睡不着',
    '晚上十点后广场舞音响太响',
    '小区门口餐馆的排风机噪音很大',
    '清晨五点就有货车在楼下卸货',
  ],
  facilities: [
    '楼下路灯不亮，晚上出门看不见',
    '健身器材的螺丝松了，老人用着不安全',
    '单元门禁坏了，外人随便进出',
    '小区里的长椅坏了，希望修一下',
  ],
  neighbors: [
    '楼上漏水到我家，沟通了几次没有结果',
    '邻居在楼道里放电动车充电',
    '对门养的狗经常在楼道里叫',
    '邻居把杂物堆在公共平台上',
  ],
  policy: [
    '想了解一下高龄津贴怎么申请',
    '孩子上学的居住证明去哪里开',
    '老旧小区加装电梯的补贴政策是什么',
    '失业登记需要带哪些材料',
  ],
  elderly: [
    '家里老人独居，希望有人定期上门看看',
    '想给母亲申请助餐服务',
    '社区食堂能不能增加送餐上门',
    '老人行动不便，想申请上门理发',
  ],
  safety: [
    '3号楼外墙有瓷砖松动，随时可能掉下来',
    '楼道里闻到很重的煤气味',
    '小区门口的井盖缺了一块',
    '配电箱的门开着，电线露在外面',
  ],
  other: [
    '希望社区多组织一些亲子活动',
    '想在小区里办一个旧物交换角',
    '建议在活动室装一台空调',
    '想问问社区志愿者怎么报名',
  ],
}
const REPLIES = [
  '收到，已经记下了，明天上午去现场看看',
  '您好，已联系物业，今天下午派人处理',
  '已了解情况，正在和相关单位协调',
  '感谢反映，我们会尽快给您答复',
]
const RESULTS = [
  '已联系物业清理完毕，通道已畅通',
  '已协调维修，设施已恢复正常使用',
  '已与当事双方沟通，达成一致意见',
  '已帮您办理好，后续有问题随时联系',
]
const COMMENTS = ['处理得很及时，谢谢', '基本解决了，希望以后多注意', '问题还是没有解决', '块长态度很好']

interface Person {
  openid: string
  name: string
  householdId?: string
  blockId?: string
  /** Who heads the block (stored on the block), to route the person's demands. */
  blockHeadOpenid?: string
  building?: string
}

/** The sub-district's departments cases are handed to (交办), each with whom to call there. */
const DEPARTMENT_ROWS: readonly [string, string, DepartmentKind, string, string][] = [
  ['dept-mingde-property', '物业管理办公室', 'property', '刘建军', '010-62010001'],
  ['dept-mingde-urban', '明德城管执法队', 'urban', '王强', '010-62010002'],
  ['dept-mingde-police', '明德派出所', 'police', '李卫国', '010-62010003'],
  ['dept-mingde-housing', '区房管所明德站', 'housing', '陈静', '010-62010004'],
  ['dept-mingde-market', '明德市场监管所', 'market', '赵敏', '010-62010005'],
]
export const DEMO_DEPARTMENTS: readonly DepartmentDoc[] = DEPARTMENT_ROWS.map(
  ([_id, name, kind, contactName, phone]) => ({
    _id,
    subdistrictId: SUBDISTRICT.id,
    name,
    kind,
    contactName,
    phone,
    active: true,
  }),
)

export async function seedDemands(ctx: SeedContext): Promise<void> {
  const { rng, now } = ctx
  await ctx.insert('departments', [...DEMO_DEPARTMENTS])
  const staff = ctx.inserted('staff')
  const households = new Map(ctx.inserted('households').map((h) => [h._id, h]))
  const residents = ctx.inserted('residents')
  const heads = new Map(ctx.inserted('blocks').map((b) => [b._id, b.blockHeadOpenid]))
  const byCommittee = new Map<string, Person[]>()
  for (const r of residents) {
    const b = r.households.find((h) => h.status === 'confirmed')
    if (!b) continue
    const hh = households.get(b.householdId)
    const list = byCommittee.get(b.committeeId) ?? []
    list.push({
      openid: r.openid,
      name: r.name ?? '居民',
      householdId: b.householdId,
      blockId: hh?.blockId,
      blockHeadOpenid: hh ? heads.get(hh.blockId) : undefined,
      building: hh?.building,
    })
    byCommittee.set(b.committeeId, list)
  }

  const docs: DemandDoc[] = []
  const make = (
    committeeId: string,
    who: Person,
    n: number,
    ageHours: number,
    fate: Fate,
    category?: DemandCategory,
  ) => {
    const d = build(
      rng,
      staff,
      committeeId,
      who,
      `dm-${committeeId.slice(2)}-${n}`,
      new Date(now.getTime() - ageHours * HOUR),
      now,
      fate,
      category,
    )
    if (d) docs.push(d)
  }

  // The demo residents' own cases, fixed so the README and the browser test can point at them.
  const wang = byCommittee.get('c-chunhui')?.find((p) => p.openid === 'demo-resident-wang')
  const li = byCommittee.get('c-chunhui')?.find((p) => p.openid === 'demo-resident-li')
  if (wang) {
    make('c-chunhui', wang, 9001, 3, 'pending', 'facilities')
    make('c-chunhui', wang, 9002, 30, 'in_progress', 'elderly')
    make('c-chunhui', wang, 9003, 140, 'resolved', 'sanitation')
    make('c-chunhui', wang, 9004, 240, 'rated', 'noise')
  }
  if (li) {
    make('c-chunhui', li, 9101, 50, 'meeting', 'property')
    make('c-chunhui', li, 9102, 200, 'reopened', 'neighbors')
    make('c-chunhui', li, 9103, 120, 'rejected', 'property')
  }

  for (const [committeeId, people] of byCommittee) {
    for (let n = 0; n < PER_COMMITTEE; n++) {
      const who = rng.pick(people)
      const age = rng.chance(0.15) ? rng.int(1, 23) + rng.next() : rng.int(24, 30 * 24)
      let fate = pickFate(rng, age)
      // Most old cases are concluded: overdue should be the exception (the target is zero), not the month.
      const open =
        fate === 'pending' ||
        fate === 'in_progress' ||
        fate === 'meeting' ||
        fate === 'escalated' ||
        fate === 'micro'
      if (open && age > 96 && rng.chance(0.85)) fate = rng.pick(['rated', 'resolved', 'rated'] as const)
      make(committeeId, who, n, age, fate)
    }
    // A few fresh ones right at their due-soon window, so the inbox shows the warning.
    for (let n = 0; n < 3; n++) make(committeeId, rng.pick(people), 500 + n, 22.5 + n * 0.3, 'pending')
  }
  await ctx.insert('demands', docs)
}

type Fate =
  | 'pending'
  | 'in_progress'
  | 'meeting'
  | 'escalated'
  | 'micro'
  | 'resolved'
  | 'rated'
  | 'rejected'
  | 'reopened'
  | 'duplicate'

function pickFate(rng: Rng, ageHours: number): Fate {
  if (ageHours < 24) return rng.pick(['pending', 'pending', 'in_progress', 'resolved'] as const)
  if (ageHours < 48 && rng.chance(0.3)) return 'pending'
  const r = rng.next()
  if (r < 0.06) return 'pending'
  if (r < 0.22) return 'in_progress'
  if (r < 0.28) return 'meeting'
  if (r < 0.32) return 'escalated'
  if (r < 0.36) return 'micro'
  if (r < 0.5) return 'resolved'
  if (r < 0.8) return 'rated'
  if (r < 0.87) return 'rejected'
  if (r < 0.95) return 'reopened'
  return 'rated'
}

function build(
  rng: Rng,
  staff: readonly StaffDoc[],
  committeeId: string,
  who: Person,
  id: string,
  at: Date,
  now: Date,
  fate: Fate,
  fixedCategory?: DemandCategory,
): DemandDoc | null {
  const category =
    fixedCategory ?? rng.pick(DEMAND_TAXONOMY.filter((c) => c.code !== 'safety' || rng.chance(0.2))).code
  const r = rules.route(staff, committeeId, who.blockHeadOpenid)
  if (!r) return null
  const resident: rules.Actor = { openid: who.openid, name: who.name, roleLabel: '居民' }
  const actor: rules.Actor = {
    openid: r.assignee.openid,
    name: r.assignee.name,
    roleLabel: r.assignee.role === 'blockHead' ? '块长' : '居委会管理员',
  }
  let doc: DemandDoc = rules.newDemand(
    {
      _id: id,
      residentOpenid: who.openid,
      residentName: who.name,
      ...(who.householdId ? { householdId: who.householdId } : {}),
      committeeId,
      subdistrictId: r.assignee.subdistrictId,
      ...(who.blockId ? { blockId: who.blockId } : {}),
      ...(who.building ? { building: who.building } : {}),
      category,
      text: rng.pick(TEXTS[category]),
      photos: [],
      visibility: 'private',
      assigneeOpenid: r.assignee.openid,
      assigneeName: r.assignee.name,
    },
    {
      id: `${id}-e0`,
      type: 'submitted',
      at,
      by: who.openid,
      byName: who.name,
      byRole: '居民',
      note: `已派给${r.assignee.name}`,
    },
    at,
  )
  let clock = at.getTime()
  let step = 0
  // Each step happens some hours after the last; a step that would fall in the future is not taken.
  const next = (minH: number, maxH: number): Date | null => {
    const t = clock + (minH + rng.next() * (maxH - minH)) * HOUR
    if (t > now.getTime()) return null
    clock = t
    return new Date(t)
  }
  const apply = (f: (t: Date, ev: string) => rules.Change, minH: number, maxH: number): boolean => {
    const t = next(minH, maxH)
    if (!t) return false
    doc = f(t, `${id}-e${++step}`).next
    return true
  }
  const answered = fate !== 'pending' && fate !== 'duplicate'
  const fast = rng.chance(0.85)
  if (
    answered &&
    !apply((t, ev) => rules.reply(doc, actor, rng.pick(REPLIES), t, ev), fast ? 0.5 : 20, fast ? 20 : 40)
  )
    return finish(doc, now)
  switch (fate) {
    case 'meeting':
      apply(
        (t, ev) =>
          rules.toMeeting(
            doc,
            actor,
            businessDay(new Date(t.getTime() + 5 * 24 * HOUR)),
            '与物业、楼组长共同商议',
            t,
            ev,
          ),
        2,
        48,
      )
      break
    case 'escalated':
      apply((t, ev) => rules.escalate(doc, actor, '涉及多个部门，需街道协调', t, ev), 4, 72)
      break
    case 'micro':
      apply(
        (t, ev) =>
          rules.markMicroMatter(
            doc,
            actor,
            '由居民志愿者自行组织实施，申请自治金购买材料',
            rng.int(5, 50) * 100,
            t,
            ev,
          ),
        4,
        72,
      )
      break
    case 'resolved':
    case 'rated':
    case 'reopened':
      if (!apply((t, ev) => rules.resolve(doc, actor, rng.pick(RESULTS), t, ev), 4, 96)) break
      if (fate === 'rated')
        apply(
          (t, ev) =>
            rules.rate(
              doc,
              resident,
              rng.pick(['satisfied', 'satisfied', 'basic'] as const),
              rng.pick(COMMENTS.slice(0, 2)),
              t,
              ev,
            ),
          2,
          72,
        )
      if (fate === 'reopened')
        apply((t, ev) => rules.rate(doc, resident, 'dissatisfied', COMMENTS[2], t, ev), 2, 72)
      break
    case 'rejected':
      apply(
        (t, ev) =>
          rules.reject(
            doc,
            actor,
            {
              findings: '到现场查看并查阅了相关规定和合同约定',
              contacted: '物业公司、楼组长、当事居民',
              reason: '属于业主私人事务，需业主自行协商解决',
            },
            t,
            ev,
          ),
        12,
        96,
      )
      break
    case 'duplicate':
      break
  }
  return finish(doc, now)
}

/** Alerts the hourly scan would already have raised by `now`, so the first scan does not replay the month. */
function finish(doc: DemandDoc, now: Date): DemandDoc {
  if (
    (doc.status === 'resolved' || doc.status === 'rejected') &&
    doc.autoCloseAt &&
    new Date(doc.autoCloseAt).getTime() <= now.getTime()
  ) {
    const at = new Date(doc.autoCloseAt)
    return {
      ...doc,
      status: 'closed',
      closedAt: at,
      autoCloseAt: null,
      events: [
        ...doc.events,
        {
          id: `${doc._id}-close`,
          type: 'closed',
          at,
          by: 'system',
          byName: '系统',
          byRole: '系统',
          note: '7天内未评价，自动结案',
        },
      ],
    }
  }
  const plan = rules.alertPlan(doc, now)
  if (!plan) return doc
  const marks = plan.alerts.map((a) => a.mark)
  const escalate = plan.alerts.some((a) => a.kind === 'escalate') && doc.status !== 'escalated'
  return {
    ...doc,
    alerts: [...(doc.alerts ?? []), ...marks],
    nextAlertAt: plan.nextAlertAt,
    overdue: plan.alerts.some((a) => a.kind === 'overdue') || doc.overdue,
    ...(escalate
      ? {
          status: 'escalated' as const,
          escalation: { note: '超时超过24小时，自动上报街道督办', at: now, auto: true },
          events: [
            ...doc.events,
            {
              id: `${doc._id}-auto`,
              type: 'escalated' as const,
              at: now,
              by: 'system',
              byName: '系统',
              byRole: '系统',
              note: '超时超过24小时，自动上报街道督办',
            },
          ],
        }
      : {}),
  }
}
