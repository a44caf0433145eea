/**
 * Window booking (办事预约) and work tips (办事小贴士): "run less, run once" (少跑腿、跑一次).
 * Any comprehensive window (综合窗口) handles any business item, so a slot's capacity is the number of open
 * windows. Dates cross the wire as strings; times of day are Asia/Shanghai `HH:mm`.
 */
import { z } from 'zod'
import { ClientRequestId, DateLike, Id, IsoDateTime, LocalDate } from './common'
import { action } from './contract'

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:mm')
const Text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`)
const Required = (max: number, what: string) =>
  z.string().trim().min(1, `请填写${what}`).max(max, `不能超过${max}个字`)

// ---- service center ------------------------------------------------------------------------------

/** Lunch break (午休): no slots start inside it. */
export const LunchBreak = z.object({ start: TimeOfDay, end: TimeOfDay })

/** One weekday's own hours and open windows, when they differ from the plan's. */
export const DayHours = z.object({
  weekday: z.number().int().min(0).max(6),
  open: TimeOfDay,
  close: TimeOfDay,
  windows: z.number().int().min(1).max(200),
})
export type DayHours = z.infer<typeof DayHours>

/**
 * Working plan (工作安排) of a service center: which weekdays it opens (0 = Sunday … 6 = Saturday), its hours,
 * lunch break, slot length and the number of open comprehensive windows (= capacity of each slot).
 */
export const WorkingPlan = z.object({
  weekdays: z.array(z.number().int().min(0).max(6)).min(1),
  open: TimeOfDay,
  close: TimeOfDay,
  lunch: LunchBreak.optional(),
  slotMinutes: z.number().int().min(10).max(240),
  windows: z.number().int().min(1).max(200),
  /** No booking less than this many minutes ahead (最短提前时间). */
  minNoticeMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30),
  /** Weekdays whose hours or windows differ from `open`/`close`/`windows` (每天的办公时间). */
  days: z.array(DayHours).max(7).optional(),
  /**
   * Places of each slot kept for walk-ins (现场取号预留): bookings fill at most `windows - walkInReserve`, so
   * someone who comes without a booking still finds a window free.
   */
  walkInReserve: z.number().int().min(0).max(199).optional(),
})
export type WorkingPlan = z.infer<typeof WorkingPlan>

/** A day the center is closed (闭馆日/节假日), or a weekend day it works (调休上班). */
export const Closure = z.object({ date: LocalDate, reason: z.string() })
export type Closure = z.infer<typeof Closure>

/**
 * Who sits at which comprehensive window (窗口排班): the center head's coverage page checks every staffed
 * window against the high-frequency items. `name` is kept beside the openid so the page needs no staff read.
 */
export const WindowSeat = z.object({
  window: z.number().int().min(1).max(200),
  openid: z.string().min(1),
  name: z.string(),
})
export type WindowSeat = z.infer<typeof WindowSeat>

/** What adjusting the booked slots to a changed plan did (改约/取消), and when. */
export const ReplanResult = z.object({
  planVersion: z.number().int(),
  moved: z.number().int(),
  cancelled: z.number().int(),
  notified: z.number().int(),
  doneAt: DateLike,
})
export type ReplanResult = z.infer<typeof ReplanResult>

/** Community affairs service center (社区事务受理服务中心). */
export const ServiceCenterDoc = z
  .object({
    _id: Id,
    name: z.string(),
    address: z.string(),
    subdistrictId: Id,
    phone: z.string().optional(),
    location: z.object({ latitude: z.number(), longitude: z.number() }),
    plan: WorkingPlan,
    closures: z.array(Closure).default([]),
    /** Weekend days worked in exchange for a holiday (调休上班). */
    extraWorkdays: z.array(LocalDate).default([]),
    seats: z.array(WindowSeat).default([]),
    /** Bumped by every saved change of plan, closures or worked days; a stale editor gets CONFLICT. */
    planVersion: z.number().int().min(0).optional(),
    /** The last ten `savePlan` request ids, so a retried save is a no-op. */
    planRequests: z.array(z.string()).optional(),
    /**
     * Set by `savePlan` while the slots and bookings still follow the previous plan (待调整): the bookings
     * timer's next run moves or cancels the bookings the change displaced and clears it.
     */
    replanAt: DateLike.optional(),
    /** What the last completed adjustment did, for the plan page. */
    lastReplan: ReplanResult.optional(),
    /** Retired (已撤销) in 组织架构: kept because bookings point to it. */
    retired: z.boolean().optional(),
  })
  .loose()
export type ServiceCenterDoc = z.infer<typeof ServiceCenterDoc>

export const CenterInfo = z.object({
  id: Id,
  name: z.string(),
  address: z.string(),
  phone: z.string().optional(),
  latitude: z.number(),
  longitude: z.number(),
})
export type CenterInfo = z.infer<typeof CenterInfo>

// ---- business items and work tips ------------------------------------------------------------------

/** Original, copy, or both (原件/复印件/原件和复印件). */
export const MaterialForm = z.enum(['original', 'copy', 'both'])
export type MaterialForm = z.infer<typeof MaterialForm>
export const MATERIAL_FORM_LABEL: Record<MaterialForm, string> = {
  original: '原件',
  copy: '复印件',
  both: '原件和复印件',
}

/** One material of the checklist (材料清单). */
export const Material = z.object({
  name: Required(60, '材料名称'),
  form: MaterialForm,
  count: z.number().int().min(1, '份数至少为1').max(20, '份数太多'),
  notes: Text(200).default(''),
})
export type Material = z.infer<typeof Material>

/** A lesson learned at the window (窗口经验): a material someone was missing, fed back into the tip. */
export const Lesson = z.object({ text: z.string(), at: DateLike })

/** What a clerk edits: the business item with its work tip (办事小贴士). */
export const ItemFields = z.object({
  name: Required(40, '事项名称'),
  /** Large category (大类), e.g. 社会保障; small category (小类), e.g. 养老. */
  category: Required(20, '大类'),
  subcategory: Text(20).default(''),
  /** Plain-language description (通俗说明). */
  summary: Required(500, '说明'),
  materials: z.array(Material).min(1, '至少列出一项材料').max(40, '材料太多'),
  /** Who can apply (办理条件). */
  eligibility: z.array(Required(200, '办理条件')).max(20).default([]),
  /** Fees (收费标准), in words: 免费 / 工本费20元. */
  fees: Required(100, '收费标准'),
  /** Processing time (办理时限), in words: 当场办结 / 15个工作日. */
  processingTime: Required(100, '办理时限'),
  /** Can be handled at any center in the city (全市通办). */
  cityWide: z.boolean(),
  /** Online alternative (网上办理), when there is one. */
  onlineUrl: z
    .string()
    .max(300)
    .refine(
      (v) =>
        v === '' ||
        /^\/(?!\/)[A-Za-z0-9/_-]+(\?[A-Za-z0-9=&_%-]*)?$/.test(v) ||
        z.url({ protocol: /^https$/, hostname: z.regexes.domain }).safeParse(v).success,
      '只能填写以 https:// 开头的网址，或本小程序的页面',
    )
    .default(''),
  /** "Residents who do this often also need …" (相关事项). */
  related: z.array(Id).max(10).default([]),
  /** Extra search words (别名), e.g. 暂住证 for 居住证. */
  keywords: z.array(Text(20)).max(20).default([]),
})
export type ItemFields = z.infer<typeof ItemFields>

/** Business item (办理事项) as stored: the tip plus frequency counters and the version. */
export const ServiceItemDoc = ItemFields.extend({
  _id: Id,
  centerId: Id,
  /** Pinyin initials of name and keywords (拼音首字母), computed when saved. */
  pinyin: z.string(),
  lessons: z.array(Lesson).default([]),
  /** Bookings + walk-ins per calendar year (年办件量), for the high-frequency mark. */
  frequency: z.record(z.string(), z.number()).default({}),
  version: z.number().int(),
  /**
   * Item weight (事项分值) 1–5: how complex the case is for the clerk. The value dimension of a clerk's
   * performance sums it over the cases they finished.
   */
  weight: z.number().int().min(1).max(5).default(1),
  /** Last update date of the tip (更新日期), `YYYY-MM-DD`. */
  updatedOn: LocalDate,
  updatedBy: z.string().optional(),
}).loose()
export type ServiceItemDoc = z.infer<typeof ServiceItemDoc>

/** A line of the catalogue. */
export const ItemSummary = z.object({
  id: Id,
  name: z.string(),
  category: z.string(),
  subcategory: z.string(),
  summary: z.string(),
  /** High-frequency item (高频事项): over 500 a year. */
  highFrequency: z.boolean(),
  cityWide: z.boolean(),
  online: z.boolean(),
  materialsCount: z.number().int(),
})
export type ItemSummary = z.infer<typeof ItemSummary>

export const ItemDetail = ItemSummary.extend({
  materials: z.array(Material),
  eligibility: z.array(z.string()),
  fees: z.string(),
  processingTime: z.string(),
  onlineUrl: z.string(),
  keywords: z.array(z.string()),
  lessons: z.array(z.object({ text: z.string(), at: IsoDateTime })),
  related: z.array(ItemSummary),
  relatedIds: z.array(Id),
  updatedOn: LocalDate,
  version: z.number().int(),
  yearCount: z.number().int(),
  center: CenterInfo,
})
export type ItemDetail = z.infer<typeof ItemDetail>

/** A previous version of an item's tip (历史版本), kept on every save. */
export const ItemVersion = z.object({
  version: z.number().int(),
  savedOn: LocalDate,
  savedBy: z.string().optional(),
  fields: ItemFields,
})
export type ItemVersion = z.infer<typeof ItemVersion>

/** A stored previous version (历史版本): `_id` is `<itemId>:v<version>`, so saving twice keeps one copy. */
export const ItemVersionDoc = ItemVersion.extend({ _id: z.string(), itemId: Id }).loose()
export type ItemVersionDoc = z.infer<typeof ItemVersionDoc>

// ---- slots ---------------------------------------------------------------------------------------

/** Time slot (预约时段): `_id` is `slot:<center>:<date>:<HHmm>`, so generating it twice writes it once. */
export const SlotDoc = z
  .object({
    _id: z.string(),
    centerId: Id,
    date: LocalDate,
    startTime: TimeOfDay,
    endTime: TimeOfDay,
    startsAt: DateLike,
    /** Places bookings may take: the open windows less the walk-in reserve. */
    capacity: z.number().int(),
    /** Open windows (all places, walk-ins included); absent on slots opened before the reserve existed. */
    windows: z.number().int().optional(),
    booked: z.number().int(),
    /** Booking ids holding a place: `booked` always equals its length; it makes a retried hold a no-op. */
    holders: z.array(z.string()).default([]),
    /** When each holder took its place; the daily repair frees a place whose booking was never written. */
    heldAt: z.record(z.string(), DateLike).optional(),
    status: z.enum(['open', 'closed']),
    closedReason: z.string().optional(),
  })
  .loose()
export type SlotDoc = z.infer<typeof SlotDoc>

export const SlotState = z.enum(['open', 'full', 'past', 'closed'])
export type SlotState = z.infer<typeof SlotState>
export const SlotView = z.object({
  id: z.string(),
  date: LocalDate,
  startTime: TimeOfDay,
  endTime: TimeOfDay,
  remaining: z.number().int(),
  state: SlotState,
})
export type SlotView = z.infer<typeof SlotView>
export const DayView = z.object({
  date: LocalDate,
  /** 周一 … 周日 */
  weekday: z.string(),
  closed: z.boolean(),
  reason: z.string().optional(),
  slots: z.array(SlotView),
})
export type DayView = z.infer<typeof DayView>

// ---- bookings ------------------------------------------------------------------------------------

/**
 * booked 已预约 → checkedIn 已签到 → served 已办结 | notDone 未办结（缺材料）; noShow 未到; cancelled 已取消;
 * closed 因闭馆取消.
 */
export const BookingStatus = z.enum([
  'booked',
  'checkedIn',
  'served',
  'notDone',
  'noShow',
  'cancelled',
  'closed',
])
export type BookingStatus = z.infer<typeof BookingStatus>
export const BOOKING_STATUS_LABEL: Record<BookingStatus, string> = {
  booked: '已预约',
  checkedIn: '已签到',
  served: '已办结',
  notDone: '未办结',
  noShow: '未到',
  cancelled: '已取消',
  closed: '闭馆取消',
}
export const ACTIVE_STATUSES: readonly BookingStatus[] = ['booked', 'checkedIn']

/**
 * What a change of a booking leaves for the bookings timer to pass on (待结算), carried in the booking's own
 * write instead of written beside it: `booked` and `walkIn` count the booking and its items' yearly frequency; `served`
 * and `notDone` count the outcome, ask the resident to rate, and a missing material becomes a lesson on the
 * item's tip; `noShow` counts a resident who did not come; `rated` counts the resident's stars; `closed` tells the resident the day was closed, with the
 * reason.
 */
export const SettleEntry = z.object({
  kind: z.enum(['booked', 'walkIn', 'served', 'notDone', 'noShow', 'rated', 'closed']),
  at: DateLike,
  reason: z.string().optional(),
  missing: z.string().optional(),
  stars: z.number().int().optional(),
})
export type SettleEntry = z.infer<typeof SettleEntry>

/** Booking (预约) or walk-in (现场取号); a walk-in has no slot. */
export const BookingDoc = z
  .object({
    _id: z.string(),
    /** Booking number (预约号) the resident reads out or the clerk types. */
    number: z.string(),
    openid: z.string().optional(),
    residentName: z.string().optional(),
    /** The resident's committee when known; reports count the case there, else at the center. */
    committeeId: z.string().optional(),
    subdistrictId: Id,
    centerId: Id,
    itemIds: z.array(Id).min(1),
    itemNames: z.array(z.string()),
    slotId: z.string().optional(),
    date: LocalDate,
    startTime: TimeOfDay.optional(),
    endTime: TimeOfDay.optional(),
    startsAt: DateLike.optional(),
    status: BookingStatus,
    walkIn: z.boolean().default(false),
    clientRequestId: z.string().optional(),
    createdAt: DateLike,
    checkedInAt: DateLike.optional(),
    finishedAt: DateLike.optional(),
    clerkOpenid: z.string().optional(),
    missingMaterial: z.string().optional(),
    rating: z.number().int().optional(),
    ratingComment: z.string().optional(),
    ratedAt: DateLike.optional(),
    rescheduledFrom: z.array(z.string()).default([]),
    /** The last ten reschedule clientRequestIds, so a retried move is a no-op (an unreadable list is ignored). */
    rescheduleRequests: z.array(z.string()).optional().catch(undefined),
    cancelReason: z.string().optional(),
    /** Effects still to be passed on by the bookings timer, oldest first (absent on older bookings). */
    settle: z.array(SettleEntry).optional(),
    /** Set while `settle` holds something; every write that adds to it moves it on (the timer's release matches it). */
    settleAt: DateLike.optional(),
  })
  .loose()
export type BookingDoc = z.infer<typeof BookingDoc>

/**
 * Booking guard (同日同事项限约): one per (resident, item, day), naming the booking that holds it, so a
 * resident holds one active booking per item per day however many requests race.
 */
export const BookingGuardDoc = z
  .object({
    _id: z.string(),
    bookingId: z.string(),
    openid: z.string(),
    itemId: Id,
    itemName: z.string(),
    date: LocalDate,
    createdAt: DateLike,
  })
  .loose()
export type BookingGuardDoc = z.infer<typeof BookingGuardDoc>

/** What the resident sees of a booking (预约凭证). */
export const Ticket = z.object({
  id: z.string(),
  number: z.string(),
  status: BookingStatus,
  statusLabel: z.string(),
  itemIds: z.array(Id),
  itemNames: z.array(z.string()),
  date: LocalDate,
  startTime: z.string(),
  endTime: z.string(),
  startsAt: IsoDateTime.optional(),
  canCancel: z.boolean(),
  canRate: z.boolean(),
  missingMaterial: z.string().optional(),
  rating: z.number().int().optional(),
  center: CenterInfo,
})
export type Ticket = z.infer<typeof Ticket>

/** The ticket page: the ticket plus its QR code and a calendar file. */
export const TicketDetail = Ticket.extend({
  /** PNG data URL of the check-in QR code (签到二维码). */
  qrDataUrl: z.string(),
  /** iCalendar text for "add to calendar" on H5 (.ics). */
  ics: z.string(),
  /** The merged materials checklist of all items. */
  materials: z.array(Material),
})
export type TicketDetail = z.infer<typeof TicketDetail>

/** A line of the clerk's day sheet (日程表). */
export const SheetRow = z.object({
  id: z.string(),
  number: z.string(),
  status: BookingStatus,
  statusLabel: z.string(),
  residentName: z.string(),
  itemNames: z.array(z.string()),
  itemIds: z.array(Id),
  startTime: z.string().optional(),
  walkIn: z.boolean(),
  checkedInAt: IsoDateTime.optional(),
  missingMaterial: z.string().optional(),
  /** noShow is allowed from 15 minutes after the slot starts. */
  canNoShow: z.boolean(),
})
export type SheetRow = z.infer<typeof SheetRow>

// ---- learning (以学促干): learning path, quizzes from the tips, certification, coverage -------------------

/**
 * Certification (持证上岗) of a clerk for an item: passed the quiz on tip `version`. `_id` is
 * `cert:<openid>:<itemId>`, so passing again replaces it. It lapses, without a write, as soon as the item's
 * tip has a newer version: the clerk must re-read and re-take it.
 */
export const CertificationDoc = z
  .object({
    _id: z.string(),
    openid: z.string(),
    name: z.string(),
    centerId: Id,
    itemId: Id,
    itemName: z.string(),
    version: z.number().int(),
    certifiedAt: DateLike,
    correct: z.number().int(),
    total: z.number().int(),
  })
  .loose()
export type CertificationDoc = z.infer<typeof CertificationDoc>

/** One submitted quiz (测验记录); `_id` is `quiz:<openid>:<clientRequestId>`, so a retried submit counts once. */
export const QuizAttemptDoc = z
  .object({
    _id: z.string(),
    openid: z.string(),
    centerId: Id,
    itemId: Id,
    version: z.number().int(),
    seed: z.number().int(),
    answers: z.array(z.number().int()),
    correct: z.number().int(),
    total: z.number().int(),
    passed: z.boolean(),
    at: DateLike,
  })
  .loose()
export type QuizAttemptDoc = z.infer<typeof QuizAttemptDoc>

/** What a question asks about: 材料 / 原件还是复印件 / 份数 / 办理条件 / 网上办理 / 办理时限 / 收费 / 全市通办. */
export const QuestionKind = z.enum([
  'material',
  'form',
  'count',
  'eligibility',
  'online',
  'processingTime',
  'fees',
  'cityWide',
])
export type QuestionKind = z.infer<typeof QuestionKind>

/** A question as the clerk sees it: the right answer stays on the server. */
export const QuizQuestion = z.object({
  kind: QuestionKind,
  prompt: z.string(),
  options: z.array(z.string()).min(2),
})
export type QuizQuestion = z.infer<typeof QuizQuestion>

export const QuizView = z.object({
  itemId: Id,
  itemName: z.string(),
  version: z.number().int(),
  /** The quiz is regenerated from (item version, seed) when answered, so nothing is stored for it. */
  seed: z.number().int().min(0),
  questions: z.array(QuizQuestion),
  /** Right answers needed to pass (及格). */
  passMark: z.number().int(),
})
export type QuizView = z.infer<typeof QuizView>

export const SubmitQuizInput = z.object({
  itemId: Id,
  version: z.number().int().min(1),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31),
  answers: z.array(z.number().int().min(0).max(9)).min(1, '请先答题').max(20),
  clientRequestId: ClientRequestId,
})
export const QuizResult = z.object({
  itemId: Id,
  passed: z.boolean(),
  correct: z.number().int(),
  total: z.number().int(),
  passMark: z.number().int(),
  /** Each question with the right answer, so a wrong one is learned from. */
  review: z.array(z.object({ prompt: z.string(), right: z.string(), ok: z.boolean() })),
})

/** new 未学 · certified 已通过 · retake 小贴士已更新，需重新测验. */
export const LearningState = z.enum(['new', 'certified', 'retake'])
export type LearningState = z.infer<typeof LearningState>
export const LearningLine = z.object({
  id: Id,
  name: z.string(),
  category: z.string(),
  highFrequency: z.boolean(),
  yearCount: z.number().int(),
  version: z.number().int(),
  updatedOn: LocalDate,
  state: LearningState,
  certifiedOn: LocalDate.optional(),
})
export type LearningLine = z.infer<typeof LearningLine>
export const LearningPathOutput = z.object({
  lines: z.array(LearningLine),
  certified: z.number().int(),
  /** Items whose tip changed since the clerk passed (the 工作台 badge). */
  total: z.number().int(),
})

export const CoverageOutput = z.object({
  center: CenterInfo,
  highFrequency: z.array(z.object({ id: Id, name: z.string() })),
  /** Each staffed window: how many high-frequency items its clerk may handle, and which not (缺口). */
  windows: z.array(
    z.object({
      window: z.number().int(),
      openid: z.string(),
      name: z.string(),
      covered: z.number().int(),
      of: z.number().int(),
      gaps: z.array(z.string()),
    }),
  ),
  /** Windows of the plan nobody is seated at. */
  unstaffed: z.array(z.number().int()),
  /** Every staffed window handles every high-frequency item (综合窗口承诺). */
  promiseKept: z.boolean(),
  /** Who is certified for which item, and whose certification lapsed with a new tip. */
  items: z.array(
    z.object({
      id: Id,
      name: z.string(),
      highFrequency: z.boolean(),
      certified: z.array(z.string()),
      retake: z.array(z.string()),
    }),
  ),
})

/** One window of the follow-up (跟踪回访): visits on the item and how many went wrong. */
export const FollowUpRates = z.object({
  visits: z.number().int(),
  /** Ended 未办结 (missing materials). */
  notDone: z.number().int(),
  /** The same resident came back for the same item within `repeatDays` (返跑). */
  repeats: z.number().int(),
  /** 未办结 or followed by a repeat visit, each visit once. */
  failed: z.number().int(),
  notDoneRate: z.number().nullable(),
  repeatRate: z.number().nullable(),
  failureRate: z.number().nullable(),
  /** The window has fully passed (else 还在观察). */
  complete: z.boolean(),
})
export type FollowUpRates = z.infer<typeof FollowUpRates>
export const FollowUpLine = z.object({
  openid: z.string(),
  name: z.string(),
  itemId: Id,
  itemName: z.string(),
  certifiedOn: LocalDate,
  /** The 90 days before certification, and the first one and three months after (the latter holds the first). */
  before: FollowUpRates,
  month1: FollowUpRates,
  month3: FollowUpRates,
  /** The failure rate rose after certification (需要再培训). */
  rising: z.boolean(),
  rise: z.number().nullable(),
})
export type FollowUpLine = z.infer<typeof FollowUpLine>
export const FollowUpOutput = z.object({
  repeatDays: z.number().int(),
  lines: z.array(FollowUpLine),
  /** Items flagged for re-training, with the clerks whose cases went wrong more often. */
  retrain: z.array(z.object({ itemId: Id, itemName: z.string(), clerks: z.array(z.string()) })),
})
export type FollowUpOutput = z.infer<typeof FollowUpOutput>

// ---- actions -------------------------------------------------------------------------------------

const itemChoiceFields = {
  itemId: Id.optional(),
  itemIds: z.array(Id).min(1, '请选择办理事项').max(5, '一次最多办理5项').optional(),
}
const hasItem = (v: { itemId?: string; itemIds?: string[] }) =>
  v.itemId !== undefined || v.itemIds !== undefined
const itemRequired = { message: '请选择办理事项', path: ['itemId'] }
const ItemChoice = z.object(itemChoiceFields).refine(hasItem, itemRequired)

/** Catalogue (事项目录): search by words or pinyin initials, browse by category. */
export const ItemsInput = z.object({
  keyword: Text(30).optional(),
  category: Text(20).optional(),
})
export const ItemsOutput = z.object({
  categories: z.array(z.object({ name: z.string(), count: z.number().int() })),
  items: z.array(ItemSummary),
})

export const ItemInput = z.object({ id: Id })
export const SlotsInput = ItemChoice
export const SlotsOutput = z.object({
  center: CenterInfo,
  minNoticeMinutes: z.number().int(),
  days: z.array(DayView),
})

/** Book a slot (预约): every material must have been ticked. */
export const BookInput = z
  .object({
    ...itemChoiceFields,
    slotId: z.string().min(1).max(80),
    materialsConfirmed: z.literal(true, { message: '请先逐项确认已备齐材料' }),
    clientRequestId: ClientRequestId,
  })
  .refine(hasItem, itemRequired)
export const CancelInput = z.object({ bookingId: Id, clientRequestId: ClientRequestId.optional() })
export const RescheduleInput = z.object({
  bookingId: Id,
  slotId: z.string().min(1).max(80),
  clientRequestId: ClientRequestId,
})
export const MineOutput = z.object({ upcoming: z.array(Ticket), past: z.array(Ticket) })
export const TicketInput = z.object({ bookingId: Id })
/** Rate the service (服务评价). */
export const RateServiceInput = z.object({
  bookingId: Id,
  stars: z.number().int().min(1, '请选择1到5星').max(5, '请选择1到5星'),
  comment: Text(200).optional(),
})

export const DaySheetInput = z.object({ date: LocalDate.optional() })
export const DaySheetOutput = z.object({
  date: LocalDate,
  center: CenterInfo,
  closed: z.boolean(),
  closedReason: z.string().optional(),
  slots: z.array(
    z.object({
      id: z.string(),
      startTime: z.string(),
      endTime: z.string(),
      capacity: z.number().int(),
      /** Open windows, walk-ins included (capacity is what bookings may take). */
      windows: z.number().int().optional(),
      booked: z.number().int(),
      status: z.enum(['open', 'closed']),
      rows: z.array(SheetRow),
    }),
  ),
  walkIns: z.array(SheetRow),
  /** Bookings of the day still expected or handled (not cancelled); the 工作台 badge. */
  total: z.number().int(),
  totals: z.record(z.string(), z.number().int()),
})
/** Check in (签到) by the typed booking number or the scanned QR payload. */
export const CheckInInput = z.object({ code: z.string().trim().min(1, '请输入预约号').max(120) })
/** Finish at the window (办结): done, or not done with the material that was missing. */
export const ServeInput = z
  .object({
    bookingId: Id,
    outcome: z.enum(['done', 'notDone']),
    missingMaterial: Text(100).optional(),
  })
  .refine((v) => v.outcome === 'done' || (v.missingMaterial ?? '').length > 0, {
    message: '请填写缺少的材料',
    path: ['missingMaterial'],
  })
export const NoShowInput = z.object({ bookingId: Id })
/** Walk-in (现场取号): counts for the item's yearly frequency. */
export const WalkInInput = z.object({
  itemIds: z.array(Id).min(1, '请选择办理事项').max(5),
  residentName: Text(20).optional(),
  clientRequestId: ClientRequestId,
})
export const SaveItemInput = z.object({
  /** Absent for a new item. */
  id: Id.optional(),
  /** The version the clerk edited; a stale one gets CONFLICT instead of overwriting a colleague's save. */
  expectedVersion: z.number().int().min(1).optional(),
  fields: ItemFields,
})
export const ItemHistoryInput = z.object({ id: Id })
export const ItemHistoryOutput = z.object({ current: ItemDetail, versions: z.array(ItemVersion) })
export const OpenSlotsInput = z.object({ days: z.number().int().min(1).max(14).default(14) })
export const OpenSlotsOutput = z.object({
  created: z.number().int(),
  existing: z.number().int(),
  from: LocalDate,
  to: LocalDate,
})
/** Close a day (闭馆): cancels its bookings and tells each resident. */
export const CloseDayInput = z.object({
  date: LocalDate,
  reason: Required(50, '闭馆原因'),
  confirm: z.literal(true, { message: '请确认闭馆' }),
})
export const CloseDayOutput = z.object({
  date: LocalDate,
  cancelled: z.number().int(),
  notified: z.number().int(),
})

// ---- working plan editor (工作安排) ------------------------------------------------------------------

export const WEEKDAY_NAMES = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const

/** One weekday as the editor shows it: open or not, its hours and open windows. */
export const PlanWeekday = z.object({
  open: z.boolean(),
  start: TimeOfDay,
  end: TimeOfDay,
  windows: z.number().int().min(1, '窗口至少1个').max(200, '窗口数太多'),
})
export type PlanWeekday = z.infer<typeof PlanWeekday>

/** A closed day (闭馆日/节假日) as the clerk enters it. */
export const ClosureInput = z.object({ date: LocalDate, reason: Required(20, '闭馆原因') })

const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))

/** The working plan as the clerk edits it: Sunday first (index = weekday, 0 = 周日). */
const PlanFormFields = z.object({
  week: z.array(PlanWeekday).length(7, '请填写一周七天'),
  lunch: LunchBreak.nullable(),
  slotMinutes: z.number().int().min(10, '时段至少10分钟').max(240, '时段最长4小时'),
  walkInReserve: z.number().int().min(0, '不能少于0').max(199, '太多了'),
  minNoticeMinutes: z
    .number()
    .int()
    .min(0, '不能少于0')
    .max(24 * 60, '最多提前一天'),
  closures: z.array(ClosureInput).max(100, '闭馆日太多'),
  extraWorkdays: z.array(LocalDate).max(30, '调休上班日太多'),
})
export type PlanForm = z.infer<typeof PlanFormFields>

/** Checks across fields, each with the field's path and a zh-CN message naming the day. */
function checkPlanForm(f: PlanForm, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message })
  if (!f.week.some((d) => d.open)) issue(['week'], '一周至少要有一天办公')
  f.week.forEach((d, i) => {
    if (!d.open) return
    const day = WEEKDAY_NAMES[i]
    if (minutes(d.end) <= minutes(d.start)) issue(['week', i, 'end'], `${day}：下班时间要晚于上班时间`)
    else if (minutes(d.end) - minutes(d.start) < f.slotMinutes)
      issue(['week', i, 'end'], `${day}：办公时间放不下一个${f.slotMinutes}分钟的时段`)
    if (f.walkInReserve >= d.windows)
      issue(['walkInReserve'], `留给现场取号的名额要少于${day}的窗口数（${d.windows}个）`)
  })
  if (f.lunch && minutes(f.lunch.end) <= minutes(f.lunch.start))
    issue(['lunch', 'end'], '午休结束要晚于午休开始')
  const seen = new Set<string>()
  f.closures.forEach((c, i) => {
    if (seen.has(c.date)) issue(['closures', i, 'date'], `${c.date} 已经在闭馆日里了`)
    seen.add(c.date)
  })
  const worked = new Set<string>()
  f.extraWorkdays.forEach((d, i) => {
    if (seen.has(d)) issue(['extraWorkdays', i], `${d} 已设为闭馆，不能同时调休上班`)
    if (worked.has(d)) issue(['extraWorkdays', i], `${d} 重复了`)
    worked.add(d)
  })
}

export const PlanForm = PlanFormFields.superRefine(checkPlanForm)

export const PlanView = PlanFormFields.extend({
  center: CenterInfo,
  /** Send it back as `expectedVersion`. */
  version: z.number().int(),
  /** Bookings displaced by the last change are still being moved or cancelled (正在调整). */
  pending: z.boolean(),
  last: z
    .object({
      moved: z.number().int(),
      cancelled: z.number().int(),
      notified: z.number().int(),
      doneAt: IsoDateTime,
    })
    .optional(),
  /** The last day with slots opened (已放号到), if any. */
  openedUntil: LocalDate.optional(),
})
export type PlanView = z.infer<typeof PlanView>

/** A booking a plan change would move (to `to`) or cancel (with `reason`). */
export const PlanImpactLine = z.object({
  bookingId: z.string(),
  number: z.string(),
  residentName: z.string(),
  date: LocalDate,
  from: z.string(),
  to: z.string().optional(),
  reason: z.string().optional(),
})
export type PlanImpactLine = z.infer<typeof PlanImpactLine>
export const PlanPreviewOutput = z.object({
  /** 这次修改会影响 N 个预约 */
  affected: z.number().int(),
  moved: z.number().int(),
  cancelled: z.number().int(),
  lines: z.array(PlanImpactLine),
})
export type PlanPreviewOutput = z.infer<typeof PlanPreviewOutput>

/** Save the plan (保存工作安排) after the clerk saw the preview. */
export const SavePlanInput = PlanFormFields.extend({
  expectedVersion: z.number().int().min(0),
  clientRequestId: ClientRequestId,
  confirm: z.literal(true, { message: '请先确认这次修改' }),
}).superRefine(checkPlanForm)

export const bookingsContract = {
  items: action(ItemsInput, ItemsOutput),
  item: action(ItemInput, ItemDetail),
  slots: action(SlotsInput, SlotsOutput),
  book: action(BookInput, Ticket),
  cancel: action(CancelInput, Ticket),
  reschedule: action(RescheduleInput, Ticket),
  mine: action(z.object({}), MineOutput),
  ticket: action(TicketInput, TicketDetail),
  rateService: action(RateServiceInput, Ticket),
  daySheet: action(DaySheetInput, DaySheetOutput),
  checkIn: action(CheckInInput, SheetRow),
  serve: action(ServeInput, SheetRow),
  noShow: action(NoShowInput, SheetRow),
  walkIn: action(WalkInInput, SheetRow),
  saveItem: action(SaveItemInput, ItemDetail),
  itemHistory: action(ItemHistoryInput, ItemHistoryOutput),
  openSlots: action(OpenSlotsInput, OpenSlotsOutput),
  closeDay: action(CloseDayInput, CloseDayOutput),
  /** 学习路径 */
  learningPath: action(z.object({}), LearningPathOutput),
  /** 开始测验 */
  quiz: action(z.object({ itemId: Id }), QuizView),
  /** 交卷 */
  submitQuiz: action(SubmitQuizInput, QuizResult),
  /** 持证情况（中心负责人） */
  coverage: action(z.object({}), CoverageOutput),
  /** 跟踪回访（认证前后的未办结和返跑） */
  followUp: action(z.object({}), FollowUpOutput),
  /** 工作安排（读） */
  plan: action(z.object({}), PlanView),
  /** 修改工作安排前的影响预览 */
  planPreview: action(PlanForm, PlanPreviewOutput),
  /** 保存工作安排 */
  savePlan: action(SavePlanInput, PlanView),
} as const
