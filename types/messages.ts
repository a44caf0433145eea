/**
 * Subscribe-message templates (订阅消息模板): the registry every message is built and checked against. Each
 * template has a kind (一次性 once: one grant, one message; 长期 long: one grant, many messages — open to
 * 政务民生 services such as Linli), a fixed set of fields with WeChat's value types, the page it opens and who
 * receives it. The ids are the ones registered in the WeChat admin console, set per deployment as
 * `LINLI_TEMPLATE_<key>`; locally a key is its own id unless configured.
 */
import { z } from 'zod'
import { DateLike } from './common'

export const TemplateKey = z.enum([
  'demandUpdate', // 诉求处理进度提醒 — to the resident
  'demandAlert', // 新诉求 / 即将超时 / 已超时 — to staff
  'deskAlert', // 上报街道的诉求 — to the sub-district's duty officers
  'bookingReminder', // 预约办事提醒
  'noticePublished', // 社区通知
  'visitOnline', // 线上走访
  'visitDue', // 走访提醒 — to block heads
  'digest', // 街道摘要 / 绩效 — to officers and admins
])
export type TemplateKey = z.infer<typeof TemplateKey>

/** WeChat's value types (a field `thing1` is a `thing`). */
export type FieldType =
  | 'thing'
  | 'number'
  | 'letter'
  | 'symbol'
  | 'character_string'
  | 'time'
  | 'date'
  | 'amount'
  | 'phone_number'
  | 'car_number'
  | 'name'
  | 'phrase'

export type TemplateKind = 'once' | 'long'
export type Recipient = 'resident' | 'staff' | 'officer'

export interface TemplateSpec {
  readonly kind: TemplateKind
  /** What the person sees when asked, in words a 70-year-old understands. */
  readonly title: string
  readonly recipient: Recipient
  /** Page (without query) the message opens; must be in app.config.ts. */
  readonly page: string
  /** Field name → a sample value that fits (the sample test sends each through the local sink). */
  readonly fields: Readonly<Record<string, string>>
}

export const TEMPLATES = {
  demandUpdate: {
    kind: 'once',
    title: '诉求办理进度',
    recipient: 'resident',
    page: 'demands/pages/detail/index',
    fields: { thing1: '环境卫生', phrase2: '已答复', thing3: '楼道杂物明天清理', time4: '2026-11-23 14:05' },
  },
  demandAlert: {
    kind: 'long',
    title: '新诉求和快到期的诉求',
    recipient: 'staff',
    page: 'pkg-staff/demands/detail/index',
    fields: { thing1: '楼道堆放杂物', thing2: '新诉求待响应', time3: '2026-11-24 14:05', thing4: '环境卫生' },
  },
  deskAlert: {
    kind: 'long',
    title: '上报街道的诉求',
    recipient: 'officer',
    page: 'pkg-staff/demands/detail/index',
    fields: {
      thing1: '楼道堆放杂物',
      thing2: '块长上报街道',
      thing3: '春晖社区 张建国',
      time4: '2026-11-24 14:05',
    },
  },
  bookingReminder: {
    kind: 'once',
    title: '预约办事提醒',
    recipient: 'resident',
    page: 'bookings/pages/ticket/index',
    fields: { thing1: '居住证办理', time2: '2026-11-25 09:00', thing3: '预约号A012，请带齐材料' },
  },
  noticePublished: {
    kind: 'once',
    title: '居委会新通知',
    recipient: 'resident',
    page: 'community/pages/notice/index',
    fields: { thing1: '周六上午义诊', thing2: '春晖社区居委会', time3: '2026-11-23 09:00' },
  },
  visitOnline: {
    kind: 'once',
    title: '块长线上问候',
    recipient: 'resident',
    page: 'visits/pages/pending/index',
    fields: { thing1: '张建国（块长）', thing2: '最近身体好吗？', time3: '2026-11-23 10:00' },
  },
  visitDue: {
    kind: 'long',
    title: '走访到期提醒',
    recipient: 'staff',
    page: 'pkg-staff/visits/catalogue/index',
    fields: { thing1: '逾期2户，本周到期5户', thing2: '请优先走访逾期家庭', time3: '2026-11-23 08:00' },
  },
  digest: {
    kind: 'long',
    title: '街道每日摘要和工作评价',
    recipient: 'officer',
    page: 'pkg-office/reports/digest/index',
    fields: { thing1: '11月23日摘要', time2: '2026-11-22', thing3: '新诉求12件，超期0件' },
  },
} as const satisfies Record<TemplateKey, TemplateSpec>

/** The fields of a template, by name, as the builder takes them. */
export type TemplateData<K extends TemplateKey> = {
  readonly [F in keyof (typeof TEMPLATES)[K]['fields']]: string
}

export const templateKind = (key: TemplateKey): TemplateKind => TEMPLATES[key].kind

/**
 * A template's id in this deployment: `LINLI_TEMPLATE_<key>`, or — on the local cloud only, which sets
 * `LINLI_LOCAL_CLOUD=1` — the key itself. Deployed without the variable it is undefined: the app does not
 * ask for it and the outbox records "not configured" instead of sending a key WeChat would refuse (40037).
 */
export function templateId(
  key: TemplateKey,
  env: Record<string, string | undefined> = {},
): string | undefined {
  return env[`LINLI_TEMPLATE_${key}`] || (env.LINLI_LOCAL_CLOUD === '1' ? key : undefined)
}

/** Every configured template's id in this deployment (unconfigured ones are absent). */
export function templateIds(
  env: Record<string, string | undefined> = {},
): Partial<Record<TemplateKey, string>> {
  const out: Partial<Record<TemplateKey, string>> = {}
  for (const k of TemplateKey.options) {
    const id = templateId(k, env)
    if (id) out[k] = id
  }
  return out
}

/** The template key behind an id, or undefined for an id this deployment does not know (WeChat: 40037). */
export function templateKeyOf(
  id: string,
  env: Record<string, string | undefined> = {},
): TemplateKey | undefined {
  return TemplateKey.options.find((k) => templateId(k, env) === id)
}

/** WeChat's value limits (订阅消息参数值内容限制), counted in code points. */
export const FIELD_MAX: Partial<Record<FieldType, number>> = {
  thing: 20,
  number: 32,
  letter: 32,
  symbol: 5,
  character_string: 32,
  phrase: 5,
  phone_number: 17,
  car_number: 8,
  name: 20,
}

export const fieldTypeOf = (field: string): FieldType => field.replace(/\d+$/, '') as FieldType

const DATE = String.raw`(\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)`
const CLOCK = String.raw`([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?`
const ONE_TIME = new RegExp(`^(${DATE}( ${CLOCK})?|${CLOCK})$`)
const ONE_DATE = new RegExp(`^${DATE}( ${CLOCK})?$`)
const ranged = (re: RegExp) => (v: string) =>
  v.split('~').every((p) => re.test(p.trim())) && v.split('~').length <= 2

/** Why a value does not fit its field's type, or undefined if it fits. */
export function valueProblem(field: string, value: string): string | undefined {
  const type = fieldTypeOf(field)
  const chars = Array.from(value)
  if (chars.length === 0) return 'empty'
  const max = type === 'name' && /[\u4e00-\u9fff]/.test(value) ? 10 : FIELD_MAX[type]
  if (max !== undefined && chars.length > max) return `longer than ${max}`
  if (type === 'phrase' && !/^[\u4e00-\u9fff]+$/.test(value)) return 'phrase must be Chinese only'
  if (type === 'number' && !/^\d+(\.\d+)?$/.test(value)) return 'not a number'
  if (type === 'time' && !ranged(ONE_TIME)(value)) return 'not a time'
  if (type === 'date' && !ranged(ONE_DATE)(value)) return 'not a date'
  if (type === 'amount' && !/^[¥￥$]?\d{1,10}(\.\d{1,2})?元?$/.test(value)) return 'not an amount'
  return undefined
}

/**
 * The first field of `data` that does not fit template `key` — a field the template does not have, one it
 * has but is missing, or a value of the wrong shape — as WeChat names it in a 47003 (`data.<field>.value`).
 */
export function misfit(
  key: TemplateKey,
  data: Readonly<Record<string, { value?: unknown } | undefined>>,
): { field: string; problem: string } | undefined {
  const fields: Readonly<Record<string, string>> = TEMPLATES[key].fields
  for (const [field, v] of Object.entries(data)) {
    if (!(field in fields)) return { field, problem: 'not a field of this template' }
    const value = v && typeof v === 'object' ? v.value : undefined
    if (typeof value !== 'string' && typeof value !== 'number') return { field, problem: 'no value' }
    const problem = valueProblem(field, String(value))
    if (problem) return { field, problem }
  }
  for (const field of Object.keys(fields)) if (!(field in data)) return { field, problem: 'missing' }
  return undefined
}

/**
 * One subscribe message in the outbox (消息发件箱): written in the same action that causes it, delivered by
 * the `outbox` function. `_id` is derived from a dedupe key, so a timer that fires twice writes it once.
 * - pending → sending → sent; 43101 → not_granted (never retried); other errors → pending with backoff,
 *   failed after the last attempt.
 */
export const MessageDoc = z
  .object({
    _id: z.string(),
    dedupeKey: z.string(),
    touser: z.string(),
    templateKey: TemplateKey,
    /** Mini-program page opened from the message, with its query. */
    page: z.string(),
    data: z.record(z.string(), z.object({ value: z.string() })),
    status: z.enum(['pending', 'sending', 'sent', 'not_granted', 'failed']),
    attempts: z.number().int(),
    nextAttemptAt: DateLike,
    createdAt: DateLike,
    sentAt: DateLike.optional(),
    lastError: z.string().optional(),
    /** While `sending`: the run that claimed it, and until when that claim holds. */
    claimedBy: z.string().optional(),
    leaseUntil: DateLike.optional(),
  })
  .loose()
export type MessageDoc = z.infer<typeof MessageDoc>

/**
 * Linli's own record of a user's subscribe-message grants (订阅消息授权) for one template: one document per
 * (openid, templateId) in `subscriptions`, kept so the functions know whom they can reach (WeChat does not
 * say). `community.subscribe` adds one per accepted template; for a once template the outbox takes one away
 * for each message WeChat accepted and sets it to 0 when WeChat answers 43101; for a long template any
 * positive `remaining` means "granted" and a send leaves it, while 43101 (the user turned it off) sets it
 * to 0. WeChat's own grants are WeChat's: locally the open-API sink keeps them apart (`dev_wx_grants`).
 */
export const SubscriptionDoc = z
  .object({
    _id: z.string(),
    openid: z.string().min(1),
    templateId: z.string().min(1),
    remaining: z.number().int().min(0),
    updatedAt: DateLike.optional(),
    /**
     * The last few `subscribe` request ids that added to this grant, so a retried call counts once: each
     * grant is changed by its own conditional update, which skips it when it holds the id already.
     */
    requestIds: z.array(z.string()).optional(),
  })
  .loose()
export type SubscriptionDoc = z.infer<typeof SubscriptionDoc>

/**
 * Work a record carries until the `outbox` function relays it (待转发): the messages its write caused and the
 * daily counters it adds to. It is part of the record's own single-document insert, so record, alert and
 * count commit together without a transaction (four round trips fewer on the busiest write); `outboxAt`
 * marks the record for the relay's indexed scan and is removed with this field once relayed.
 */
const CarriedStats = z.object({
  committeeId: z.string(),
  subdistrictId: z.string(),
  at: DateLike,
  /** Pairs rather than an object: counter names are dotted paths, which a stored field name may not be. */
  counters: z.array(z.object({ name: z.string(), n: z.number() })),
})
export const PendingOutbox = z.object({
  messages: z.array(MessageDoc),
  stats: CarriedStats.optional(),
  /** Counters of other days (a visit's `visits.due` falls on the day the next visit is due). */
  moreStats: z.array(CarriedStats).optional(),
})
export type PendingOutbox = z.infer<typeof PendingOutbox>
