/**
 * Demo data for zero-distance visits (零距离走访): six months of visit history for every household, ending at
 * the household's last contact, so some families are overdue (王秀英's class C file among them); online
 * visits answered (李明's family) and pending; a small talent pool; one correction request waiting for a
 * block head. The households' denormalized `nextDueAt` is filled in to match.
 */
import {
  DEFAULT_CADENCE,
  type CorrectionDoc,
  type HouseholdDoc,
  type OnlineVisitDoc,
  type TalentDoc,
  type VisitDoc,
  type VisitMode,
  type VisitTasks,
} from '../../types/visits'
import { nextDue } from '../../cloudfunctions/visits/public'
import { encode } from '../db/ejson'
import type { CollectionName } from '../../cloudfunctions/shared/data'
import type { SeedContext } from './context'
import type { Rng } from './random'
import { DEMO_HOUSEHOLDS } from './community'

const DAY = 86_400_000
const HISTORY_DAYS = 183
const TOPICS = [
  '垃圾分类',
  '防范电信诈骗',
  '老年人防跌倒',
  '消防安全',
  '医保缴费',
  '文明养犬',
  '社区食堂开业',
]
const SERVICES = [
  '测量血压',
  '代办高龄补贴申请',
  '更换楼道灯泡',
  '送上防诈骗宣传册',
  '帮忙预约上门理发',
  '讲解智能手机挂号',
]
const TALENTS: [string, string[], string][] = [
  ['周德胜', ['理发'], '退休理发师，愿意每月给老人义剪'],
  ['林晓东', ['水电维修'], '电工，周末有空'],
  ['吴文静', ['书法', '剪纸'], '社区书画班志愿老师'],
  ['郭志明', ['法律咨询'], '律师，可以做邻里纠纷调解'],
  ['马红梅', ['广场舞', '合唱'], '文艺骨干'],
  ['陈浩然', ['电脑', '智能手机'], '大学生，假期教老人用手机'],
  ['孙立新', ['中医推拿'], '退休医生'],
  ['赵雪梅', ['育儿', '心理疏导'], '幼儿园老师'],
]

export async function seedVisits(ctx: SeedContext): Promise<void> {
  const { now, rng } = ctx
  const households = ctx.inserted('households')
  const blocks = new Map(ctx.inserted('blocks').map((b) => [b._id, b]))
  const staff = ctx.inserted('staff')
  const staffName = new Map(staff.map((s) => [s._id, s.name]))
  const adminOf = new Map(
    staff.filter((s) => s.role === 'committeeAdmin').map((s) => [s.committeeId!, s._id]),
  )

  const visits: VisitDoc[] = []
  const online: OnlineVisitDoc[] = []
  const talents: TalentDoc[] = []
  const corrections: CorrectionDoc[] = []
  const patches: [string, HouseholdPatch][] = []
  let talentIndex = 0
  let pendingLeft: Record<string, number> = { 'c-chunhui': 3, 'c-fenglin': 1, 'c-hepingli': 1 }

  for (const h of households) {
    const visitor = blocks.get(h.blockId)?.blockHeadOpenid ?? adminOf.get(h.committeeId) ?? 'system'
    const last = h.lastContactAt ? new Date(h.lastContactAt) : null
    if (!last) continue
    const interval = DEFAULT_CADENCE[h.class]
    // Walk back from the last contact, one visit per interval (give or take a few days), for six months.
    const dates: Date[] = []
    for (
      let at = last.getTime();
      at > now.getTime() - HISTORY_DAYS * DAY;
      at -= (interval + rng.int(-3, 3)) * DAY
    )
      dates.push(new Date(at))
    dates.forEach((when, i) => {
      // Earlier visits happen in working hours (09:00–16:00 Shanghai); the last one is the recorded contact.
      const at = i === 0 ? when : workingHours(when, rng)
      const isLast = i === 0
      const id = `visit-${h._id.slice(3)}-${i}`
      if (h.class === 'A' && isLast && h.residentOpenids.length > 0) {
        // The family answered an online visit: that answer is the last contact.
        const ovId = `ov-${h._id.slice(3)}-${i}`
        const sentAt = new Date(at.getTime() - rng.int(1, 3) * 3_600_000)
        online.push({
          _id: ovId,
          householdId: h._id,
          committeeId: h.committeeId,
          blockId: h.blockId,
          message: '您好，我是您家的块长，最近家里一切都好吗？',
          questions: ['家里一切都好吗？', '有什么需要帮忙的？'],
          recipients: [...h.residentOpenids],
          sentBy: visitor,
          sentByName: staffName.get(visitor),
          sentAt,
          status: 'answered',
          answer: 'allFine',
          answeredBy: h.residentOpenids[0],
          answeredAt: at,
          visitId: id,
        })
        visits.push({
          _id: id,
          householdId: h._id,
          committeeId: h.committeeId,
          blockId: h.blockId,
          mode: 'online',
          source: 'resident',
          notes: '家里一切都好',
          visitorOpenid: visitor,
          visitorName: staffName.get(visitor),
          visitedAt: at,
          recordedAt: at,
          demandIds: [],
          talentIds: [],
          onlineVisitId: ovId,
          answer: 'allFine',
          answeredBy: h.residentOpenids[0],
        })
        return
      }
      const mode: VisitMode =
        h.class === 'A' ? rng.pick(['online', 'phone'] as const) : rng.chance(0.85) ? 'home' : 'phone'
      const talentIds: string[] = []
      const findsTalent =
        mode === 'home' && talentIndex < TALENTS.length && h.committeeId === 'c-chunhui'
          ? rng.chance(0.12)
          : false
      if (
        findsTalent ||
        (talentIndex >= 6 &&
          talentIndex < TALENTS.length &&
          h.committeeId !== 'c-chunhui' &&
          rng.chance(0.05))
      ) {
        const [name, skills, note] = TALENTS[talentIndex++]
        const tid = `talent-${talentIndex}`
        talents.push({
          _id: tid,
          committeeId: h.committeeId,
          blockId: h.blockId,
          householdId: h._id,
          name,
          skills,
          note,
          consent: { given: true, at, recordedBy: visitor },
          visitId: id,
          createdAt: at,
        })
        talentIds.push(tid)
      }
      visits.push({
        _id: id,
        householdId: h._id,
        committeeId: h.committeeId,
        blockId: h.blockId,
        mode,
        source: 'staff',
        tasks: tasks(rng, mode, talentIds.length > 0 ? talents[talents.length - 1] : undefined),
        notes:
          mode === 'home' ? rng.pick(['身体不错', '家里一切正常', '子女常来看望', '']) : '电话沟通，一切正常',
        visitorOpenid: visitor,
        visitorName: staffName.get(visitor),
        visitedAt: at,
        recordedAt: at,
        demandIds: [],
        talentIds,
      })
    })
    const patch: HouseholdPatch = { nextDueAt: nextDue(h, last, DEFAULT_CADENCE) ?? undefined }
    // A few class A families have an online visit waiting for their answer (never 李明's: the demo sends one).
    if (
      h.class === 'A' &&
      h._id !== DEMO_HOUSEHOLDS.li &&
      h.residentOpenids.length > 0 &&
      (pendingLeft[h.committeeId] ?? 0) > 0
    ) {
      pendingLeft = { ...pendingLeft, [h.committeeId]: pendingLeft[h.committeeId] - 1 }
      const ovId = `ov-${h._id.slice(3)}-pending`
      online.push({
        _id: ovId,
        householdId: h._id,
        committeeId: h.committeeId,
        blockId: h.blockId,
        message: '您好，季度线上走访：最近家里都好吗？',
        questions: ['家里一切都好吗？', '有什么需要帮忙的？'],
        recipients: [...h.residentOpenids],
        sentBy: visitor,
        sentByName: staffName.get(visitor),
        sentAt: new Date(now.getTime() - rng.int(1, 5) * DAY),
        status: 'pending',
      })
      patch.pendingOnlineVisitId = ovId
    }
    patches.push([h._id, patch])
  }

  // One correction request waiting in 张建国's blocks, from a family other than the demo ones.
  const asking = households.find(
    (h) => h.blockId === 'c-chunhui-b2' && h._id !== DEMO_HOUSEHOLDS.li && h.residentOpenids.length > 0,
  )
  if (asking) {
    corrections.push({
      _id: `correction-${asking._id.slice(3)}`,
      householdId: asking._id,
      committeeId: asking.committeeId,
      blockId: asking.blockId,
      openid: asking.residentOpenids[0],
      text: '我家电话换号了，新号码请打电话确认后更新',
      status: 'open',
      createdAt: new Date(now.getTime() - 2 * DAY),
    })
  }

  await ctx.insert('visits', visits)
  await ctx.insert('onlineVisits', online)
  await ctx.insert('talents', talents)
  await ctx.insert('householdCorrections', corrections)
  for (const [id, fields] of patches) await setHouseholdFields(ctx, id, fields)
}

function tasks(rng: Rng, mode: VisitMode, talent: TalentDoc | undefined): VisitTasks {
  const home = mode === 'home'
  return {
    showIdentity: { done: home },
    deliverService: home ? { done: true, service: rng.pick(SERVICES) } : { done: false },
    learnSituation: home ? { done: true, changes: '家庭情况无变化' } : { done: true },
    publicize: { done: true, topic: rng.pick(TOPICS) },
    askDemands: { done: true, demands: [] },
    discoverTalents: talent
      ? { done: true, talents: [{ name: talent.name, skills: talent.skills, consent: true }] }
      : { done: false, talents: [] },
  }
}

/** The fields of a household this module fills in: the denormalized due date and a pending online visit. */
type HouseholdPatch = Pick<HouseholdDoc, 'nextDueAt' | 'pendingOnlineVisitId'>

/** The seed writes the denormalized fields onto households the community module inserted (a $set, as the function does). */
async function setHouseholdFields(ctx: SeedContext, id: string, fields: HouseholdPatch): Promise<void> {
  const collection = 'households' satisfies CollectionName
  const reply = await ctx.cloud.database.admin.handle(
    {
      action: 'database.modifyDocument',
      envName: ctx.cloud.envId,
      collectionName: collection,
      query: JSON.stringify({ _id: id }),
      queryType: 'DOC',
      data: encode({ $set: fields }),
      multi: false,
      merge: true,
      upsert: false,
    },
    ctx.cloud.envId,
  )
  if (reply?.code)
    throw new Error(`seed visits: cannot update ${collection}/${id}: ${reply.code} ${reply.message ?? ''}`)
}

function workingHours(d: Date, rng: Rng): Date {
  const shanghaiMidnight = Math.floor((d.getTime() + 8 * 3_600_000) / DAY) * DAY - 8 * 3_600_000
  return new Date(shanghaiMidnight + rng.int(9, 15) * 3_600_000 + rng.int(0, 59) * 60_000)
}
