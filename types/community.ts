/**
 * Community (社区): residents, committees, blocks, staff, invitations and notices.
 * The community issue owns this file; the documents below are what every function's caller lookup reads.
 */
import { z } from 'zod'
import { action } from './contract'
import { ClientRequestId, DateLike, FileId, Id, IsoDateTime, OkFlag, Phone } from './common'
import { TemplateKey } from './messages'
import { Role, STAFF_ROLES } from './roles'

/** A household binding request (绑定家庭): waits for the block head's confirmation. */
export const HouseholdBinding = z.object({
  committeeId: Id,
  householdId: Id,
  status: z.enum(['pending', 'confirmed', 'declined']),
  requestedAt: DateLike,
  /** Where the household is, kept on the binding so the resident's page and the block head's list need no join. */
  blockId: Id.optional(),
  building: z.string().optional(),
  room: z.string().optional(),
  decidedAt: DateLike.optional(),
  decidedBy: z.string().optional(),
})
export type HouseholdBinding = z.infer<typeof HouseholdBinding>

/** Resident (居民): every WeChat user; `_id` is the OPENID. */
export const ResidentDoc = z
  .object({
    _id: z.string(),
    openid: z.string(),
    name: z.string().optional(),
    phone: Phone.optional(),
    /** Committees followed (关注的居委会). */
    committeeIds: z.array(Id).default([]),
    households: z.array(HouseholdBinding).default([]),
    createdAt: DateLike,
    updatedAt: DateLike.optional(),
    /** The last few `subscribe` request ids, so a retried grant counts once. */
    subscribeRequestIds: z.array(z.string()).optional(),
  })
  .loose()
export type ResidentDoc = z.infer<typeof ResidentDoc>

export const StaffRoleSchema = z.enum(STAFF_ROLES)

/** Staff member (工作人员): `_id` is the OPENID; granted by invitation, deactivated rather than deleted. */
export const StaffDoc = z
  .object({
    _id: z.string(),
    openid: z.string(),
    name: z.string(),
    role: StaffRoleSchema,
    subdistrictId: Id,
    committeeId: Id.optional(),
    centerId: Id.optional(),
    /** Blocks (片区) a block head covers. */
    blockIds: z.array(Id).default([]),
    active: z.boolean(),
    since: DateLike.optional(),
    /** Invitation code that made this record, and who created that invitation. */
    inviteCode: z.string().optional(),
    invitedBy: z.string().optional(),
    deactivatedAt: DateLike.optional(),
    deactivatedBy: z.string().optional(),
    /** The last hand-over of this block head's work (块长交接): written last, so a retry knows it is done. */
    handover: z
      .object({
        eventId: z.string(),
        toOpenid: z.string(),
        toName: z.string(),
        at: DateLike,
        by: z.string(),
        blockIds: z.array(Id),
        cases: z.number().int(),
        deactivated: z.boolean(),
      })
      .optional(),
  })
  .loose()
export type StaffDoc = z.infer<typeof StaffDoc>

/** Sub-district (街道): the office that supervises its committees. */
export const SubdistrictDoc = z
  .object({
    _id: Id,
    name: z.string(),
    /** The first officer's invitation made by `community.bootstrap` (首次初始化), while setup is open. */
    bootstrapCode: z.string().optional(),
  })
  .loose()
export type SubdistrictDoc = z.infer<typeof SubdistrictDoc>

/** Neighborhood committee (居委会). */
export const CommitteeDoc = z
  .object({
    _id: Id,
    subdistrictId: Id,
    name: z.string(),
    address: z.string(),
    phone: z.string().optional(),
    /** Pinyin initials for search (拼音首字母). */
    pinyin: z.string().optional(),
  })
  .loose()
export type CommitteeDoc = z.infer<typeof CommitteeDoc>

/** Block (片区/小区): the unit a block head (块长) covers. */
export const BlockDoc = z
  .object({
    _id: Id,
    committeeId: Id,
    name: z.string(),
    buildings: z.array(z.string()),
    /** The block head assigned; the committee admin covers a block without one. */
    blockHeadOpenid: z.string().optional(),
  })
  .loose()
export type BlockDoc = z.infer<typeof BlockDoc>

/**
 * Invitation (工作人员邀请码): one-time, bound to a role and a committee (or service center / sub-district),
 * and for block heads to blocks. `_id` is the code itself.
 */
export const InviteDoc = z
  .object({
    _id: z.string(),
    code: z.string(),
    role: StaffRoleSchema,
    subdistrictId: Id,
    committeeId: Id.optional(),
    centerId: Id.optional(),
    blockIds: z.array(Id).default([]),
    /** Who the code is meant for, shown to the admin (e.g. 张阿姨). */
    note: z.string().optional(),
    createdBy: z.string(),
    createdAt: DateLike,
    expiresAt: DateLike,
    status: z.enum(['open', 'used']),
    usedBy: z.string().optional(),
    usedAt: DateLike.optional(),
  })
  .loose()
export type InviteDoc = z.infer<typeof InviteDoc>

/** Committee notice (社区通知): shown to followers, pinned first, hidden after `expiresAt`. */
export const NoticeDoc = z
  .object({
    _id: z.string(),
    committeeId: Id,
    subdistrictId: Id,
    title: z.string(),
    body: z.string(),
    images: z.array(z.string()).default([]),
    pinned: z.boolean(),
    /** Null when the notice does not expire. */
    expiresAt: DateLike.nullable(),
    publishedAt: DateLike,
    authorOpenid: z.string(),
    authorName: z.string(),
  })
  .loose()
export type NoticeDoc = z.infer<typeof NoticeDoc>

/** Audit record (审计记录) of a role change: who, what, when, before and after. */
export const AuditDoc = z
  .object({
    _id: z.string(),
    at: DateLike,
    actorOpenid: z.string(),
    /** `community.redeem`, `community.assignBlocks`, … */
    action: z.string(),
    subjectId: z.string(),
    subjectKind: z.enum(['staff', 'household']),
    before: z.unknown(),
    after: z.unknown(),
  })
  .loose()
export type AuditDoc = z.infer<typeof AuditDoc>

// ---- wire shapes ---------------------------------------------------------------------------------

const Name = z.string().trim().min(1, '请填写姓名').max(20, '姓名最多20个字')
const InviteCode = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{8}$/, '邀请码是8位字母或数字'))

/** A block as residents pick it when binding (片区 → 楼栋). */
export const BlockView = z.object({ id: Id, name: z.string(), buildings: z.array(z.string()) })
export type BlockView = z.infer<typeof BlockView>

/** A committee as the browse list shows it (居委会). */
export const CommitteeView = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  phone: z.string().optional(),
  blocks: z.array(BlockView),
})
export type CommitteeView = z.infer<typeof CommitteeView>

/** A binding as its resident sees it (我的家庭). */
export const BindingView = z.object({
  committeeId: Id,
  committeeName: z.string(),
  householdId: Id,
  blockId: z.string(),
  blockName: z.string(),
  building: z.string(),
  room: z.string(),
  status: HouseholdBinding.shape.status,
  requestedAt: IsoDateTime,
})
export type BindingView = z.infer<typeof BindingView>

/** What the app needs to show the staff entrance (工作台). */
export const StaffView = z.object({
  role: StaffRoleSchema,
  name: z.string(),
  subdistrictId: Id,
  committeeId: Id.optional(),
  committeeName: z.string().optional(),
  centerId: Id.optional(),
  blocks: z.array(z.object({ id: Id, name: z.string() })),
})
export type StaffView = z.infer<typeof StaffView>

/** The caller as the app shows them (我的). */
export const MeOutput = z.object({
  openid: z.string(),
  /** True on the call that created the resident. */
  created: z.boolean(),
  profile: z.object({ name: z.string().optional(), phone: z.string().optional() }),
  committees: z.array(
    z.object({ id: Id, name: z.string(), address: z.string(), phone: z.string().optional() }),
  ),
  bindings: z.array(BindingView),
  roles: z.array(Role),
  staff: StaffView.nullable(),
})
export type MeOutput = z.infer<typeof MeOutput>

/** Follow by committee id or by the `scene` of the committee's QR code (关注居委会). */
export const FollowInput = z
  .object({ committeeId: Id.optional(), scene: z.string().max(64, '二维码内容太长').optional() })
  .refine((v) => v.committeeId !== undefined || v.scene !== undefined, {
    message: '请选择要关注的居委会',
    path: ['committeeId'],
  })
export const FollowOutput = z.object({
  committeeIds: z.array(Id),
  committee: z.object({ id: Id, name: z.string() }),
})

export const UpdateProfileInput = z
  .object({ name: Name.optional(), phone: z.union([Phone, z.literal('')]).optional() })
  .refine((v) => v.name !== undefined || v.phone !== undefined, {
    message: '没有要修改的内容',
    path: ['name'],
  })
export const ProfileOutput = z.object({ name: z.string().optional(), phone: z.string().optional() })

/** Bind to a household by address (绑定家庭：片区 / 楼栋 / 房间). */
export const BindHouseholdInput = z.object({
  blockId: Id,
  building: z.string().trim().min(1, '请填写楼栋').max(20, '楼栋最多20个字'),
  room: z.string().trim().min(1, '请填写房间号').max(20, '房间号最多20个字'),
})
export const BindHouseholdOutput = z.object({ binding: BindingView })

/** A notice as the feed shows it (社区通知). */
export const NoticeView = z.object({
  id: z.string(),
  committeeId: Id,
  committeeName: z.string(),
  title: z.string(),
  body: z.string(),
  images: z.array(z.string()),
  pinned: z.boolean(),
  expiresAt: IsoDateTime.nullable(),
  publishedAt: IsoDateTime,
  authorName: z.string(),
})
export type NoticeView = z.infer<typeof NoticeView>

export const NoticesInput = z.object({
  limit: z.number().int().min(1).max(50).default(20),
  /** Only this committee's notices (it must be followed). */
  committeeId: Id.optional(),
})

/** Result of `wx.requestSubscribeMessage`: the templates the user accepted (订阅消息授权). */
export const SubscribeInput = z.object({
  accepted: z.array(TemplateKey).max(TemplateKey.options.length),
  clientRequestId: ClientRequestId.optional(),
})
export const SubscribeOutput = z.object({
  grants: z.array(z.object({ templateKey: TemplateKey, remaining: z.number().int() })),
})

/** 接收提醒: the deployment's template ids (the app asks WeChat for these, never for keys) and the caller's grants. */
export const AlertTemplateView = z.object({
  key: TemplateKey,
  /** Absent while the deployment has no id for it (LINLI_TEMPLATE_<key> unset): the app does not ask for it. */
  id: z.string().optional(),
  kind: z.enum(['once', 'long']),
  title: z.string(),
  /** Messages Linli may still send: for a long-term template 1 means "on", 0 "off". */
  remaining: z.number().int(),
})
export const AlertsOutput = z.object({
  templates: z.array(AlertTemplateView),
  /** For a committee admin: active staff of the committee whom a new demand's alert cannot reach now. */
  unreachable: z.array(z.object({ openid: z.string(), name: z.string(), role: StaffRoleSchema })),
})

export const RedeemInput = z.object({ code: InviteCode })

/** Publish a notice (发布通知). */
export const PublishNoticeInput = z.object({
  title: z.string().trim().min(1, '请填写标题').max(40, '标题最多40个字'),
  body: z.string().trim().min(1, '请填写正文').max(2000, '正文最多2000个字'),
  images: z.array(FileId).max(9, '最多9张图片').default([]),
  pinned: z.boolean().default(false),
  expiresAt: IsoDateTime.optional(),
  /** Also send a subscribe message to followers who granted `noticePublished`. */
  push: z.boolean().default(false),
  clientRequestId: ClientRequestId.optional(),
})
export const PublishNoticeOutput = z.object({ notice: NoticeView, pushed: z.number().int() })

/** Invite a staff member (邀请工作人员). */
export const InviteInput = z.object({
  role: StaffRoleSchema,
  committeeId: Id.optional(),
  centerId: Id.optional(),
  blockIds: z.array(Id).max(20).default([]),
  note: z.string().trim().max(20, '备注最多20个字').optional(),
  expiresInDays: z.number().int().min(1, '有效期至少1天').max(30, '有效期最多30天').default(7),
  clientRequestId: ClientRequestId.optional(),
})
export const InviteOutput = z.object({
  code: z.string(),
  role: StaffRoleSchema,
  committeeId: Id.optional(),
  centerId: Id.optional(),
  blockIds: z.array(Id),
  expiresAt: IsoDateTime,
})

/** One row of the roster (工作人员名单); phones masked 138****1234. */
export const RosterEntry = z.object({
  openid: z.string(),
  name: z.string(),
  role: StaffRoleSchema,
  subdistrictId: Id,
  committeeId: Id.optional(),
  centerId: Id.optional(),
  blockIds: z.array(Id),
  active: z.boolean(),
  phoneMasked: z.string().optional(),
})
export type RosterEntry = z.infer<typeof RosterEntry>
/** One committee's or one service center's staff (officers pick either; a committee admin has their own). */
export const RosterInput = z.object({ committeeId: Id.optional(), centerId: Id.optional() })
export const RosterOutput = z.object({
  staff: z.array(RosterEntry),
  blocks: z.array(
    z.object({ id: Id, committeeId: Id, name: z.string(), blockHeadOpenid: z.string().optional() }),
  ),
  invites: z.array(
    z.object({
      code: z.string(),
      role: StaffRoleSchema,
      committeeId: Id.optional(),
      centerId: Id.optional(),
      blockIds: z.array(Id),
      note: z.string().optional(),
      expiresAt: IsoDateTime,
    }),
  ),
})

/** 可选的单位: what an inviter picks from — the sub-district's committees and service centers. */
export const UnitsOutput = z.object({
  committees: z.array(z.object({ id: Id, name: z.string() })),
  centers: z.array(z.object({ id: Id, name: z.string() })),
})

export const AssignBlocksInput = z.object({
  openid: z.string().min(1).max(64),
  blockIds: z.array(Id).max(20),
})
export const AssignBlocksOutput = z.object({ openid: z.string(), blockIds: z.array(Id) })

/** A binding waiting for confirmation, as the block head sees it (待确认的家庭绑定). */
export const PendingBinding = z.object({
  residentOpenid: z.string(),
  residentName: z.string().optional(),
  phoneMasked: z.string().optional(),
  committeeId: Id,
  householdId: Id,
  blockId: Id,
  blockName: z.string(),
  building: z.string(),
  room: z.string(),
  /** Name of the household's head in the family file, so the block head can recognise it. */
  headName: z.string().optional(),
  requestedAt: IsoDateTime,
})
export type PendingBinding = z.infer<typeof PendingBinding>

export const ConfirmBindingInput = z.object({
  residentOpenid: z.string().min(1).max(64),
  householdId: Id,
  decision: z.enum(['confirm', 'decline']),
})
export const ConfirmBindingOutput = z.object({ status: HouseholdBinding.shape.status })

export const DeactivateInput = z.object({ openid: z.string().min(1).max(64) })

/**
 * 块长交接: a departing block head's blocks and open cases go to a colleague of the same committee (a block
 * head, or the admin, who then covers the blocks) in one step; optionally the account is deactivated with it.
 */
export const HandoverInput = z
  .object({
    fromOpenid: z.string().min(1, '请选择要交接的块长').max(64),
    toOpenid: z.string().min(1, '请选择接手的同事').max(64),
    deactivate: z.boolean().default(false),
    clientRequestId: ClientRequestId,
  })
  .refine((v) => v.fromOpenid !== v.toOpenid, {
    message: '接手的同事不能是交出的块长本人',
    path: ['toOpenid'],
  })
export const HandoverOutput = z.object({
  fromOpenid: z.string(),
  toOpenid: z.string(),
  toName: z.string(),
  /** Blocks that moved to the colleague (to the admin's cover when the colleague is the admin). */
  blockIds: z.array(Id),
  /** Open cases that moved, each with a 交接 entry on its timeline. */
  cases: z.number().int(),
  deactivated: z.boolean(),
})

/**
 * First-run setup (首次初始化): creates the sub-district and the first officer's invitation, once. Guarded by
 * the deployer's setup secret (function environment variable LINLI_SETUP_SECRET of `community`).
 */
export const BootstrapInput = z.object({
  secret: z.string().min(1, '请填写初始化口令').max(200, '初始化口令太长'),
  subdistrictName: z.string().trim().min(1, '请填写街道名称').max(30, '街道名称最多30个字'),
  /** Who the officer invitation is for, shown in the roster (e.g. 赵主任). */
  note: z.string().trim().max(20, '备注最多20个字').optional(),
  clientRequestId: ClientRequestId.optional(),
})
export const BootstrapOutput = z.object({
  subdistrictId: Id,
  subdistrictName: z.string(),
  /** The officer's invitation code, redeemed in the app (我的 → 使用邀请码). */
  code: z.string(),
  expiresAt: IsoDateTime,
})

export const communityContract = {
  /** 我的：第一次调用时建档（不需要填表）。 */
  me: action(z.object({}), MeOutput),
  /** 本街道的居委会，可按名称、地址或拼音首字母搜索。 */
  committees: action(
    z.object({ keyword: z.string().trim().max(20, '搜索词最多20个字').optional() }),
    z.object({ items: z.array(CommitteeView) }),
  ),
  follow: action(FollowInput, FollowOutput),
  unfollow: action(z.object({ committeeId: Id }), z.object({ committeeIds: z.array(Id) })),
  updateProfile: action(UpdateProfileInput, ProfileOutput),
  bindHousehold: action(BindHouseholdInput, BindHouseholdOutput),
  notices: action(NoticesInput, z.object({ items: z.array(NoticeView) })),
  notice: action(z.object({ id: Id }), z.object({ notice: NoticeView })),
  subscribe: action(SubscribeInput, SubscribeOutput),
  /** 接收提醒：模板 ID、还能收到几条提醒、哪些工作人员现在收不到新诉求提醒。 */
  alerts: action(z.object({}), AlertsOutput),
  redeem: action(RedeemInput, z.object({ staff: StaffView })),
  publishNotice: action(PublishNoticeInput, PublishNoticeOutput),
  invite: action(InviteInput, InviteOutput),
  roster: action(RosterInput, RosterOutput),
  /** 本街道的居委会和服务中心（邀请工作人员、看名单时选）。 */
  units: action(z.object({}), UnitsOutput),
  assignBlocks: action(AssignBlocksInput, AssignBlocksOutput),
  pendingBindings: action(z.object({}), z.object({ items: z.array(PendingBinding) })),
  confirmBinding: action(ConfirmBindingInput, ConfirmBindingOutput),
  deactivate: action(DeactivateInput, OkFlag),
  /** 块长交接：片区和未办结的诉求一步交给同事（可同时停用账号）；重试不会重复。 */
  handover: action(HandoverInput, HandoverOutput),
  /** 首次初始化：建街道和第一位街道工作人员的邀请码（需要初始化口令，有街道工作人员后永远关闭）。 */
  bootstrap: action(BootstrapInput, BootstrapOutput),
} as const

/**
 * 限额计数：one counted allowance of one caller in one window (a day's demands, a day's uploads, an hour's
 * notices…). `_id` is `limit:<kind>:<openid>:<window>`; it is taken by a conditional increment, so the
 * allowance holds however many calls arrive at once, on however many instances.
 */
export const LimitDoc = z
  .object({
    _id: z.string(),
    kind: z.string(),
    openid: z.string(),
    window: z.string(),
    n: z.number().int(),
    bytes: z.number().int().default(0),
    createdAt: DateLike,
  })
  .loose()
export type LimitDoc = z.infer<typeof LimitDoc>
