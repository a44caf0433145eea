/**
 * What the functions cost the environment, counted the way CloudBase bills and limits it: function
 * invocations, database reads and writes, storage operations and subscribe messages sent — each by function
 * and by action (a timer run counts under `timer:<trigger>`). A request is put down to the invocation whose
 * `wxCloudApiToken` it carries; requests with none (a test's own SDK, a seed) count under `(outside)`. The
 * local cloud's own bookkeeping (the open-API sink's grant table and sent-message record) goes through its
 * in-process client and is not counted: WeChat does not bill it to the environment.
 *
 * Database requests: `getDocument`, `calculateDocument` (count) and `aggregateDocuments` are reads;
 * `insertDocument`, `modifyDocument`, `modifyAndReturnDoc`, `removeDocument` and `addCollection` writes;
 * a transaction's start, commit and abort are counted apart as `transactions` (every one is a request
 * toward the requests-per-second limit; capacity estimates count them as writes, the pessimistic reading).
 */

export interface Usage {
  invocations: number
  reads: number
  writes: number
  transactions: number
  storage: number
  messagesSent: number
  /** subscribeMessage.send answered with an error (43101 and the like): a call, no message. */
  messagesRefused: number
}

export interface UsageReport extends Usage {
  /** DB requests of each wire action, all functions together. */
  readonly byWireAction: Record<string, number>
  /** fn → action (or `timer:<trigger>`) → usage. */
  readonly byFunction: Record<string, Record<string, Usage>>
}

const READS = new Set(['database.getDocument', 'database.calculateDocument', 'database.aggregateDocuments'])
const TRANSACTIONS = new Set([
  'database.startTransaction',
  'database.commitTransaction',
  'database.abortTransaction',
])

export const OUTSIDE = '(outside)'

const zero = (): Usage => ({
  invocations: 0,
  reads: 0,
  writes: 0,
  transactions: 0,
  storage: 0,
  messagesSent: 0,
  messagesRefused: 0,
})

/** The action label of an event: its `action`, or `timer:<TriggerName>` for a timer event. */
export function labelOf(event: unknown): string {
  const e = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>
  if (e.Type === 'Timer') return `timer:${String(e.TriggerName ?? '')}`
  return typeof e.action === 'string' && e.action ? e.action.slice(0, 64) : '(no action)'
}

export class UsageMeter {
  private readonly cells = new Map<string, Usage>()
  private readonly wire = new Map<string, number>()

  private cell(fn: string | undefined, label: string | undefined): Usage {
    const key = `${fn ?? OUTSIDE}\u0000${fn ? (label ?? '') : ''}`
    let c = this.cells.get(key)
    if (!c) this.cells.set(key, (c = zero()))
    return c
  }

  invocation(fn: string, label: string): void {
    this.cell(fn, label).invocations++
  }

  /** One request to /admin (`database.*`, `storage.*`; others are ignored). */
  request(from: { fn: string; label: string } | undefined, action: string): void {
    if (action.startsWith('database.')) {
      const c = this.cell(from?.fn, from?.label)
      if (READS.has(action)) c.reads++
      else if (TRANSACTIONS.has(action)) c.transactions++
      else c.writes++
      this.wire.set(action, (this.wire.get(action) ?? 0) + 1)
    } else if (action.startsWith('storage.')) {
      this.cell(from?.fn, from?.label).storage++
      this.wire.set(action, (this.wire.get(action) ?? 0) + 1)
    }
  }

  message(from: { fn: string; label: string } | undefined, sent: boolean): void {
    const c = this.cell(from?.fn, from?.label)
    if (sent) c.messagesSent++
    else c.messagesRefused++
  }

  report(): UsageReport {
    const total = zero()
    const byFunction: Record<string, Record<string, Usage>> = {}
    for (const [key, c] of this.cells) {
      const [fn, label] = key.split('\u0000')
      ;(byFunction[fn] ??= {})[label || '(all)'] = { ...c }
      for (const k of Object.keys(total) as (keyof Usage)[]) total[k] += c[k]
    }
    return { ...total, byWireAction: Object.fromEntries(this.wire), byFunction }
  }

  /** What happened between an earlier report and now. */
  since(before: UsageReport): UsageReport {
    return diff(this.report(), before)
  }

  reset(): void {
    this.cells.clear()
    this.wire.clear()
  }
}

export function diff(after: UsageReport, before: UsageReport): UsageReport {
  const sub = (a: Usage, b: Usage | undefined): Usage => {
    const out = zero()
    for (const k of Object.keys(out) as (keyof Usage)[]) out[k] = a[k] - (b?.[k] ?? 0)
    return out
  }
  const byFunction: Record<string, Record<string, Usage>> = {}
  for (const [fn, labels] of Object.entries(after.byFunction))
    for (const [label, u] of Object.entries(labels)) {
      const d = sub(u, before.byFunction[fn]?.[label])
      if (Object.values(d).some((v) => v !== 0)) (byFunction[fn] ??= {})[label] = d
    }
  const byWireAction: Record<string, number> = {}
  for (const [a, n] of Object.entries(after.byWireAction)) {
    const d = n - (before.byWireAction[a] ?? 0)
    if (d) byWireAction[a] = d
  }
  return { ...sub(after, before), byWireAction, byFunction }
}
