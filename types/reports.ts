/**
 * Sub-district supervision (街道督办): daily counters (统计), pushed digests (每日/每周摘要), the bimonthly
 * public-sentiment analysis (民情分析), five-dimension performance (五维绩效) and Excel exports (导出).
 *
 * ## The counters contract (authoritative)
 * Every feature counts its events into one document per unit (committee, or the service center for window
 * work) and business day (Asia/Shanghai) by calling
 * `bumpStats(db, { committeeId, subdistrictId, at }, { 'demands.submitted': 1, ... })` from
 * `cloudfunctions/shared/stats.ts`, with `at` = when the event happened. A counter is counted on the day of
 * its event, never on the day the case began, so a finished day never changes afterwards. The names below
 * are the only ones accepted (`StatCounterName`); the nightly recount rebuilds every one of them from the
 * source records and repairs drift, so a missed bump costs at most a day of accuracy.
 */
import { z } from 'zod'
import { action } from './contract'
import { DateLike, Id, IsoDateTime, LocalDate } from './common'
import { DemandChannel, TransferDestination } from './demands'

// ---- counters --------------------------------------------------------------------------------------

/**
 * Demand counters (诉求), bumped by the `demands` function; each is bumped under
 * `demands.byCategory.<category code>.<name>` too (the same names per category):
 * - `submitted` 新诉求: when a demand is submitted.
 * - `responded` 首次响应: when a case gets its first staff answer (reply, meeting, escalation, resolution,
 *   rejection, micro matter, duplicate link); with `respondedIn24h` 24小时内响应 when that came by the response deadline, and
 *   `answeredAtOnce` 即答即办 when that first answer resolved the case.
 * - `responseOverdue` 超时未响应: when the response deadline passes without an answer (the SLA scan).
 * - `toMeeting` 上会, `escalated` 上报街道, `duplicate` 合并重复, `microMatter` 微实事: on those actions.
 * - `resolved` 办结 / `rejected` 不予办理(经调研): when the case is concluded that way; `escalationsResolved`
 *   上报件办结 beside `resolved` when the case had been escalated.
 * - `resolutionOverdue` 超期未办结: when the resolution deadline passes with the case still open;
 *   `overdue` 超时 beside either of the two (the SLA scan's overdue alert), `autoEscalated` 超时自动上报
 *   beside `escalated` when the scan escalates a case itself.
 * - `rated` 评价, with exactly one of `satisfaction.satisfied` 满意 / `satisfaction.basic` 基本满意 /
 *   `satisfaction.dissatisfied` 不满意; `reopened` 重新办理 (a 不满意 rating reopens, and counts both).
 * - `transferred` 转派 with `transferredTo.<destination>` (a department's kind such as `urban` 城管, or
 *   `colleague` / `committee`): on each transfer, counted on its day.
 * - `byChannel.<channel>` 按渠道: beside `submitted`, the channel it came in by (types/demands.ts `channelOf`).
 */
const TRANSFER_COUNTERS = TransferDestination.options.map((d) => `transferredTo.${d}` as const)
const CHANNEL_COUNTERS = DemandChannel.options.map((c) => `byChannel.${c}` as const)
export const DEMAND_COUNTERS = [
  'submitted',
  'responded',
  'respondedIn24h',
  'answeredAtOnce',
  'responseOverdue',
  'toMeeting',
  'escalated',
  'duplicate',
  'microMatter',
  'resolved',
  'rejected',
  'escalationsResolved',
  'resolutionOverdue',
  'overdue',
  'autoEscalated',
  'rated',
  'satisfaction.satisfied',
  'satisfaction.basic',
  'satisfaction.dissatisfied',
  'reopened',
  'transferred',
  ...TRANSFER_COUNTERS,
  ...CHANNEL_COUNTERS,
] as const
export type DemandCounter = (typeof DEMAND_COUNTERS)[number]

/** Per category (诉求分类): the same names as the demand counters. */
export const CATEGORY_COUNTERS = DEMAND_COUNTERS
export type CategoryCounter = DemandCounter

/**
 * Window counters (窗口办事), bumped by `bookings` under the booking's committee, or the service center's id
 * when it has none: `booked` 预约, `served` 已办结, `notDone` 未办结(缺材料), `noShow` 未到, `walkIn` 现场取号,
 * `ratings` 服务评价 with `ratingSum` (stars, for the average) and `ratedGood` when the stars are 4 or 5.
 */
export const BOOKING_COUNTERS = [
  'booked',
  'served',
  'notDone',
  'noShow',
  'walkIn',
  'ratings',
  'ratingSum',
  'ratedGood',
] as const
export type BookingCounter = (typeof BOOKING_COUNTERS)[number]

/**
 * Visit counters (走访), bumped by `visits`: `done` 走访完成 with `byMode.home|online|phone` 走访方式,
 * `onlineAnswered` 线上走访回复, `talentsFound` 发现能人. `due` 应访 is written by the recount only: a visit on
 * day t to a household of class k makes the next one due on t + cadence(k) (C 14 days, B and A 90 days).
 */
export const VISIT_COUNTERS = [
  'done',
  'byMode.home',
  'byMode.online',
  'byMode.phone',
  'onlineAnswered',
  'talentsFound',
  'due',
] as const
export type VisitCounter = (typeof VISIT_COUNTERS)[number]

/** Every counter name `bumpStats` accepts. */
export type StatCounterName =
  | `demands.${DemandCounter}`
  | `demands.byCategory.${string}.${CategoryCounter}`
  | `bookings.${BookingCounter}`
  | `visits.${VisitCounter}`

const counts = <const K extends readonly string[]>(keys: K) =>
  z.object(
    Object.fromEntries(keys.map((k) => [k, z.number().int().default(0)])) as {
      [P in K[number]]: z.ZodDefault<z.ZodNumber>
    },
  )

export const DemandCounts = counts(DEMAND_COUNTERS)
export type DemandCounts = z.infer<typeof DemandCounts>
export const CategoryCounts = counts(CATEGORY_COUNTERS)
export type CategoryCounts = z.infer<typeof CategoryCounts>
export const BookingCounts = counts(BOOKING_COUNTERS)
export type BookingCounts = z.infer<typeof BookingCounts>
export const VisitCounts = counts(VISIT_COUNTERS)
export type VisitCounts = z.infer<typeof VisitCounts>

/** All counters of one unit over some days, missing ones read as zero. */
export const Totals = z.object({
  demands: DemandCounts.default(DemandCounts.parse({})),
  byCategory: z.record(z.string(), CategoryCounts).default({}),
  bookings: BookingCounts.default(BookingCounts.parse({})),
  visits: VisitCounts.default(VisitCounts.parse({})),
})
export type Totals = z.infer<typeof Totals>

/**
 * How demands flowed (接诉即办的流向), as the hotline practice counts them: answered at once (the first reply
 * resolved it, 即答即办), escalated to the sub-district, transferred — by destination (城管, 物业, a colleague…)
 * — and new demands by the channel they came in by. Zero entries are left out of the two maps.
 */
export const DemandFlow = z.object({
  submitted: z.number().int(),
  answeredAtOnce: z.number().int(),
  escalated: z.number().int(),
  transferred: z.number().int(),
  transferredTo: z.record(z.string(), z.number().int()),
  byChannel: z.record(z.string(), z.number().int()),
})
export type DemandFlow = z.infer<typeof DemandFlow>

export function demandFlow(t: Pick<Totals, 'demands'>): DemandFlow {
  const d = t.demands
  const pick = <K extends string>(keys: readonly K[], name: (k: K) => DemandCounter) =>
    Object.fromEntries(keys.flatMap((k) => (d[name(k)] ? [[k, d[name(k)]]] : [])))
  return {
    submitted: d.submitted,
    answeredAtOnce: d.answeredAtOnce,
    escalated: d.escalated,
    transferred: d.transferred,
    transferredTo: pick(TransferDestination.options, (k) => `transferredTo.${k}`),
    byChannel: pick(DemandChannel.options, (k) => `byChannel.${k}`),
  }
}

// ---- rates ------------------------------------------------------------------------------------------

/**
 * The graded rates (考核三率); each is null when nothing was there to measure.
 * - `responseRate` 24小时响应率 = respondedIn24h ÷ (respondedIn24h + responseOverdue): of the cases whose
 *   24-hour clock ran out or stopped in the period, the share answered in time.
 * - `resolutionRate` 解决率 = resolved ÷ (resolved + rejected): of the cases concluded in the period.
 * - `satisfactionRate` 满意率 = (满意 + 基本满意) ÷ rated: of the ratings given in the period.
 * - `windowSatisfactionRate` 窗口满意率 = bookings.ratedGood ÷ bookings.ratings (4–5 stars).
 * - `visitRate` 走访完成率 = visits.done ÷ visits.due (may pass 1 when visits run ahead of schedule).
 */
export const Rates = z.object({
  responseRate: z.number().nullable(),
  resolutionRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  windowSatisfactionRate: z.number().nullable(),
  visitRate: z.number().nullable(),
})
export type Rates = z.infer<typeof Rates>

// ---- inputs -----------------------------------------------------------------------------------------

/**
 * A period (统计区间): business days `from`..`to` inclusive, Asia/Shanghai. Both or neither; neither means
 * the action's default. In the future, reversed or longer than a year → INVALID_INPUT.
 */
export const PeriodInput = z.object({
  from: LocalDate.optional(),
  to: LocalDate.optional(),
  /** One committee (or the service center); absent = every unit in the caller's reach. */
  committeeId: Id.optional(),
})
export type PeriodInput = z.infer<typeof PeriodInput>

/**
 * A day's counters for one committee or center (统计): `_id` is `stats:<unit>:<day>`; the counters are nested
 * objects under the names of `StatCounterName` (`demands.submitted` is `{ demands: { submitted } }`).
 */
export const StatsDoc = z
  .object({ _id: z.string(), committeeId: Id, subdistrictId: Id, date: LocalDate })
  .catchall(z.unknown())
export type StatsDoc = z.infer<typeof StatsDoc>

export const Period = z.object({ from: LocalDate, to: LocalDate, days: z.number().int() })
export type Period = z.infer<typeof Period>

/** A reporting unit: a neighborhood committee (居委会) or the service center (受理服务中心). */
export const Unit = z.object({ id: Id, name: z.string(), kind: z.enum(['committee', 'center']) })
export type Unit = z.infer<typeof Unit>

// ---- summary ----------------------------------------------------------------------------------------

export const UnitSummary = Unit.extend({ totals: Totals, rates: Rates })
export const DayPoint = z.object({
  date: LocalDate,
  submitted: z.number().int(),
  resolved: z.number().int(),
  responseOverdue: z.number().int(),
  served: z.number().int(),
  visitsDone: z.number().int(),
})
/** Dashboard summary (数据看板): counters of the period per unit, per day and per category. */
export const SummaryOutput = z.object({
  period: Period,
  units: z.array(UnitSummary),
  total: z.object({ totals: Totals, rates: Rates }),
  daily: z.array(DayPoint),
  /** Per category: `category` is the code of the taxonomy, `label` its name. */
  categories: z.array(
    z.object({
      category: z.string(),
      label: z.string(),
      submitted: z.number().int(),
      resolved: z.number().int(),
    }),
  ),
  /** Day documents read (the cost stays ~days × units however long the history). */
  docsRead: z.number().int(),
})
export type SummaryOutput = z.infer<typeof SummaryOutput>

// ---- masked case lists ------------------------------------------------------------------------------

/** What a number on the dashboard stands for; `cases` lists the demands behind it. */
export const CaseMetric = z.enum([
  'submitted',
  'resolved',
  'rejected',
  'overdue',
  'open',
  'unsatisfied',
  'reopened',
])
export type CaseMetric = z.infer<typeof CaseMetric>

/**
 * A demand as officers may see it (脱敏): no name, phone, room or photos; the text cut short with digit
 * runs masked.
 */
export const MaskedCase = z.object({
  id: Id,
  committeeId: Id,
  committeeName: z.string(),
  blockName: z.string(),
  category: z.string(),
  excerpt: z.string(),
  status: z.string(),
  submittedAt: IsoDateTime,
  ageDays: z.number().int(),
  overdue: z.boolean(),
  /** Who holds it now: the staff member, and the department it was handed to (谁在办). */
  holder: z.string().optional(),
})
export type MaskedCase = z.infer<typeof MaskedCase>

export const CasesInput = PeriodInput.extend({
  metric: CaseMetric,
  category: z.string().max(20).optional(),
  limit: z.number().int().min(1).max(100).default(50),
})
export const CasesOutput = z.object({
  items: z.array(MaskedCase),
  total: z.number().int(),
  truncated: z.boolean(),
})

// ---- digests ----------------------------------------------------------------------------------------

export const DigestKind = z.enum(['daily', 'weekly', 'performance'])
export type DigestKind = z.infer<typeof DigestKind>

/** An overdue case as a digest lists it (超期件). */
export const OverdueCase = MaskedCase.extend({ dueAt: IsoDateTime, overdueHours: z.number().int() })

/** One unit's lines in a digest (摘要). */
export const DigestUnit = Unit.extend({
  newDemands: z.number().int(),
  rates: Rates,
  overdueCount: z.number().int(),
  overdue: z.array(OverdueCase),
  bookingsServed: z.number().int(),
  noShows: z.number().int(),
  visitsDone: z.number().int(),
  visitsDue: z.number().int(),
  /** How demands flowed in the period; absent in digests stored before it was counted. */
  flow: DemandFlow.optional(),
})
export type DigestUnit = z.infer<typeof DigestUnit>

// ---- performance ------------------------------------------------------------------------------------

/**
 * Five-dimension performance (五维绩效) of one staff member or one committee over a period. Definitions
 * (the page shows them too):
 *
 * 1. 数量 quantity — `demandsHandled`: demands on which the person acted (reply, meeting, escalation,
 *    transfer, resolution, rejection) in the period, each counted once; `visitsMade`: visits recorded;
 *    `bookingsServed`: window bookings and walk-ins served.
 * 2. 效率 efficiency — over the demands whose first reply in the period was theirs: `medianFirstResponseHours`
 *    (submission → first reply), `answeredIn24hRate` (share ≤ 24 h), `answeredAtOnceRate` (share resolved by
 *    that first reply, 即答即办); over the demands they resolved in the period: `medianResolutionHours`
 *    (submission → resolution).
 * 3. 价值 value — `microMatters`: cases they marked as micro practical matters (微实事); `escalationsResolved`:
 *    escalated cases of theirs resolved in the period; `talentsFound`: capable residents (能人) recorded.
 * 4. 服务评价 service rating — `demandSatisfactionRate`: (满意 + 基本满意) ÷ ratings given in the period on
 *    demands they concluded; `windowSatisfactionRate`: good ratings ÷ ratings of window service they gave.
 * 5. 质量 quality — `reopenRate`: of the demands they concluded in the period, the share reopened after
 *    concluding; `overdueCount`: their cases whose response or resolution deadline fell in the period and was
 *    missed; `rejectionsWithoutResearch`: rejections without an investigation record — zero by construction
 *    (the `reject` action refuses them), counted anyway so a regression would show.
 *
 * A committee's row is computed the same way over all its cases (medians over all of them, not an average
 * of people). Rates are null when there was nothing to measure.
 */
export const FiveDimensions = z.object({
  quantity: z.object({
    demandsHandled: z.number().int(),
    visitsMade: z.number().int(),
    bookingsServed: z.number().int(),
  }),
  efficiency: z.object({
    medianFirstResponseHours: z.number().nullable(),
    answeredIn24hRate: z.number().nullable(),
    answeredAtOnceRate: z.number().nullable(),
    medianResolutionHours: z.number().nullable(),
  }),
  value: z.object({
    microMatters: z.number().int(),
    escalationsResolved: z.number().int(),
    talentsFound: z.number().int(),
  }),
  rating: z.object({
    demandSatisfactionRate: z.number().nullable(),
    windowSatisfactionRate: z.number().nullable(),
  }),
  quality: z.object({
    reopenRate: z.number().nullable(),
    overdueCount: z.number().int(),
    rejectionsWithoutResearch: z.number().int(),
  }),
})
export type FiveDimensions = z.infer<typeof FiveDimensions>

/**
 * The five dimensions of a window clerk (窗口人员五维), beside the ones above because a clerk's work is cases
 * at the window, not demands (the demand fields above are null for a clerk). Over the cases they finished
 * (已办结 + 未办结) in the period:
 *
 * 1. 数量 `casesFinished`.
 * 2. 效率 `medianMinutesAtWindow`: check-in → finished.
 * 3. 价值 `weightedCases`: the sum of each served case's item weight (事项分值 1–5, its complexity, set per item),
 *    so one 生育津贴 counts more than one 证明开具.
 * 4. 服务评价 `windowSatisfactionRate`: 4–5 stars ÷ ratings given in the period on their cases.
 * 5. 质量 `notDoneRate` (未办结 ÷ finished), `complaintRate` (1–2 star ratings ÷ finished) and
 *    `certificationCoverage`: the share of the center's high-frequency items they hold a current
 *    certification for (持证率, a new tip version lapses it).
 *
 * Rates are null only when there was nothing to measure.
 */
export const WindowDimensions = z.object({
  quantity: z.object({ casesFinished: z.number().int() }),
  efficiency: z.object({ medianMinutesAtWindow: z.number().nullable() }),
  value: z.object({ weightedCases: z.number().int() }),
  rating: z.object({ windowSatisfactionRate: z.number().nullable() }),
  quality: z.object({
    notDoneRate: z.number().nullable(),
    complaintRate: z.number().nullable(),
    certificationCoverage: z.number().nullable(),
  }),
})
export type WindowDimensions = z.infer<typeof WindowDimensions>

export const StaffPerformance = FiveDimensions.extend({
  openid: z.string(),
  name: z.string(),
  role: z.string(),
  unitId: Id,
  unitName: z.string(),
  /** A window clerk's own five dimensions (only on a clerk's row). */
  window: WindowDimensions.optional(),
})
export type StaffPerformance = z.infer<typeof StaffPerformance>
export const UnitPerformance = FiveDimensions.extend({ unitId: Id, unitName: z.string() })
export type UnitPerformance = z.infer<typeof UnitPerformance>

export const PerformanceOutput = z.object({
  period: Period,
  staff: z.array(StaffPerformance),
  units: z.array(UnitPerformance),
})
export type PerformanceOutput = z.infer<typeof PerformanceOutput>

/** A stored digest (摘要): `_id` derived from (sub-district, kind, period), so a timer firing twice stores one. */
export const Digest = z.object({
  id: z.string(),
  kind: DigestKind,
  subdistrictId: Id,
  period: Period,
  generatedAt: IsoDateTime,
  title: z.string(),
  units: z.array(DigestUnit),
  total: DigestUnit.omit({ id: true, name: true, kind: true }),
  /** Only in the monthly performance list. */
  performance: PerformanceOutput.optional(),
})
export type Digest = z.infer<typeof Digest>

/** The stored form of a digest: `periodStart` orders the list, `generatedAt` is a date in the database. */
export const DigestDoc = Digest.omit({ id: true, generatedAt: true })
  .extend({ _id: z.string(), periodStart: LocalDate, generatedAt: DateLike })
  .loose()
export type DigestDoc = z.infer<typeof DigestDoc>

export const DigestInput = z.object({
  /** The digest a subscribe message opens; absent = the latest of `kind`. */
  id: z.string().max(100).optional(),
  kind: DigestKind.default('daily'),
})
export const DigestOutput = z.object({
  digest: Digest.nullable(),
  recent: z.array(z.object({ id: z.string(), kind: DigestKind, title: z.string(), period: Period })),
})
export type DigestOutput = z.infer<typeof DigestOutput>

// ---- sentiment --------------------------------------------------------------------------------------

export const CategoryTrend = z.object({
  category: z.string(),
  label: z.string(),
  count: z.number().int(),
  previous: z.number().int(),
  change: z.number().int(),
  /** (count − previous) ÷ previous; null when previous is 0. */
  changeRate: z.number().nullable(),
})
export type CategoryTrend = z.infer<typeof CategoryTrend>

/** Public-sentiment analysis (民情分析) of a period against the one just before it. */
export const SentimentOutput = z.object({
  period: Period,
  previous: Period,
  total: z.object({ count: z.number().int(), previous: z.number().int() }),
  byCategory: z.array(CategoryTrend),
  byUnit: z.array(
    Unit.extend({
      count: z.number().int(),
      previous: z.number().int(),
      change: z.number().int(),
      topCategory: z.string().nullable(),
    }),
  ),
  /** Labels of the categories that grew by at least 2 cases and 20 % (上升类别). */
  rising: z.array(z.string()),
  /** Blocks with the most demands (热点片区). */
  hotspots: z.array(
    z.object({
      blockId: Id,
      blockName: z.string(),
      unitId: Id,
      unitName: z.string(),
      count: z.number().int(),
      topCategory: z.string(),
    }),
  ),
  /** Most frequent words in demand texts, stop words removed (高频词). */
  terms: z.array(z.object({ term: z.string(), count: z.number().int() })),
  /** Cases open for 30 days or more at the end of the period (久拖未决). */
  longUnresolved: z.array(MaskedCase),
})
export type SentimentOutput = z.infer<typeof SentimentOutput>

// ---- export -----------------------------------------------------------------------------------------

export const ExportKind = z.enum(['demands', 'performance'])
export const ExportInput = PeriodInput.extend({
  kind: ExportKind,
  category: z.string().max(20).optional(),
  status: z.enum(['open', 'resolved', 'rejected', 'closed']).optional(),
})
export type ExportInput = z.infer<typeof ExportInput>

/** An export job (导出任务): small ones finish in the call, large ones in the background. */
export const ExportJob = z.object({
  jobId: z.string(),
  /** `expired`: the file was deleted after EXPORT_KEEP_DAYS (已过期，请重新导出). */
  status: z.enum(['pending', 'running', 'done', 'failed', 'expired']),
  kind: ExportKind,
  /** Rows written so far and rows expected. */
  done: z.number().int(),
  total: z.number().int(),
  /** Temporary download link (临时下载链接) once done. */
  url: z.string().optional(),
  fileName: z.string().optional(),
  error: z.string().optional(),
})
export type ExportJob = z.infer<typeof ExportJob>

/** The stored export job: what to export for whom, how far it got, and the lease of the run working on it. */
export const ExportJobDoc = z
  .object({
    _id: z.string(),
    kind: ExportKind,
    openid: z.string(),
    subdistrictId: Id,
    units: z.array(Unit),
    period: Period,
    category: z.string().optional(),
    status: ExportInput.shape.status,
    state: ExportJob.shape.status,
    done: z.number().int(),
    total: z.number().int(),
    fileId: z.string().optional(),
    fileName: z.string(),
    error: z.string().optional(),
    leaseUntil: DateLike.optional(),
    createdAt: DateLike,
    updatedAt: DateLike,
  })
  .loose()
export type ExportJobDoc = z.infer<typeof ExportJobDoc>

export const reportsContract = {
  /** 数据看板 */
  summary: action(PeriodInput, SummaryOutput),
  /** 看板数字背后的诉求（脱敏） */
  cases: action(CasesInput, CasesOutput),
  /** 每日/每周摘要、月度绩效榜 */
  digest: action(DigestInput, DigestOutput),
  /** 民情分析 */
  sentiment: action(PeriodInput, SentimentOutput),
  /** 五维绩效 */
  performance: action(PeriodInput, PerformanceOutput),
  /** 导出 Excel */
  export: action(ExportInput, ExportJob),
  /** 导出进度 */
  exportStatus: action(z.object({ jobId: z.string().min(1).max(64) }), ExportJob),
} as const
