/**
 * Demands (诉求): a resident's request or complaint, routed to the block head (块长), answered within 24 hours,
 * never rejected without research (诉求不经调研不得直接拒绝), tracked to resolution and rated (接诉即办).
 * Shared by the app and the `demands` function; every type is inferred from these schemas.
 */
import { z } from 'zod'
import { action } from './contract'
import { ClientRequestId, DateLike, FileId, Id, IsoDateTime, LocalDate, Phone, pageOf } from './common'
import { PendingOutbox } from './messages'

// ---- taxonomy ------------------------------------------------------------------------------------

/**
 * Demand category (诉求类别) with its resolution deadline. The taxonomy is configuration: a deployment may
 * retune hours here without touching the rules, which read it through `categoryOf`.
 */
export const DEMAND_TAXONOMY = [
  { code: 'sanitation', label: '环境卫生', resolutionHours: 72 },
  { code: 'property', label: '物业管理', resolutionHours: 168 },
  { code: 'noise', label: '噪声扰民', resolutionHours: 72 },
  { code: 'facilities', label: '公共设施', resolutionHours: 168 },
  { code: 'neighbors', label: '邻里纠纷', resolutionHours: 168 },
  { code: 'policy', label: '政策咨询', resolutionHours: 72 },
  { code: 'elderly', label: '养老服务', resolutionHours: 120 },
  { code: 'safety', label: '安全隐患（紧急）', resolutionHours: 2, urgent: true },
  { code: 'other', label: '其他', resolutionHours: 168 },
] as const

export const DemandCategory = z.enum(
  DEMAND_TAXONOMY.map((c) => c.code) as [
    (typeof DEMAND_TAXONOMY)[number]['code'],
    ...(typeof DEMAND_TAXONOMY)[number]['code'][],
  ],
  { message: '请选择诉求类别' },
)
export type DemandCategory = z.infer<typeof DemandCategory>
export const CATEGORY_LABEL = Object.fromEntries(DEMAND_TAXONOMY.map((c) => [c.code, c.label])) as Record<
  DemandCategory,
  string
>
export const categoryOf = (code: DemandCategory) => DEMAND_TAXONOMY.find((c) => c.code === code)!

/** Hours until the first response is due (接诉即办: 24 小时内响应). */
export const FIRST_RESPONSE_HOURS = 24
/** A due-soon alert goes out this long before a deadline. */
export const DUE_SOON_HOURS = 2
/** Overdue by more than this → escalated to the sub-district. */
export const ESCALATE_AFTER_OVERDUE_HOURS = 24
/** Rating / reopening window after resolution; unrated cases close themselves after it. */
export const RATING_WINDOW_DAYS = 7
export const MAX_SUBMISSIONS_PER_DAY = 10
export const MAX_PHOTOS = 6
/** A user's uploads in one business day: how many, and how many bytes in all. */
export const MAX_UPLOADS_PER_DAY = 20
export const MAX_UPLOAD_BYTES_PER_DAY = 20 * 1024 * 1024
/** Largest photo accepted through `attachPhoto` (bytes, decoded). */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const
/** An upload no demand references is deleted once it is this old (hours). */
export const UPLOAD_KEEP_HOURS = 24
/** Limit counters (`limits`) are removed once their document is this old (days): every window has ended. */
export const LIMIT_KEEP_DAYS = 2

/**
 * 上传记录: one per photo a user stored or was handed a path for (`attachPhoto`, `photoSlot`), so the daily
 * cleanup knows every upload, including those no demand ever referenced. `_id` is the file's name (derived from
 * the caller and the request id), so a retry finds the record instead of adding one.
 */
export const UploadDoc = z
  .object({
    _id: z.string(),
    openid: z.string(),
    /** Path in storage, inside the owner's folder; the file id is the environment's prefix plus this. */
    cloudPath: z.string(),
    /** Bytes announced (photoSlot) or stored (attachPhoto). */
    bytes: z.number().int(),
    via: z.enum(['attachPhoto', 'photoSlot']),
    at: DateLike,
  })
  .loose()
export type UploadDoc = z.infer<typeof UploadDoc>

// ---- channels and departments (接诉渠道、职能部门) ------------------------------------------------

/**
 * How a demand came in (受理渠道): the resident's own mini-program, or taken by staff by phone, at the door, at
 * the window or from a 12345 work order; raised during a visit; filed by a partner system. Kept on every demand
 * (`channel`); a demand stored before channels existed reads as the mini-program (see `channelOf`).
 */
export const DemandChannel = z.enum(
  ['miniProgram', 'phone', 'door', 'window', 'hotline12345', 'visit', 'partner'],
  { message: '请选择受理渠道' },
)
export type DemandChannel = z.infer<typeof DemandChannel>
export const CHANNEL_LABEL: Record<DemandChannel, string> = {
  miniProgram: '小程序',
  phone: '电话',
  door: '上门',
  window: '窗口',
  hotline12345: '12345工单',
  visit: '走访',
  partner: '合作方',
}
/**
 * The channel of a stored demand: its `channel` when it names one; a partner's own name for it (12345) read as
 * the hotline; a demand raised on a visit as `visit`; anything older as the mini-program.
 */
export function channelOf(d: { channel?: unknown; source?: unknown }): DemandChannel {
  const parsed = DemandChannel.safeParse(d.channel)
  if (parsed.success) return parsed.data
  if (d.source === 'partner') return String(d.channel ?? '').includes('12345') ? 'hotline12345' : 'partner'
  if (d.source === 'visit') return 'visit'
  return 'miniProgram'
}

/** The channels staff record a demand from with `intake` (代为登记). */
export const IntakeChannel = z.enum(['phone', 'door', 'window', 'hotline12345'], {
  message: '请选择受理渠道',
})
export type IntakeChannel = z.infer<typeof IntakeChannel>

/**
 * A functional department (职能部门) of the sub-district that cases can be handed to (交办): property management
 * 物业, city management 城管, the police station 派出所, housing 房管, market supervision 市场监管, or another.
 * Transfers are counted by kind (`demands.transferredTo.<kind>`).
 */
export const DepartmentKind = z.enum(['property', 'urban', 'police', 'housing', 'market', 'other'])
export type DepartmentKind = z.infer<typeof DepartmentKind>
export const DEPARTMENT_KIND_LABEL: Record<DepartmentKind, string> = {
  property: '物业',
  urban: '城管',
  police: '派出所',
  housing: '房管',
  market: '市场监管',
  other: '其他部门',
}
/** Where a transfer went, as the counters name it: a department's kind, a colleague or another committee. */
export const TransferDestination = z.enum([...DepartmentKind.options, 'colleague', 'committee'])
export type TransferDestination = z.infer<typeof TransferDestination>
export const DESTINATION_LABEL: Record<TransferDestination, string> = {
  ...DEPARTMENT_KIND_LABEL,
  colleague: '本居委会同事',
  committee: '其他居委会',
}

/** 职能部门 in `departments`: one row per department of a sub-district, with whom to call there. */
export const DepartmentDoc = z
  .object({
    _id: Id,
    subdistrictId: Id,
    name: z.string(),
    kind: DepartmentKind,
    contactName: z.string(),
    phone: z.string(),
    active: z.boolean(),
  })
  .loose()
export type DepartmentDoc = z.infer<typeof DepartmentDoc>

/**
 * Escalated cases and cases overdue by more than this many hours are on the sub-district desk (街道督办台):
 * officers see them in `inbox` and may open and act on them.
 */
export const DESK_OVERDUE_HOURS = 8

// ---- statuses ------------------------------------------------------------------------------------

/**
 * Demand status (诉求状态): pending 待响应 → in_progress 处理中 | meeting 上会研究 | escalated 上报街道 →
 * resolved 已办结 | rejected 不予办理（经调研） → closed 已关闭.
 */
export const DemandStatus = z.enum([
  'pending',
  'in_progress',
  'meeting',
  'escalated',
  'resolved',
  'rejected',
  'closed',
])
export type DemandStatus = z.infer<typeof DemandStatus>
export const OPEN_STATUSES = [
  'pending',
  'in_progress',
  'meeting',
  'escalated',
] as const satisfies readonly DemandStatus[]
export const STATUS_LABEL: Record<DemandStatus, string> = {
  pending: '待响应',
  in_progress: '处理中',
  meeting: '上会研究',
  escalated: '已上报街道',
  resolved: '已办结',
  rejected: '不予办理',
  closed: '已关闭',
}

/** Satisfaction (满意度): 满意 / 基本满意 / 不满意. */
export const Satisfaction = z.enum(['satisfied', 'basic', 'dissatisfied'], { message: '请选择满意程度' })
export type Satisfaction = z.infer<typeof Satisfaction>
export const SATISFACTION_LABEL: Record<Satisfaction, string> = {
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
}

/** Which deadline a demand is working against (时限阶段). */
export const SlaStage = z.enum(['response', 'resolution'])
export type SlaStage = z.infer<typeof SlaStage>

// ---- parts ---------------------------------------------------------------------------------------

const trimmed = (min: number, max: number, what: string) =>
  z
    .string({ message: `请填写${what}` })
    .trim()
    .min(min, min <= 1 ? `请填写${what}` : `${what}至少${min}个字`)
    .max(max, `${what}不能超过${max}个字`)

/** A point picked on the map (地图选点, `chooseLocation`): coordinates (GCJ-02, as WeChat gives them) and names. */
export const MapPoint = z.object({
  latitude: z.number({ message: '请在地图上选一个位置' }).min(-90).max(90),
  longitude: z.number({ message: '请在地图上选一个位置' }).min(-180).max(180),
  name: z.string().trim().max(50, '地点名称不能超过50个字').optional(),
  address: z.string().trim().max(100, '地址不能超过100个字').optional(),
})
export type MapPoint = z.infer<typeof MapPoint>

/**
 * Where the problem is (发生地点). Left out: the resident's own building. Otherwise another block, optionally a
 * building in it; a public spot by name (小区东门、中心花园), in a block or the resident's committee at large; or
 * a point on the map. `committeeId` names the committee when no block does (one the resident follows).
 */
export const DemandLocation = z
  .object({
    blockId: Id.optional(),
    building: z.string().trim().max(20, '楼栋不能超过20个字').optional(),
    spot: z.string().trim().min(2, '公共场所至少2个字').max(30, '公共场所不能超过30个字').optional(),
    point: MapPoint.optional(),
    committeeId: Id.optional(),
  })
  .refine((l) => !l.building || l.blockId, { message: '请先选择小区，再选楼栋', path: ['blockId'] })
  .refine((l) => l.blockId || l.spot || l.point || l.committeeId, {
    message: '请选择诉求发生的地点',
    path: ['blockId'],
  })
export type DemandLocation = z.infer<typeof DemandLocation>

/** How the place was given, for the list label and the counters. */
export const PlaceKind = z.enum(['home', 'building', 'spot', 'point'])
export type PlaceKind = z.infer<typeof PlaceKind>

/** Most sub-items (分项) one demand is split into. */
export const MAX_SUB_ITEMS = 10

/**
 * A sub-item (分项): one part of a demand, handled by one person or department (e.g. 物业修路灯、城管清理占道),
 * with its own state; the demand closes when every sub-item is done.
 */
export const SubItem = z.object({
  id: z.string(),
  title: z.string(),
  /** Who handles it: a colleague or a department, as staff name them (物业 李经理、城管). */
  holder: z.string(),
  status: z.enum(['open', 'done']),
  result: z.string().optional(),
  createdAt: DateLike,
  doneAt: DateLike.optional(),
  doneBy: z.string().optional(),
})
export type SubItem = z.infer<typeof SubItem>
export const SUB_ITEM_STATUS_LABEL: Record<SubItem['status'], string> = { open: '办理中', done: '已完成' }

/**
 * Investigation record (调研记录): required to reject. What was looked into, who was contacted, and why it
 * cannot be done — the rule that a demand is never denied without research.
 */
export const Investigation = z.object(
  {
    findings: trimmed(10, 1000, '调查了解的情况'),
    contacted: trimmed(2, 200, '走访或联系的对象'),
    reason: trimmed(5, 500, '无法办理的原因'),
  },
  { message: '不予办理前必须填写调研记录' },
)
export type Investigation = z.infer<typeof Investigation>

export const DemandEventType = z.enum([
  'submitted',
  'replied',
  'meeting',
  'escalated',
  'transferred',
  'resolved',
  'rejected',
  'microMatter',
  'duplicate',
  'rated',
  'reopened',
  'closed',
  'overdue',
  'joined',
  'split',
  'subItemDone',
  /** 街道退回居委会（附办理要求） */
  'sentBack',
  /** 部门答复（工作人员记录交办部门的答复） */
  'departmentAnswered',
])
export type DemandEventType = z.infer<typeof DemandEventType>

/** One entry of the timeline (处理记录): who, what, when, note. Residents see the whole timeline. */
export const DemandEvent = z.object({
  id: z.string(),
  type: DemandEventType,
  at: DateLike,
  /** OPENID of the actor, `system` for the timers. */
  by: z.string(),
  byName: z.string(),
  byRole: z.string(),
  note: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
})
export type DemandEvent = z.infer<typeof DemandEvent>

/** The stored demand (诉求) in `demands`. */
export const DemandDoc = z
  .object({
    _id: z.string(),
    residentOpenid: z.string(),
    residentName: z.string().optional(),
    householdId: z.string().optional(),
    committeeId: Id,
    subdistrictId: Id,
    blockId: z.string().optional(),
    building: z.string().optional(),
    category: DemandCategory,
    text: z.string(),
    photos: z.array(z.string()),
    visibility: z.enum(['private', 'public']),
    status: DemandStatus,
    assigneeOpenid: z.string(),
    assigneeName: z.string(),
    submittedAt: DateLike,
    /** Business day of submission (Asia/Shanghai), for the daily limit. */
    submittedDay: z.string(),
    firstResponseDueAt: DateLike,
    firstRespondedAt: DateLike.optional(),
    resolutionDueAt: DateLike,
    /** The deadline being worked against now; null once the case is no longer open. */
    dueAt: DateLike.nullable(),
    dueStage: SlaStage.nullable(),
    /** When the hourly scan should next look at this case (due-soon, overdue, escalation); null = never. */
    nextAlertAt: DateLike.nullable(),
    /** Reopen count; alert dedupe keys include it so a reopened case gets fresh alerts. */
    cycle: z.number().int(),
    /** SLA alerts already raised, `<cycle>:<stage>:<kind>`: each happens once per case per stage. */
    alerts: z.array(z.string()).optional(),
    reopened: z.boolean(),
    overdue: z.boolean().optional(),
    meeting: z.object({ date: z.string(), note: z.string().optional() }).optional(),
    escalation: z.object({ note: z.string(), at: DateLike, auto: z.boolean() }).optional(),
    resolution: z.object({ result: z.string(), at: DateLike }).optional(),
    investigation: Investigation.extend({ at: DateLike }).optional(),
    microMatter: z
      .object({ proposal: z.string(), budgetYuan: z.number().optional(), at: DateLike })
      .optional(),
    duplicateOf: z.string().optional(),
    /** How the place was given and how lists show it (e.g. 2号楼, 小区东门, 地图：花园路口). */
    placeKind: PlaceKind.optional(),
    placeLabel: z.string().optional(),
    spot: z.string().optional(),
    point: MapPoint.optional(),
    /** Neighbours who tapped 我也遇到了 on a public case: they follow it and get its updates. */
    followers: z.array(z.string()).optional(),
    joinCount: z.number().int().optional(),
    subItems: z.array(SubItem).optional(),
    rating: z.object({ level: Satisfaction, comment: z.string().optional(), at: DateLike }).optional(),
    /**
     * How it came in (`DemandChannel`). A string, not the enum: partner filings wrote their own channel name
     * before channels were defined; read it through `channelOf`.
     */
    channel: z.string().optional(),
    /** A caller's phone as staff or a partner took it (masked in lists). */
    contactPhone: z.string().optional(),
    /** Staff who recorded it for the resident (代为登记), with the 12345 work order it came from. */
    intake: z
      .object({
        by: z.string(),
        byName: z.string(),
        orderNo: z.string().optional(),
        orderDueAt: DateLike.optional(),
      })
      .optional(),
    /** The department the case is with now (交办), until staff record its answer; the clocks keep running. */
    department: z
      .object({
        id: z.string(),
        name: z.string(),
        kind: DepartmentKind,
        contactName: z.string(),
        phone: z.string(),
        instructions: z.string(),
        since: DateLike,
      })
      .optional(),
    resolvedAt: DateLike.optional(),
    /** Resolved/rejected and unrated: closes itself then. */
    autoCloseAt: DateLike.nullable().optional(),
    closedAt: DateLike.optional(),
    events: z.array(DemandEvent),
    version: z.number().int(),
    updatedAt: DateLike,
    /** Alert and counters written with the demand, until the `outbox` function relays them. */
    outbox: PendingOutbox.optional(),
    outboxAt: DateLike.optional(),
  })
  .loose()
export type DemandDoc = z.infer<typeof DemandDoc>

// ---- wire views ----------------------------------------------------------------------------------

/** A demand in a list (列表项). */
export const DemandSummary = z.object({
  id: z.string(),
  category: DemandCategory,
  categoryLabel: z.string(),
  text: z.string(),
  status: DemandStatus,
  statusLabel: z.string(),
  submittedAt: IsoDateTime,
  dueAt: IsoDateTime.nullable(),
  dueStage: SlaStage.nullable(),
  overdue: z.boolean(),
  dueSoon: z.boolean(),
  reopened: z.boolean(),
  blockId: z.string().optional(),
  assigneeName: z.string(),
  residentName: z.string().optional(),
  photoCount: z.number().int(),
  rated: z.boolean(),
  placeLabel: z.string().optional(),
  visibility: z.enum(['private', 'public']).optional(),
  /** Neighbours who also met it (我也遇到了). */
  joinCount: z.number().int().optional(),
  /** A neighbour's case the caller joined (in 我的诉求): its text is masked. */
  following: z.boolean().optional(),
  channel: DemandChannel,
  /** The department holding the case now (交办中), by name. */
  atDepartment: z.string().optional(),
  /** Escalated to the sub-district at some point (上报过街道). */
  escalated: z.boolean(),
})
export type DemandSummary = z.infer<typeof DemandSummary>

export const DemandEventView = z.object({
  id: z.string(),
  type: DemandEventType,
  at: IsoDateTime,
  byName: z.string(),
  byRole: z.string(),
  note: z.string().optional(),
})
export type DemandEventView = z.infer<typeof DemandEventView>

/** A demand in full (诉求详情), with its timeline. */
export const DemandDetail = DemandSummary.extend({
  photos: z.array(z.object({ fileId: z.string(), url: z.string() })),
  building: z.string().optional(),
  householdId: z.string().optional(),
  firstResponseDueAt: IsoDateTime,
  firstRespondedAt: IsoDateTime.optional(),
  resolutionDueAt: IsoDateTime,
  meeting: z.object({ date: z.string(), note: z.string().optional() }).optional(),
  escalationNote: z.string().optional(),
  resolutionResult: z.string().optional(),
  investigation: Investigation.optional(),
  microMatter: z.object({ proposal: z.string(), budgetYuan: z.number().optional() }).optional(),
  duplicateOf: z.string().optional(),
  rating: z.object({ level: Satisfaction, comment: z.string().optional() }).optional(),
  /** Staff only: the department holding it (交办中) and whom to call there. */
  department: z
    .object({
      name: z.string(),
      kindLabel: z.string(),
      contactName: z.string(),
      phone: z.string(),
      instructions: z.string(),
      since: IsoDateTime,
    })
    .optional(),
  /** Staff only: the 12345 work order it came from (工单号、工单时限). */
  hotline: z.object({ orderNo: z.string(), dueAt: IsoDateTime.optional() }).optional(),
  /** Staff only: the caller's phone as taken (for a caller not on file). */
  contactPhone: z.string().optional(),
  /** The caller is an officer at the sub-district desk: the page offers the desk's actions (街道督办). */
  desk: z.boolean().optional(),
  /** The resident may rate now (resolved/rejected, unrated, within the window). */
  canRate: z.boolean(),
  canReopen: z.boolean(),
  /** Until when the resident may still reopen it (7 days after resolution or after the rating). */
  reopenUntil: IsoDateTime.optional(),
  point: MapPoint.optional(),
  subItems: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        holder: z.string(),
        status: SubItem.shape.status,
        statusLabel: z.string(),
        result: z.string().optional(),
        doneAt: IsoDateTime.optional(),
      }),
    )
    .optional(),
  /** A neighbour's view of a public case: personal data masked, no photos, no timeline notes by name. */
  neighbour: z.boolean().optional(),

  events: z.array(DemandEventView),
  /** Staff only: open demands in the same block and category (可能重复). */
  similar: z.array(DemandSummary).optional(),
  version: z.number().int(),
})
export type DemandDetail = z.infer<typeof DemandDetail>

/** Counts on the 工作台 badge: exact over the caller's scope. */
export const InboxCounts = z.object({
  open: z.number().int(),
  pending: z.number().int(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
})
export type InboxCounts = z.infer<typeof InboxCounts>

// ---- inputs --------------------------------------------------------------------------------------

const ById = z.object({ id: Id })
const Mutation = z.object({ id: Id, clientRequestId: ClientRequestId })

/** Submit a demand (提交诉求). */
export const SubmitDemandInput = z.object({
  category: DemandCategory,
  text: trimmed(5, 1000, '诉求内容'),
  photos: z.array(FileId).max(MAX_PHOTOS, `最多上传${MAX_PHOTOS}张照片`).default([]),
  location: DemandLocation.optional(),
  visibility: z.enum(['private', 'public']).default('private'),
  clientRequestId: ClientRequestId,
})
export const SubmitDemandOutput = z.object({
  id: z.string(),
  status: DemandStatus,
  assigneeName: z.string(),
  firstResponseDueAt: IsoDateTime,
  resolutionDueAt: IsoDateTime,
})

/** Upload one photo from the H5 build (上传照片): base64 in, a storage file id out. */
export const AttachPhotoInput = z.object({
  contentType: z.enum(PHOTO_TYPES, { message: '只能上传 JPG、PNG、WEBP 或 GIF 图片' }),
  // base64 of at most MAX_PHOTO_BYTES
  contentBase64: z
    .string()
    .min(16, '图片内容为空')
    .max(Math.ceil((MAX_PHOTO_BYTES * 4) / 3) + 4, '图片不能超过2MB')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, '图片内容格式不正确'),
  clientRequestId: ClientRequestId,
})
export const AttachPhotoOutput = z.object({ fileId: z.string(), url: z.string() })

/**
 * Where the WeChat app may upload one photo (上传位置): a path in the caller's own folder, so `submit` accepts
 * it, with the day's upload allowance taken for it. The same request id gives the same path and counts once.
 */
export const PhotoSlotInput = z.object({
  contentType: AttachPhotoInput.shape.contentType,
  /** Bytes of the photo to upload. */
  size: z.number().int().min(1, '图片内容为空').max(MAX_PHOTO_BYTES, '图片不能超过2MB'),
  clientRequestId: ClientRequestId,
})
export const PhotoSlotOutput = z.object({ cloudPath: z.string() })

/** My demands (我的诉求). */
export const MyDemandsInput = z.object({
  status: z.enum(['all', 'open', 'done']).default('all'),
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, '分页参数不正确')
    .optional(),
})

export const InboxFilter = z.enum(['open', 'all', ...DemandStatus.options])
/** Staff inbox (待办诉求). Sorted by urgency: the nearest deadline first. */
export const InboxInput = z.object({
  status: InboxFilter.default('open'),
  overdue: z.boolean().optional(),
  dueSoon: z.boolean().optional(),
  category: DemandCategory.optional(),
  blockId: Id.optional(),
  assigneeOpenid: z.string().min(1).max(64).optional(),
  limit: z.number().int().min(1).max(50).default(20),
  cursor: z
    .string()
    .regex(/^\d{1,6}$/, '分页参数不正确')
    .optional(),
})
export const InboxOutput = pageOf(DemandSummary).extend({ counts: InboxCounts })

export const ReplyInput = Mutation.extend({ text: trimmed(2, 500, '答复内容') })
export const ToMeetingInput = Mutation.extend({
  meetingDate: LocalDate,
  note: trimmed(2, 500, '上会说明').optional(),
})
export const EscalateInput = Mutation.extend({ note: trimmed(5, 500, '上报说明') })
/**
 * Transfer (转派): to a colleague of the same committee (`toOpenid`), to a department of the sub-district
 * (`toDepartmentId`, 交办: the case stays open and on the clocks until its answer is recorded), or to another
 * committee of the sub-district (`toCommitteeId`, its admin takes it). Exactly one.
 */
export const TransferInput = Mutation.extend({
  toOpenid: z.string().min(1).max(64).optional(),
  toDepartmentId: Id.optional(),
  toCommitteeId: Id.optional(),
  reason: trimmed(5, 500, '转派原因'),
}).refine((v) => [v.toOpenid, v.toDepartmentId, v.toCommitteeId].filter(Boolean).length === 1, {
  message: '请选择转给哪位同事、哪个部门或哪个居委会（只选一个）',
  path: ['toOpenid'],
})
/** 街道退回居委会: an escalated case goes back to its committee with the sub-district's instructions. */
export const SendBackInput = Mutation.extend({ instructions: trimmed(5, 500, '办理要求') })
/** 记录部门答复: what the department the case was handed to answered; the case comes back to staff. */
export const DepartmentAnswerInput = Mutation.extend({ answer: trimmed(2, 1000, '部门答复') })
/** Who a case can be transferred to (转派对象): the committee's staff and the sub-district's departments. */
export const TransferTargetsInput = z.object({ id: Id.optional() })
export const TransferTargetsOutput = z.object({
  colleagues: z.array(
    z.object({ openid: z.string(), name: z.string(), role: z.enum(['blockHead', 'committeeAdmin']) }),
  ),
  departments: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: DepartmentKind,
      kindLabel: z.string(),
      contactName: z.string(),
      phone: z.string(),
    }),
  ),
})

/**
 * 代为登记 (intake): a demand staff took by phone, at the door, at the window or from a 12345 work order, for a
 * household on file (`householdId`) or a caller by name and phone (`caller` with `location`). Routed, timed and
 * alerted like a resident's own; a 12345 order keeps its number and deadline (`hotline`), and the case is due
 * by the earlier of the order's deadline and the category's.
 */
export const IntakeInput = z
  .object({
    channel: IntakeChannel,
    category: DemandCategory,
    text: trimmed(5, 1000, '诉求内容'),
    householdId: Id.optional(),
    caller: z.object({ name: trimmed(1, 20, '来电人姓名'), phone: Phone }).optional(),
    location: DemandLocation.optional(),
    hotline: z
      .object({
        orderNo: z
          .string({ message: '请填写工单号' })
          .trim()
          .regex(/^[A-Za-z0-9-]{4,32}$/, '工单号是4到32位字母、数字或短横线'),
        dueAt: IsoDateTime.optional(),
      })
      .optional(),
    clientRequestId: ClientRequestId,
  })
  .superRefine((v, ctx) => {
    if (!v.householdId && !v.caller)
      ctx.addIssue({ code: 'custom', path: ['caller'], message: '请选择在册居民，或填写来电人姓名和电话' })
    if (v.householdId && v.caller)
      ctx.addIssue({ code: 'custom', path: ['caller'], message: '在册居民和来电人只能选一个' })
    if (!v.householdId && !v.location)
      ctx.addIssue({ code: 'custom', path: ['location', 'blockId'], message: '请选择诉求发生的小区' })
    if (v.channel === 'hotline12345' && !v.hotline)
      ctx.addIssue({ code: 'custom', path: ['hotline', 'orderNo'], message: '请填写12345工单号' })
    if (v.channel !== 'hotline12345' && v.hotline)
      ctx.addIssue({ code: 'custom', path: ['hotline'], message: '只有12345工单才填写工单号' })
  })
export const IntakeOutput = SubmitDemandOutput.extend({ channel: DemandChannel })

export const ResolveInput = Mutation.extend({ result: trimmed(5, 1000, '办理结果') })
export const RejectInput = Mutation.extend({ investigation: Investigation })
export const MicroMatterInput = Mutation.extend({
  proposal: trimmed(10, 1000, '微实事方案'),
  budgetYuan: z.number().min(0, '金额不能为负').max(200_000, '金额超过自治金上限').optional(),
})
export const LinkDuplicateInput = Mutation.extend({ duplicateOfId: Id })
export const RateInput = Mutation.extend({
  level: Satisfaction,
  comment: z.string().trim().max(300, '评价不能超过300个字').optional(),
})
export const ReopenInput = Mutation.extend({ reason: trimmed(5, 300, '重新办理的原因') })

/** Public open cases like the one being written (附近已有类似问题), before submitting. */
export const SimilarInput = z.object({
  text: z.string().trim().min(2, '请先写几个字').max(1000, '诉求内容不能超过1000个字'),
  category: DemandCategory.optional(),
  location: z.object({ blockId: Id.optional(), committeeId: Id.optional() }).optional(),
})
/** A neighbour's case as others see it: masked text, place, how many also met it. */
export const PublicDemand = z.object({
  id: z.string(),
  category: DemandCategory,
  categoryLabel: z.string(),
  text: z.string(),
  status: DemandStatus,
  statusLabel: z.string(),
  submittedAt: IsoDateTime,
  placeLabel: z.string().optional(),
  joinCount: z.number().int(),
  /** The caller's own case, or one they already joined. */
  mine: z.boolean(),
  following: z.boolean(),
  /** 0–1: how alike the texts are. */
  score: z.number(),
})
export type PublicDemand = z.infer<typeof PublicDemand>
export const SimilarOutput = z.object({ items: z.array(PublicDemand) })

/** 我也遇到了: join a neighbour's public case instead of filing a duplicate. */
export const JoinInput = Mutation
export const JoinOutput = z.object({ demand: DemandDetail, joined: z.boolean() })

/** Split a demand into sub-items (拆分办理), each handled by someone. */
export const SplitInput = Mutation.extend({
  items: z
    .array(
      z.object({
        title: trimmed(2, 100, '分项内容'),
        holder: trimmed(2, 30, '分项负责人'),
      }),
      { message: '请至少填写一个分项' },
    )
    .min(1, '请至少填写一个分项')
    .max(MAX_SUB_ITEMS, `最多拆分成${MAX_SUB_ITEMS}个分项`),
})
/** A sub-item is done (分项办结); the demand resolves when every one is. */
export const FinishSubItemInput = Mutation.extend({
  subItemId: z.string().min(1, '请选择分项').max(64),
  result: trimmed(2, 500, '分项办理结果'),
})

/** What a mutation gives back: the demand as it now stands. */
export const DemandChanged = z.object({ demand: DemandDetail })

export const demandsContract = {
  submit: action(SubmitDemandInput, SubmitDemandOutput),
  attachPhoto: action(AttachPhotoInput, AttachPhotoOutput),
  /** 上传照片（微信）：先领上传位置 */
  photoSlot: action(PhotoSlotInput, PhotoSlotOutput),
  mine: action(MyDemandsInput, pageOf(DemandSummary)),
  get: action(ById, DemandDetail),
  rate: action(RateInput, DemandChanged),
  reopen: action(ReopenInput, DemandChanged),
  inbox: action(InboxInput, InboxOutput),
  reply: action(ReplyInput, DemandChanged),
  toMeeting: action(ToMeetingInput, DemandChanged),
  escalate: action(EscalateInput, DemandChanged),
  transfer: action(TransferInput, DemandChanged),
  resolve: action(ResolveInput, DemandChanged),
  reject: action(RejectInput, DemandChanged),
  markMicroMatter: action(MicroMatterInput, DemandChanged),
  linkDuplicate: action(LinkDuplicateInput, DemandChanged),
  /** 附近已有类似问题 */
  similar: action(SimilarInput, SimilarOutput),
  /** 我也遇到了 */
  join: action(JoinInput, JoinOutput),
  /** 拆分办理 */
  split: action(SplitInput, DemandChanged),
  /** 分项办结 */
  finishSubItem: action(FinishSubItemInput, DemandChanged),
  /** 街道退回居委会 */
  sendBack: action(SendBackInput, DemandChanged),
  /** 记录部门答复 */
  departmentAnswer: action(DepartmentAnswerInput, DemandChanged),
  /** 转派对象：本居委会同事和街道职能部门 */
  transferTargets: action(TransferTargetsInput, TransferTargetsOutput),
  /** 代为登记：电话、上门、窗口、12345工单 */
  intake: action(IntakeInput, IntakeOutput),
} as const
