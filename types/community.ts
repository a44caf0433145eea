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
    /**
     * Invitation codes tried (`community.redeem`) per clock hour (`2026-12-02T23`), against guessing: only the
     * current hour is kept.
     */
    redeemAttempts: z.record(z.string(), z.number().int().min(0)).optional(),
    /** Read no more: the request ids a retried `subscribe` is known by now live on each grant (`requestIds`). */
    subscribeRequestIds: z.array(z.string()).optional(),
    /**
     * Demands submitted on a business day (`YYYY-MM-DD` → count), the day's allowance: kept on the record
     * the caller lookup reads anyway, so taking a use is one conditional increment even on the day's first.
     */
    demandsOn: z.record(z.string(), z.number().int()).optional(),
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
    active: z.boolean(),
    /** An officer on duty (值班) for the sub-district desk: escalations alert them; none marked → every officer. */
    onDuty: z.boolean().optional(),
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
/**
 * A staff member with the blocks (片区) they head. Who heads a block is stored on the block alone
 * (`BlockDoc.blockHeadOpenid`), so moving a block is one write and the two sides can never disagree; the list
 * is read beside the record (cloudfunctions/shared/caller.ts `withBlocks`). Records from before keep a stale
 * `blockIds` field that nothing reads.
 */
export type StaffMember = StaffDoc & { readonly blockIds: string[] }

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

/** A point on the map (地图位置), WGS-84 as `wx.chooseLocation` gives it. */
export const GeoPoint = z.object({
  latitude: z.number().min(-90, '纬度不正确').max(90, '纬度不正确'),
  longitude: z.number().min(-180, '经度不正确').max(180, '经度不正确'),
})
export type GeoPoint = z.infer<typeof GeoPoint>

/**
 * A building of a block (楼栋) with its rooms (室). Kept inside the block document, so one read gives the whole
 * 块 → 楼 → 室 tree; `id` is short so that the building's bind code (`b=<blockId>.<id>`) fits the 32-character
 * scene of a mini-program code.
 */
export const BuildingUnit = z.object({
  id: z.string().min(1).max(12),
  name: z.string(),
  rooms: z.array(z.string()).default([]),
  retired: z.boolean().optional(),
})
export type BuildingUnit = z.infer<typeof BuildingUnit>

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
    /** Where the office is, for the map (地图位置). */
    location: GeoPoint.optional(),
    /** Retired (已撤销): kept because records point to it, hidden from residents' lists and pickers. */
    retired: z.boolean().optional(),
    updatedAt: DateLike.optional(),
  })
  .loose()
export type CommitteeDoc = z.infer<typeof CommitteeDoc>

/** Block (片区/小区): the unit a block head (块长) covers. */
export const BlockDoc = z
  .object({
    _id: Id,
    committeeId: Id,
    name: z.string(),
    /** Names of the block's buildings in use, as residents pick them when binding. */
    buildings: z.array(z.string()),
    /** The buildings with ids and rooms (组织架构); a block from before it has only `buildings`. */
    units: z.array(BuildingUnit).optional(),
    /** The block head assigned; the committee admin covers a block without one. */
    blockHeadOpenid: z.string().optional(),
    retired: z.boolean().optional(),
    /** Bumped by each change of `units`, so two editors never overwrite each other's buildings. */
    rev: z.number().int().optional(),
    updatedAt: DateLike.optional(),
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
    /** A staff list's invitation (工作人员名单导入): the person's phone, its key within the sub-district. */
    phone: Phone.optional(),
    /** The import that made it. */
    importId: z.string().optional(),
    updatedAt: DateLike.optional(),
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
    subjectKind: z.enum(['staff', 'household', 'committee', 'block', 'center', 'import']),
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

/** Follow by committee id or by the `scene` of the committee's QR code or a building's bind code (关注居委会). */
export const FollowInput = z
  .object({ committeeId: Id.optional(), scene: z.string().max(64, '二维码内容太长').optional() })
  .refine((v) => v.committeeId !== undefined || v.scene !== undefined, {
    message: '请选择要关注的居委会',
    path: ['committeeId'],
  })
export const FollowOutput = z.object({
  committeeIds: z.array(Id),
  committee: z.object({ id: Id, name: z.string() }),
  /** When a building's bind code was scanned: where the home is, for the bind page to preselect. */
  building: z.object({ blockId: Id, name: z.string() }).optional(),
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

/** How many notices one feed read brings. */
const NoticeLimit = z.number().int().min(1).max(50)

/**
 * 我的, and the home page (首页) in one call: with `notices`, the first notices of the committees the caller
 * follows come with it, so opening the app is one call instead of two.
 */
export const MeInput = z.object({ notices: NoticeLimit.optional() })
export const MeWithNotices = MeOutput.extend({ notices: z.array(NoticeView).optional() })

export const NoticesInput = z.object({
  limit: NoticeLimit.default(20),
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
  /** Names the move, so a retried request audits it once. */
  clientRequestId: ClientRequestId.optional(),
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

// ---- organisation (组织架构) -----------------------------------------------------------------------

const OrgName = (what: string, max = 30) =>
  z.string().trim().min(1, `请填写${what}`).max(max, `${what}最多${max}个字`)
const OrgPhone = z
  .string()
  .trim()
  .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|\d{7,8})$/, '电话格式不正确（手机11位，或区号-号码）')

/** A committee as the officer's 组织架构 shows it. */
export const OrgCommitteeView = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  phone: z.string().optional(),
  location: GeoPoint.optional(),
  retired: z.boolean(),
})
export type OrgCommitteeView = z.infer<typeof OrgCommitteeView>

export const OrgBuildingView = z.object({
  id: z.string(),
  name: z.string(),
  rooms: z.array(z.string()),
  retired: z.boolean(),
})
export type OrgBuildingView = z.infer<typeof OrgBuildingView>

export const OrgBlockView = z.object({
  id: Id,
  committeeId: Id,
  name: z.string(),
  retired: z.boolean(),
  buildings: z.array(OrgBuildingView),
})
export type OrgBlockView = z.infer<typeof OrgBlockView>

export const OrgCenterView = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  phone: z.string().optional(),
  location: GeoPoint,
  retired: z.boolean(),
})
export type OrgCenterView = z.infer<typeof OrgCenterView>

export const OrgOutput = z.object({
  subdistrictId: Id,
  committees: z.array(OrgCommitteeView),
  centers: z.array(OrgCenterView),
})

export const CommitteeOrgOutput = z.object({ committee: OrgCommitteeView, blocks: z.array(OrgBlockView) })

/** 新建或修改居委会; `retired: true` retires it (撤销), false brings it back. */
export const SaveCommitteeInput = z.object({
  id: Id.optional(),
  name: OrgName('居委会名称'),
  address: OrgName('地址', 60),
  phone: z.union([OrgPhone, z.literal('')]).optional(),
  location: GeoPoint.optional(),
  retired: z.boolean().optional(),
  clientRequestId: ClientRequestId.optional(),
})

/** 新建或修改片区（块）. */
export const SaveBlockInput = z.object({
  id: Id.optional(),
  committeeId: Id,
  name: OrgName('片区名称', 20),
  retired: z.boolean().optional(),
  clientRequestId: ClientRequestId.optional(),
})

const RoomName = z.string().trim().min(1, '房间号不能为空').max(10, '房间号最多10个字')
/** 新建或修改楼栋和它的房间（楼 → 室）. */
export const SaveBuildingInput = z.object({
  blockId: Id,
  id: z.string().max(12).optional(),
  name: OrgName('楼栋名称', 20),
  rooms: z
    .array(RoomName)
    .max(2000, '一栋楼最多2000个房间')
    .refine((r) => new Set(r).size === r.length, '房间号有重复'),
  retired: z.boolean().optional(),
  clientRequestId: ClientRequestId.optional(),
})

/** 新建或修改社区事务受理服务中心. */
export const SaveCenterInput = z.object({
  id: Id.optional(),
  name: OrgName('服务中心名称'),
  address: OrgName('地址', 60),
  phone: z.union([OrgPhone, z.literal('')]).optional(),
  location: GeoPoint,
  retired: z.boolean().optional(),
  clientRequestId: ClientRequestId.optional(),
})

/** A mini-program code poster (二维码海报): follow a committee, or bind a home in a building. */
export const QrCodeInput = z.object({
  kind: z.enum(['follow', 'bind']),
  committeeId: Id.optional(),
  blockId: Id.optional(),
  buildingId: z.string().max(12).optional(),
})
export const QrCodeOutput = z.object({
  kind: z.enum(['follow', 'bind']),
  title: z.string(),
  subtitle: z.string(),
  scene: z.string(),
  page: z.string(),
  /** Temporary download URL of the PNG. */
  url: z.string(),
  fileId: z.string(),
})

// ---- import from Excel (Excel 导入) -------------------------------------------------------------

export const ImportKind = z.enum(['households', 'buildings', 'staff'])
export type ImportKind = z.infer<typeof ImportKind>
export const IMPORT_KIND_LABEL: Record<ImportKind, string> = {
  households: '家庭档案',
  buildings: '楼栋和房间',
  staff: '工作人员名单',
}

/** One problem of a file, by its row in the sheet (第几行) as the user sees it in Excel. */
export const ImportProblem = z.object({ row: z.number().int(), message: z.string() })
export type ImportProblem = z.infer<typeof ImportProblem>

export const ImportMember = z.object({
  name: z.string(),
  relation: z.string(),
  phone: z.string().optional(),
  birthYear: z.number().int().optional(),
  tags: z.array(z.string()).default([]),
})

/** A staff member of a staff list (工作人员名单): what an invitation made for them carries. */
export const ImportStaff = z.object({
  name: z.string(),
  phone: Phone,
  role: StaffRoleSchema,
  committeeId: Id.optional(),
  centerId: Id.optional(),
  blockIds: z.array(Id).default([]),
})
export type ImportStaff = z.infer<typeof ImportStaff>

/** One unit of work parsed from the file: a household (with members), a building's rooms, or a staff member. */
export const ImportUnit = z.object({
  /** Sheet rows it came from. */
  rows: z.array(z.number().int()),
  /** Households and buildings: where (a staff member has none). */
  blockId: Id.optional(),
  building: z.string().optional(),
  room: z.string().optional(),
  rooms: z.array(z.string()).optional(),
  class: z.enum(['A', 'B', 'C']).optional(),
  address: z.string().optional(),
  members: z.array(ImportMember).optional(),
  staff: ImportStaff.optional(),
  /** A row of it has a problem: imported only when the user chose the good rows (without those rows). */
  flawed: z.boolean().optional(),
})
export type ImportUnit = z.infer<typeof ImportUnit>

export const ImportState = z.enum(['checked', 'importing', 'done', 'failed'])
export const ImportCounts = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skippedRows: z.number().int(),
})
export type ImportCounts = z.infer<typeof ImportCounts>

/**
 * What a staff import did for one row: the invitation code to hand over (新邀请 created, 已更新 updated, 没有变化
 * unchanged), or that the person already joined with an earlier code (已加入; a change of their post is made
 * in the roster, not by a file).
 */
export const ImportStaffResult = z.object({
  row: z.number().int(),
  name: z.string(),
  role: StaffRoleSchema,
  code: z.string(),
  status: z.enum(['created', 'updated', 'unchanged', 'joined']),
  /** 已加入 with a different post in the file than they hold. */
  differs: z.boolean().optional(),
})
export type ImportStaffResult = z.infer<typeof ImportStaffResult>

/** 导入任务 in `imports`: the parsed file, its problems, and how far the import got. */
export const ImportJobDoc = z
  .object({
    _id: z.string(),
    kind: ImportKind,
    openid: z.string(),
    subdistrictId: Id,
    /** The committee imported into; a sub-district's staff list has none (each row names its own). */
    committeeId: Id.optional(),
    fileId: z.string(),
    fileName: z.string(),
    state: ImportState,
    /** Data rows in the file (households: member rows). */
    rowCount: z.number().int(),
    problems: z.array(ImportProblem),
    /** Problems past the first MAX_PROBLEMS are counted, not kept. */
    problemCount: z.number().int(),
    units: z.array(ImportUnit),
    goodRowsOnly: z.boolean().default(false),
    /** Units done, in order: a run resumes from here. */
    done: z.number().int(),
    counts: ImportCounts,
    /** Test hook: a shorter slice than IMPORT_SLICE_MS, so that a test sees the worker hand on. */
    sliceMs: z.number().int().positive().optional(),
    /** Staff lists: each row's invitation, as far as the import got. */
    staffResults: z.array(ImportStaffResult).optional(),
    leaseUntil: DateLike.optional(),
    error: z.string().optional(),
    createdAt: DateLike,
    updatedAt: DateLike,
  })
  .loose()
export type ImportJobDoc = z.infer<typeof ImportJobDoc>

export const ImportJobView = z.object({
  jobId: z.string(),
  kind: ImportKind,
  committeeId: Id.optional(),
  fileName: z.string(),
  state: ImportState,
  rowCount: z.number().int(),
  /** Households (or buildings) found in the file, and how many of them have a problem. */
  total: z.number().int(),
  flawed: z.number().int(),
  /** What the import writes: every unit, or with good rows only those that still have a good row. */
  toImport: z.number().int(),
  problems: z.array(ImportProblem),
  problemCount: z.number().int(),
  goodRowsOnly: z.boolean(),
  done: z.number().int(),
  counts: ImportCounts,
  staffResults: z.array(ImportStaffResult).optional(),
  error: z.string().optional(),
})
export type ImportJobView = z.infer<typeof ImportJobView>

/**
 * 检查文件（试导入）: reads the .xlsx and lists every problem; nothing is imported yet. The file is in storage
 * (`fileId`, WeChat) or, from the browser build, sent inline (`contentBase64`, at most 4 MB).
 */
export const StartImportInput = z
  .object({
    kind: ImportKind,
    /** Households and buildings: the committee. A staff list: the committee a row without one belongs to. */
    committeeId: Id.optional(),
    fileId: FileId.optional(),
    contentBase64: z.string().max(5_600_000, '文件太大（不能超过4MB），请分成几个文件导入').optional(),
    fileName: z.string().trim().min(1).max(80).default('导入.xlsx'),
    clientRequestId: ClientRequestId,
  })
  .refine((v) => v.fileId !== undefined || v.contentBase64 !== undefined, {
    message: '请选择要导入的文件',
    path: ['fileId'],
  })
  .refine((v) => v.kind === 'staff' || v.committeeId !== undefined, {
    message: '请选择居委会',
    path: ['committeeId'],
  })

/** 开始导入: all rows (only when the file has no problem), or the good rows only when the user says so. */
export const ConfirmImportInput = z.object({
  jobId: z.string().min(1).max(64),
  goodRowsOnly: z.boolean().default(false),
})

export const communityContract = {
  /** 我的：第一次调用时建档（不需要填表）。 */
  me: action(MeInput, MeWithNotices),
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
  /** 组织架构：本街道的居委会和服务中心（含已撤销的）。 */
  org: action(z.object({}), OrgOutput),
  /** 组织架构：一个居委会的片区、楼栋和房间。 */
  committeeOrg: action(z.object({ committeeId: Id }), CommitteeOrgOutput),
  saveCommittee: action(SaveCommitteeInput, z.object({ committee: OrgCommitteeView })),
  saveBlock: action(SaveBlockInput, z.object({ block: OrgBlockView })),
  saveBuilding: action(SaveBuildingInput, z.object({ block: OrgBlockView })),
  saveCenter: action(SaveCenterInput, z.object({ center: OrgCenterView })),
  /** 二维码海报：居委会关注码、楼栋绑定码。 */
  qrCode: action(QrCodeInput, QrCodeOutput),
  /** 导入模板（.xlsx 下载地址）。 */
  importTemplate: action(z.object({ kind: ImportKind }), z.object({ url: z.string(), fileName: z.string() })),
  startImport: action(StartImportInput, ImportJobView),
  confirmImport: action(ConfirmImportInput, ImportJobView),
  /** 导入进度（只读）。 */
  importStatus: action(z.object({ jobId: z.string().min(1).max(64) }), ImportJobView),
  /**
   * 后台导入：做一段（最多约8秒），没做完就再调用自己接着做；由开始导入和停住的导入触发，页面关了也会做完。
   */
  continueImport: action(z.object({ jobId: z.string().min(1).max(64) }), ImportJobView),
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
