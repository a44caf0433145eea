/**
 * Subscribe-message templates (订阅消息模板). The app asks for them by key; the ids are the ones the
 * mini-program registers in the WeChat admin console, configured per deployment. Locally the emulator's
 * sink accepts any id, so the keys themselves serve as ids.
 */
import { z } from 'zod'
import { DateLike } from './common'

export const TemplateKey = z.enum([
  'demandUpdate', // 诉求处理进度提醒 — to the resident
  'demandAlert', // 新诉求 / 即将超时 / 已超时 — to staff
  'bookingReminder', // 预约办事提醒
  'noticePublished', // 社区通知
  'visitOnline', // 线上走访
  'visitDue', // 走访提醒 — to block heads
  'digest', // 街道摘要 / 绩效 — to officers and admins
])
export type TemplateKey = z.infer<typeof TemplateKey>

/** Production template ids come from the deployment (`LINLI_TEMPLATE_<KEY>`); locally the key is the id. */
export function templateId(key: TemplateKey, env: Record<string, string | undefined> = {}): string {
  return env[`LINLI_TEMPLATE_${key}`] ?? key
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
 * Remaining one-time subscribe-message grants (订阅消息授权) of one user for one template: one document per
 * (openid, templateId) in `subscriptions`. `community.subscribe` adds to `remaining` for each template the user
 * accepted in `wx.requestSubscribeMessage`; each message sent uses one (WeChat's rule: one grant, one message),
 * and a send without a remaining grant is answered 43101. Locally the emulator's open-API sink reads and
 * decrements `remaining` atomically, and the dev console adds grants the same way.
 */
export const SubscriptionDoc = z
  .object({
    _id: z.string(),
    openid: z.string().min(1),
    templateId: z.string().min(1),
    remaining: z.number().int().min(0),
    updatedAt: DateLike.optional(),
  })
  .loose()
export type SubscriptionDoc = z.infer<typeof SubscriptionDoc>

/**
 * Work a record carries until the `outbox` function relays it (待转发): the messages its write caused and the
 * daily counters it adds to. It is part of the record's own single-document insert, so record, alert and
 * count commit together without a transaction (four round trips fewer on the busiest write); `outboxAt`
 * marks the record for the relay's indexed scan and is removed with this field once relayed.
 */
export const PendingOutbox = z.object({
  messages: z.array(MessageDoc),
  stats: z
    .object({
      committeeId: z.string(),
      subdistrictId: z.string(),
      at: DateLike,
      /** Pairs rather than an object: counter names are dotted paths, which a stored field name may not be. */
      counters: z.array(z.object({ name: z.string(), n: z.number() })),
    })
    .optional(),
})
export type PendingOutbox = z.infer<typeof PendingOutbox>
