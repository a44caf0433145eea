/**
 * Writing a notification is part of the action that causes it: the message goes into `messages` (the outbox)
 * beside the change, and the invocation that wrote it sends it before answering (router.ts, data/written.ts);
 * the `outbox` function's sweep delivers what such a sender left. The `_id` comes from a dedupe key such as
 * `demand:<id>:overdue:assignee`, so the same alert is written once however often its cause runs.
 */
import type { MessageDoc, PendingOutbox, TemplateKey, TEMPLATES } from '../../types/messages'
import type { Database } from './cloud'
import { storeOf } from './data'
import { isDuplicateKey } from './errors'
import { derivedId } from './ids'
import { businessDay, type StatsKey } from './stats'

/** The values of a template's fields, by the field names its registry entry fixes (types/messages.ts). */
export type TemplateData<K extends TemplateKey> = {
  readonly [F in keyof (typeof TEMPLATES)[K]['fields']]: string
}

/**
 * A message to write, typed by its template: a field the template does not have, or one it needs left out,
 * fails `tsc` (in WeChat it would be a 47003 at send time).
 */
export type OutgoingMessage = {
  readonly [K in TemplateKey]: {
    /** Unique per (cause, stage, recipient); the message is written once for it. */
    readonly dedupeKey: string
    readonly touser: string
    readonly templateKey: K
    readonly page: string
    /** Values are cut to WeChat's limits by the outbox when sending. */
    readonly data: TemplateData<K>
  }
}[TemplateKey]

export function messageDoc(msg: OutgoingMessage, now: Date): MessageDoc {
  return {
    _id: derivedId('msg', msg.dedupeKey),
    dedupeKey: msg.dedupeKey,
    touser: msg.touser,
    templateKey: msg.templateKey,
    page: msg.page,
    data: Object.fromEntries(Object.entries(msg.data).map(([k, v]) => [k, { value: v }])),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  }
}

/**
 * Enqueues outside a transaction; a message already written for the same key is left as it is.
 * Inside a transaction use `tx.messages.add(messageDoc(msg, now))` so the message commits or rolls back
 * with the change that causes it.
 */
export function enqueue(db: Database, msgs: readonly OutgoingMessage[], now: Date): Promise<number> {
  return addMessages(
    db,
    msgs.map((m) => messageDoc(m, now)),
  )
}

/** Adds message documents one by one; one already there under its `_id` is left as it is. Returns how many were new. */
export async function addMessages(db: Database, docs: readonly MessageDoc[]): Promise<number> {
  const messages = storeOf(db).messages
  let written = 0
  for (const doc of docs) {
    try {
      await messages.add(doc)
      written++
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
    }
  }
  return written
}

/**
 * The fields that let a record carry its messages and counters in its own insert (see `PendingOutbox`); the
 * `outbox` function's relay moves them into `messages` and `stats` at its next sweep (every 10 minutes).
 */
export function carried(
  msgs: readonly OutgoingMessage[],
  stats: { readonly key: StatsKey; readonly counters: Readonly<Record<string, number>> },
  now: Date,
): { outbox: PendingOutbox; outboxAt: Date } {
  return {
    outbox: {
      messages: msgs.map((m) => messageDoc(m, now)),
      stats: {
        ...stats.key,
        counters: Object.entries(stats.counters).map(([name, n]) => ({ name, n })),
      },
    },
    outboxAt: now,
  }
}

/**
 * A record's outbox with more messages and counters added to what it already carries (a change written
 * before the relay ran). Counters are carried when the outbox has none yet or has the same committee and
 * business day; else they come back `uncarried`, for the caller to count at once. Write the result with the
 * record's own conditional update, matching the `outboxAt` read, and set `outboxAt` to `outboxMovedOn`.
 */
export function addToOutbox(
  carried: PendingOutbox | undefined,
  msgs: readonly OutgoingMessage[],
  stats: { readonly key: StatsKey; readonly counters: Readonly<Record<string, number>> } | undefined,
  now: Date,
): { outbox: PendingOutbox | undefined; uncarried: Readonly<Record<string, number>> | undefined } {
  const counters = Object.entries(stats?.counters ?? {}).filter(([, n]) => n !== 0)
  if (msgs.length === 0 && counters.length === 0) return { outbox: undefined, uncarried: undefined }
  const messages = [...(carried?.messages ?? []), ...msgs.map((m) => messageDoc(m, now))]
  const was = carried?.stats
  if (!stats || counters.length === 0)
    return { outbox: { messages, ...(was ? { stats: was } : {}) }, uncarried: undefined }
  if (!was) {
    const fresh = { ...stats.key, counters: counters.map(([name, n]) => ({ name, n })) }
    return { outbox: { messages, stats: fresh }, uncarried: undefined }
  }
  if (
    was.committeeId !== stats.key.committeeId ||
    businessDay(new Date(was.at)) !== businessDay(stats.key.at)
  )
    return { outbox: { messages, stats: was }, uncarried: stats.counters }
  const sum = new Map(was.counters.map((c) => [c.name, c.n]))
  for (const [name, n] of counters) sum.set(name, (sum.get(name) ?? 0) + n)
  return {
    outbox: { messages, stats: { ...was, counters: [...sum].map(([name, n]) => ({ name, n })) } },
    uncarried: undefined,
  }
}

/** A new `outboxAt`, never the one read: the relay releases a record only while it holds the value it read. */
export function outboxMovedOn(was: Date | string | undefined, now: Date): Date {
  const at = was === undefined ? 0 : new Date(was).getTime()
  return at >= now.getTime() ? new Date(at + 1) : now
}
