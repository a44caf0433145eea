/**
 * Zero-distance visits (零距离走访): family files, classes A/B/C, visit records, online visits, talent pool.
 * The visits issue owns this file; `HouseholdDoc` is the base that community binding and demand routing read.
 */
import { z } from 'zod'
import { action } from './contract'
import { ClientRequestId, DateLike, Id, IsoDateTime, Phone } from './common'
import { DemandCategory, DemandDoc } from './demands'
import { PendingOutbox } from './messages'

/** Household class (家庭分类): A no home visits (online only), B normal, C special groups visited more often. */
export const HouseholdClass = z.enum(['A', 'B', 'C'])
export type HouseholdClass = z.infer<typeof HouseholdClass>

export const CLASS_LABEL: Record<HouseholdClass, string> = {
  A: 'A类 · 线上走访',
  B: 'B类 · 常规走访',
  C: 'C类 · 重点关爱',
}

/** Tags of special groups (特殊群体标签); any of them suggests class C. */
export const MemberTag = z.enum(['独居老人', '孤老', '失独', '低保', '优抚对象', '残疾', '高龄', '困境儿童'])
export type MemberTag = z.infer<typeof MemberTag>

/** A household member (家庭成员). */
export const Member = z.object({
  name: z.string().min(1).max(20),
  relation: z.string().min(1).max(10),
  birthYear: z.number().int().min(1900).max(2100).optional(),
  phone: z.string().optional(),
  tags: z.array(MemberTag).default([]),
})
export type Member = z.infer<typeof Member>

/** Preferred channel for class A (线上走访渠道). */
export const ContactChannel = z.enum(['phone', 'wechat', 'email'])
export type ContactChannel = z.infer<typeof ContactChannel>
export const CHANNEL_LABEL: Record<ContactChannel, string> = {
  phone: '电话',
  wechat: '微信',
  email: '电子邮件',
}

/** A change to a family file (档案变更记录) in `householdVersions`, `_id` = `<householdId>:v<version>`. */
export const HouseholdVersionDoc = z
  .object({
    _id: z.string(),
    householdId: Id,
    committeeId: Id,
    version: z.number().int(),
    at: DateLike,
    byOpenid: z.string(),
    byName: z.string().optional(),
    changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
    clientRequestId: z.string().optional(),
  })
  .loose()
export type HouseholdVersionDoc = z.infer<typeof HouseholdVersionDoc>

/**
 * What a change to a family file carries in the file's own write until the `outbox` function's hourly repair
 * has made sure of it (saveHousehold.ts): the version records written beside it and the correction requests
 * it closes.
 */
export const HouseholdOutbox = PendingOutbox.extend({
  versions: z.array(HouseholdVersionDoc).optional(),
  corrections: z.array(z.string()).optional(),
})
export type HouseholdOutbox = z.infer<typeof HouseholdOutbox>

/** Family file (家庭档案). */
export const HouseholdDoc = z
  .object({
    _id: Id,
    committeeId: Id,
    blockId: Id,
    building: z.string(),
    room: z.string(),
    class: HouseholdClass,
    preferredChannel: ContactChannel.optional(),
    members: z.array(Member),
    notes: z.string().default(''),
    /** OPENIDs of residents whose binding the block head confirmed. */
    residentOpenids: z.array(z.string()).default([]),
    lastContactAt: DateLike.optional(),
    /** Denormalized from the cadence when a visit is recorded, so the catalogue reads in index order. */
    nextDueAt: DateLike.optional(),
    /** An online visit waits for the family's answer (线上走访待回复). */
    pendingOnlineVisitId: z.string().optional(),
    version: z.number().int().default(1),
    updatedAt: DateLike,
    /** The last changes' version records and closed requests, carried until the repair has seen them. */
    outbox: HouseholdOutbox.optional().catch(undefined),
    outboxAt: DateLike.optional(),
  })
  .loose()
export type HouseholdDoc = z.infer<typeof HouseholdDoc>

// ---- cadence ---------------------------------------------------------------------------------------

/** Visit cadence (走访周期) in days per class, and the weekly target per block head (每周走访目标). */
export const Cadence = z.object({
  A: z.number().int().min(7, '至少7天').max(365, '最多365天'),
  B: z.number().int().min(7, '至少7天').max(365, '最多365天'),
  C: z.number().int().min(1, '至少1天').max(90, '最多90天'),
  /** Absent: derived from the households covered and their cadence. */
  weeklyTarget: z.number().int().min(1).max(500).optional(),
})
export type Cadence = z.infer<typeof Cadence>
export const DEFAULT_CADENCE: Cadence = { A: 90, B: 90, C: 14 }

/** Per-committee visit settings (走访设置), `_id` = committeeId, in `visitSettings`. */
export const VisitSettingsDoc = z
  .object({ _id: Id, cadence: Cadence, updatedAt: DateLike, updatedBy: z.string() })
  .loose()
export type VisitSettingsDoc = z.infer<typeof VisitSettingsDoc>

// ---- visit records ---------------------------------------------------------------------------------

/** How a visit was made (走访方式): at home (入户), online (线上), by phone (电话). */
export const VisitMode = z.enum(['home', 'online', 'phone'])
export type VisitMode = z.infer<typeof VisitMode>
export const MODE_LABEL: Record<VisitMode, string> = {
  home: '入户走访',
  online: '线上走访',
  phone: '电话走访',
}

/** A demand raised during a visit (走访中收集的诉求): becomes a demand linked to the household. */
export const RaisedDemand = z.object({
  category: DemandCategory.default('other'),
  text: z.string().trim().min(5, '诉求内容至少5个字').max(1000, '诉求内容不能超过1000个字'),
})
export type RaisedDemand = z.infer<typeof RaisedDemand>

/** A capable resident found (发现的能人): joins the committee's talent pool (能人库) with consent. */
export const FoundTalent = z.object({
  name: z.string().trim().min(1, '请填写姓名').max(20),
  skills: z.array(z.string().trim().min(1).max(20)).min(1, '至少填写一项特长').max(10),
  phone: Phone.optional(),
  /** Recorded consent (本人同意加入能人库); without it nothing is stored. */
  consent: z.literal(true, { message: '需征得本人同意后才能登记' }),
  note: z.string().trim().max(200).optional(),
})
export type FoundTalent = z.infer<typeof FoundTalent>

/** The six tasks of a visit (走访六项任务). */
export const VisitTasks = z.object({
  /** 亮明身份 */
  showIdentity: z.object({ done: z.boolean() }).default({ done: false }),
  /** 送上服务 — which service was delivered. */
  deliverService: z
    .object({ done: z.boolean(), service: z.string().trim().max(100).optional() })
    .default({ done: false }),
  /** 了解家情 — what changed in the family. */
  learnSituation: z
    .object({ done: z.boolean(), changes: z.string().trim().max(500).optional() })
    .default({ done: false }),
  /** 宣传政策 — which topic, e.g. 垃圾分类. */
  publicize: z
    .object({ done: z.boolean(), topic: z.string().trim().max(50).optional() })
    .default({ done: false }),
  /** 征询诉求 */
  askDemands: z
    .object({ done: z.boolean(), demands: z.array(RaisedDemand).max(5).default([]) })
    .default({ done: false, demands: [] }),
  /** 发现能人 */
  discoverTalents: z
    .object({ done: z.boolean(), talents: z.array(FoundTalent).max(5).default([]) })
    .default({ done: false, talents: [] }),
})
export type VisitTasks = z.infer<typeof VisitTasks>
/** The six task names, in the order above. */
export const TaskKey = VisitTasks.keyof()
export type TaskKey = z.infer<typeof TaskKey>
export const TASK_LABEL: Record<TaskKey, string> = {
  showIdentity: '亮明身份',
  deliverService: '送上服务',
  learnSituation: '了解家情',
  publicize: '宣传政策',
  askDemands: '征询诉求',
  discoverTalents: '发现能人',
}

/** The family's answer to an online visit (线上走访回复). */
export const OnlineAnswer = z.enum(['allFine', 'demand', 'contactMe'])
export type OnlineAnswer = z.infer<typeof OnlineAnswer>
export const ANSWER_LABEL: Record<OnlineAnswer, string> = {
  allFine: '家里一切都好',
  demand: '我有事情需要帮忙',
  contactMe: '请联系我',
}

/** A capable resident (能人) in the committee's talent pool, in `talents`. */
export const TalentDoc = z
  .object({
    _id: z.string(),
    committeeId: Id,
    blockId: Id,
    householdId: Id,
    name: z.string(),
    skills: z.array(z.string()),
    phone: z.string().optional(),
    note: z.string().optional(),
    consent: z.object({ given: z.literal(true), at: DateLike, recordedBy: z.string() }),
    visitId: z.string(),
    createdAt: DateLike,
  })
  .loose()
export type TalentDoc = z.infer<typeof TalentDoc>

/**
 * What a visit's single insert carries until the `outbox` function relays it (待转发), so the visit and all it
 * causes are written by one request and nothing is lost when the process dies after it: the demands it raised
 * (each carrying its own alert and counters), the talents found, the household's new last contact and the
 * online visit it answers. The action writes the demands, the contact and the answer itself at once, so what
 * the user looks at next is right; the relay writes each again only where it is missing (by `_id`, or with a
 * condition), so writing twice changes nothing. Talents and counters wait for the relay (within 10 minutes).
 */
export const VisitOutbox = PendingOutbox.extend({
  demands: z.array(DemandDoc).optional(),
  talents: z.array(TalentDoc).optional(),
  /** The household's last contact moves to `at` (never back); the next due date follows by `cadence`. */
  contact: z
    .object({
      householdId: z.string(),
      at: DateLike,
      cadence: Cadence,
      /** The online visit this contact answers, no longer waiting on the file. */
      onlineVisitId: z.string().optional(),
    })
    .optional(),
  /** The answer recorded on the online visit (while it is still pending). */
  answer: z
    .object({
      onlineVisitId: z.string(),
      answer: OnlineAnswer,
      answerText: z.string().optional(),
      contact: z.object({ channel: ContactChannel, value: z.string() }).optional(),
      answeredBy: z.string(),
      answeredAt: DateLike,
      answerRequestId: z.string(),
      visitId: z.string(),
      demandId: z.string().optional(),
    })
    .optional(),
})
export type VisitOutbox = z.infer<typeof VisitOutbox>

/** One visit (走访记录) in `visits`; `_id` derives from the caller and clientRequestId. */
export const VisitDoc = z
  .object({
    _id: z.string(),
    householdId: Id,
    committeeId: Id,
    blockId: Id,
    mode: VisitMode,
    /** staff: recorded by a block head; resident: an online visit answered by the family. */
    source: z.enum(['staff', 'resident']),
    tasks: VisitTasks.optional(),
    notes: z.string().default(''),
    visitorOpenid: z.string(),
    visitorName: z.string().optional(),
    /** When the visit happened; an offline draft is recorded later (`recordedAt`). */
    visitedAt: DateLike,
    recordedAt: DateLike,
    demandIds: z.array(z.string()).default([]),
    talentIds: z.array(z.string()).default([]),
    onlineVisitId: z.string().optional(),
    /** The family's answer, on a visit that answers an online visit (an unreadable one is ignored). */
    answer: OnlineAnswer.optional().catch(undefined),
    clientRequestId: z.string().optional(),
    /** Work carried until the relay hands it over; an unreadable one is dropped rather than the visit. */
    outbox: VisitOutbox.optional().catch(undefined),
    outboxAt: DateLike.optional(),
  })
  .loose()
export type VisitDoc = z.infer<typeof VisitDoc>

/** An online visit (线上走访) sent to a household's residents, in `onlineVisits`. */
export const OnlineVisitDoc = z
  .object({
    _id: z.string(),
    householdId: Id,
    committeeId: Id,
    blockId: Id,
    /** The sender's sub-district, so the answer counts its contact without reading the committee (older ones lack it). */
    subdistrictId: Id.optional(),
    message: z.string(),
    questions: z.array(z.string()),
    recipients: z.array(z.string()),
    sentBy: z.string(),
    sentByName: z.string().optional(),
    sentAt: DateLike,
    status: z.enum(['pending', 'answered']),
    answer: OnlineAnswer.optional(),
    answerText: z.string().optional(),
    contact: z.object({ channel: ContactChannel, value: z.string() }).optional(),
    answeredBy: z.string().optional(),
    answeredAt: DateLike.optional(),
    visitId: z.string().optional(),
    demandId: z.string().optional(),
    /** The clientRequestId of the answer, so its retry gets the same result (an unreadable one is ignored). */
    answerRequestId: z.string().optional().catch(undefined),
    /**
     * The messages to the residents, which the action also writes for the sweep: carried until the hourly
     * repair (outbox/relay.ts) has made sure they and the file's mark are there (sendOnline.ts says why).
     */
    outbox: PendingOutbox.optional().catch(undefined),
    outboxAt: DateLike.optional(),
  })
  .loose()
export type OnlineVisitDoc = z.infer<typeof OnlineVisitDoc>

/** A resident's request to correct their family file (档案更正申请), in `householdCorrections`. */
export const CorrectionDoc = z
  .object({
    _id: z.string(),
    householdId: Id,
    committeeId: Id,
    blockId: Id,
    openid: z.string(),
    text: z.string(),
    status: z.enum(['open', 'done']),
    createdAt: DateLike,
    doneAt: DateLike.optional(),
    doneBy: z.string().optional(),
    /** The alert to the block head, carried until the hourly repair has made sure it was written. */
    outbox: PendingOutbox.optional().catch(undefined),
    outboxAt: DateLike.optional(),
  })
  .loose()
export type CorrectionDoc = z.infer<typeof CorrectionDoc>

// ---- views (what crosses the wire: dates as ISO strings) -------------------------------------------

/** Where a household stands against its cadence (走访状态). */
export const DueStatus = z.enum(['never', 'overdue', 'dueThisWeek', 'later'])
export type DueStatus = z.infer<typeof DueStatus>
export const STATUS_LABEL: Record<DueStatus, string> = {
  never: '从未走访',
  overdue: '已逾期',
  dueThisWeek: '本周到期',
  later: '未到期',
}

export const MemberView = z.object({
  name: z.string(),
  relation: z.string(),
  birthYear: z.number().int().optional(),
  phone: z.string().optional(),
  tags: z.array(MemberTag),
})

/** A family file as shown in full (家庭档案详情). */
export const HouseholdView = z.object({
  id: Id,
  committeeId: Id,
  blockId: Id,
  building: z.string(),
  room: z.string(),
  class: HouseholdClass,
  preferredChannel: ContactChannel.optional(),
  members: z.array(MemberView),
  notes: z.string(),
  residentCount: z.number().int(),
  lastContactAt: IsoDateTime.optional(),
  nextDueAt: IsoDateTime.optional(),
  status: DueStatus,
  version: z.number().int(),
  updatedAt: IsoDateTime,
  /** Tags suggest class C; staff confirm (标签提示应为C类，由工作人员确认). */
  suggestedClass: HouseholdClass.optional(),
  pendingOnlineVisitId: z.string().optional(),
})
export type HouseholdView = z.infer<typeof HouseholdView>

export const VisitView = z.object({
  id: z.string(),
  householdId: Id,
  mode: VisitMode,
  source: z.enum(['staff', 'resident']),
  at: IsoDateTime,
  byName: z.string().optional(),
  notes: z.string(),
  tasksDone: z.array(TaskKey),
  service: z.string().optional(),
  topic: z.string().optional(),
  changes: z.string().optional(),
  demandIds: z.array(z.string()),
  talentIds: z.array(z.string()),
  answer: OnlineAnswer.optional(),
})
export type VisitView = z.infer<typeof VisitView>

export const VersionView = z.object({
  version: z.number().int(),
  at: IsoDateTime,
  byName: z.string().optional(),
  changes: z.array(z.object({ field: z.string(), before: z.unknown(), after: z.unknown() })),
})
export type VersionView = z.infer<typeof VersionView>

export const CorrectionView = z.object({
  id: z.string(),
  householdId: Id,
  address: z.string(),
  text: z.string(),
  status: z.enum(['open', 'done']),
  createdAt: IsoDateTime,
})
export type CorrectionView = z.infer<typeof CorrectionView>

export const OnlineVisitView = z.object({
  id: z.string(),
  householdId: Id,
  message: z.string(),
  questions: z.array(z.string()),
  sentByName: z.string().optional(),
  sentAt: IsoDateTime,
  status: z.enum(['pending', 'answered']),
  answer: OnlineAnswer.optional(),
  answeredAt: IsoDateTime.optional(),
})
export type OnlineVisitView = z.infer<typeof OnlineVisitView>

/** One line of the visit catalogue (走访目录) or household list; phones masked (手机号脱敏). */
export const CatalogueItem = z.object({
  householdId: Id,
  blockId: Id,
  address: z.string(),
  class: HouseholdClass,
  headName: z.string(),
  headPhone: z.string().optional(),
  tags: z.array(MemberTag),
  lastContactAt: IsoDateTime.optional(),
  nextDueAt: IsoDateTime.optional(),
  status: DueStatus,
  /** Whole days past due (逾期天数); 0 when not overdue. */
  daysOverdue: z.number().int(),
  pendingOnline: z.boolean(),
})
export type CatalogueItem = z.infer<typeof CatalogueItem>

export const TalentView = z.object({
  id: z.string(),
  householdId: Id,
  blockId: Id,
  name: z.string(),
  skills: z.array(z.string()),
  phone: z.string().optional(),
  note: z.string().optional(),
  consentAt: IsoDateTime,
  createdAt: IsoDateTime,
})
export type TalentView = z.infer<typeof TalentView>

// ---- inputs ----------------------------------------------------------------------------------------

/**
 * A member as staff enter it: the phone, when given, must be a mainland mobile number — or the masked form the
 * file showed (138****1234), which means "unchanged" and is replaced by the stored number (saveHousehold).
 */
export const MemberInput = Member.extend({
  name: z.string().trim().min(1, '请填写姓名').max(20, '姓名最多20个字'),
  relation: z.string().trim().min(1, '请填写与户主关系').max(10),
  birthYear: z.number().int().min(1900, '出生年份不正确').max(2100, '出生年份不正确').optional(),
  phone: z
    .string()
    .regex(/^(1[3-9]\d{9}|1\d{2}\*{4}\d{4})$/, '请输入11位手机号')
    .optional(),
})

/** The editable part of a family file (档案内容). */
export const HouseholdFields = z.object({
  blockId: Id,
  building: z.string().trim().min(1, '请填写楼栋').max(20),
  room: z.string().trim().min(1, '请填写房间号').max(20),
  class: HouseholdClass,
  preferredChannel: ContactChannel.optional(),
  members: z.array(MemberInput).min(1, '至少填写一位家庭成员').max(20),
  notes: z.string().trim().max(1000, '备注最多1000个字').default(''),
})

/** Save a family file (保存家庭档案): create when `householdId` is absent, else update at `expectedVersion`. */
export const SaveHouseholdInput = z
  .object({
    householdId: Id.optional(),
    expectedVersion: z.number().int().min(1).optional(),
    fields: HouseholdFields,
    clientRequestId: ClientRequestId,
  })
  .superRefine((v, ctx) => {
    if (v.fields.class === 'A' && !v.fields.preferredChannel)
      ctx.addIssue({
        code: 'custom',
        path: ['fields', 'preferredChannel'],
        message: 'A类家庭必须选择联系方式（电话、微信或电子邮件）',
      })
    if (v.householdId && v.expectedVersion === undefined)
      ctx.addIssue({ code: 'custom', path: ['expectedVersion'], message: '修改档案时需要提供当前版本号' })
  })

export const HouseholdsInput = z.object({
  blockId: Id.optional(),
  class: HouseholdClass.optional(),
  keyword: z.string().trim().max(20).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, '分页参数不正确')
    .optional(),
})

export const CatalogueInput = z.object({
  blockId: Id.optional(),
  status: DueStatus.optional(),
  /** One page of the ordered list; counts and the week always cover every household in scope. */
  limit: z.number().int().min(1).max(1000).default(100),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, '分页参数不正确')
    .optional(),
})

export const RecordInput = z
  .object({
    householdId: Id,
    mode: VisitMode,
    tasks: VisitTasks.default({
      showIdentity: { done: false },
      deliverService: { done: false },
      learnSituation: { done: false },
      publicize: { done: false },
      askDemands: { done: false, demands: [] },
      discoverTalents: { done: false, talents: [] },
    }),
    notes: z.string().trim().max(1000, '备注最多1000个字').default(''),
    /** When the visit happened; drafts saved offline are submitted later (离线草稿稍后提交). */
    visitedAt: IsoDateTime.optional(),
    clientRequestId: ClientRequestId,
  })
  .superRefine((v, ctx) => {
    const t = v.tasks
    if (t.deliverService.done && !t.deliverService.service)
      ctx.addIssue({
        code: 'custom',
        path: ['tasks', 'deliverService', 'service'],
        message: '请写明送上了什么服务',
      })
    if (t.publicize.done && !t.publicize.topic)
      ctx.addIssue({ code: 'custom', path: ['tasks', 'publicize', 'topic'], message: '请写明宣传了什么内容' })
    if (t.askDemands.demands.length > 0 && !t.askDemands.done)
      ctx.addIssue({
        code: 'custom',
        path: ['tasks', 'askDemands', 'done'],
        message: '记录了诉求，请勾选“征询诉求”',
      })
    if (t.discoverTalents.talents.length > 0 && !t.discoverTalents.done)
      ctx.addIssue({
        code: 'custom',
        path: ['tasks', 'discoverTalents', 'done'],
        message: '登记了能人，请勾选“发现能人”',
      })
    const anyDone = Object.values(t).some((task) => task.done)
    if (!anyDone && !v.notes)
      ctx.addIssue({ code: 'custom', path: ['tasks'], message: '请至少勾选一项走访任务或填写备注' })
  })

export const DEFAULT_QUESTIONS = ['家里一切都好吗？', '有什么需要帮忙的？']

export const SendOnlineInput = z.object({
  householdId: Id,
  message: z.string().trim().min(2, '请写几句问候').max(200, '问候最多200个字'),
  questions: z.array(z.string().trim().min(2).max(50)).min(1).max(5).default(DEFAULT_QUESTIONS),
  clientRequestId: ClientRequestId,
})

export const RespondInput = z
  .object({
    onlineVisitId: z.string().min(1).max(64),
    answer: OnlineAnswer,
    /** 我有诉求 */
    demand: RaisedDemand.optional(),
    /** 请通过…联系我 */
    contact: z
      .object({ channel: ContactChannel, value: z.string().trim().min(3, '请填写联系方式').max(50) })
      .optional(),
    text: z.string().trim().max(300, '最多300个字').optional(),
    clientRequestId: ClientRequestId,
  })
  .superRefine((v, ctx) => {
    if (v.answer === 'demand' && !v.demand)
      ctx.addIssue({ code: 'custom', path: ['demand'], message: '请写下需要帮忙的事情' })
    if (v.answer === 'contactMe' && !v.contact)
      ctx.addIssue({ code: 'custom', path: ['contact'], message: '请留下联系方式' })
  })

export const CorrectHouseholdInput = z.object({
  householdId: Id.optional(),
  text: z.string().trim().min(4, '请写清楚哪里需要更正').max(500, '最多500个字'),
  clientRequestId: ClientRequestId,
})

export const TalentsInput = z.object({
  skill: z.string().trim().max(20).optional(),
  limit: z.number().int().min(1).max(100).default(50),
})

export const SetCadenceInput = Cadence

// ---- outputs ---------------------------------------------------------------------------------------

export const WeekProgress = z.object({
  weekStart: IsoDateTime,
  done: z.number().int(),
  target: z.number().int(),
})

export const CatalogueOutput = z.object({
  items: z.array(CatalogueItem),
  /** Households to visit now (never visited or overdue): the 工作台 badge. */
  total: z.number().int(),
  nextCursor: z.string().optional(),
  counts: z.object({
    total: z.number().int(),
    never: z.number().int(),
    overdue: z.number().int(),
    dueThisWeek: z.number().int(),
  }),
  week: WeekProgress,
  cadence: Cadence,
  /** Correction requests waiting for the block head (待处理的档案更正). */
  corrections: z.array(CorrectionView),
  blocks: z.array(Id),
})
export type CatalogueOutput = z.infer<typeof CatalogueOutput>

export const HouseholdDetail = z.object({
  household: HouseholdView,
  visits: z.array(VisitView),
  versions: z.array(VersionView),
  corrections: z.array(CorrectionView),
  onlineVisits: z.array(OnlineVisitView),
  demandIds: z.array(z.string()),
})
export type HouseholdDetail = z.infer<typeof HouseholdDetail>

export const RecordOutput = z.object({
  visitId: z.string(),
  householdId: Id,
  at: IsoDateTime,
  lastContactAt: IsoDateTime,
  nextDueAt: IsoDateTime,
  demandIds: z.array(z.string()),
  talentIds: z.array(z.string()),
})
export type RecordOutput = z.infer<typeof RecordOutput>

export const MyHouseholdOutput = z.object({
  household: HouseholdView.nullable(),
  visits: z.array(VisitView),
  corrections: z.array(CorrectionView),
  /** Who looks after the household (块长). */
  blockHeadName: z.string().optional(),
})
export type MyHouseholdOutput = z.infer<typeof MyHouseholdOutput>

export const visitsContract = {
  /** 户籍列表 (staff): family files in scope, phones masked. */
  households: action(
    HouseholdsInput,
    z.object({ items: z.array(CatalogueItem), nextCursor: z.string().optional() }),
  ),
  /** 家庭档案详情 (staff, audited). */
  household: action(z.object({ householdId: Id }), HouseholdDetail),
  /**
   * 查看完整号码 (staff, audited): the family file shows phones masked; a block head who needs to call taps to
   * see one member's full number, and each tap is written to the audit trail.
   */
  revealPhone: action(
    z.object({ householdId: Id, memberIndex: z.number().int().min(0).max(50) }),
    z.object({ phone: z.string() }),
  ),
  /** 保存家庭档案 (staff, versioned). */
  saveHousehold: action(
    SaveHouseholdInput,
    z.object({ household: HouseholdView, changed: z.array(z.string()) }),
  ),
  /** 走访目录 (staff). */
  catalogue: action(CatalogueInput, CatalogueOutput),
  /** 记录走访 (staff). */
  record: action(RecordInput, RecordOutput),
  /** 发起线上走访 (staff). */
  sendOnline: action(SendOnlineInput, z.object({ onlineVisitId: z.string(), recipients: z.number().int() })),
  /** 能人库 (staff). */
  talents: action(TalentsInput, z.object({ items: z.array(TalentView) })),
  /** 走访周期设置 (committee admin). */
  setCadence: action(SetCadenceInput, z.object({ cadence: Cadence })),
  /** 我家的档案 (resident). */
  myHousehold: action(z.object({}), MyHouseholdOutput),
  /** 申请更正档案 (resident). */
  correctHousehold: action(CorrectHouseholdInput, z.object({ correctionId: z.string() })),
  /** 待回复的线上走访 (resident). */
  pending: action(z.object({}), z.object({ items: z.array(OnlineVisitView) })),
  /** 回复线上走访 (resident). */
  respond: action(RespondInput, z.object({ visitId: z.string(), demandId: z.string().optional() })),
  /** 下载我的数据 (resident). */
  exportMyData: action(
    z.object({}),
    z.object({ exportedAt: IsoDateTime, data: z.record(z.string(), z.unknown()) }),
  ),
} as const
