/**
 * Timer triggers (定时触发器) of every function's config.json (at most one each; the host refuses more), fired on schedule against the local Clock, so
 * moving the clock forward (dev console, tests) makes due timers fire as they would in the cloud. Each tick
 * fires a trigger at most once — for the latest occurrence in (last tick, now] — so a clock jumped a week
 * ahead runs the hourly scan once, not 168 times. The event is the one CloudBase sends:
 * `{ Type: 'Timer', TriggerName, Time }`, with no caller (no WX_OPENID).
 */
import type { Clock } from '../clock'
import { timerTriggers, type TimerTrigger } from '../host/config'
import type { FunctionHost, InvokeOutcome } from '../host'
import { parseCron, type CronSchedule } from './cron'

export interface TimerFire {
  readonly fn: string
  readonly trigger: string
  readonly time: string
  readonly scheduled: boolean
  readonly ok: boolean
  readonly requestId: string
  readonly result?: unknown
  readonly error?: string
}

export interface TimerInfo {
  readonly fn: string
  readonly trigger: string
  readonly cron: string
  readonly next?: string
}

export interface TimerOptions {
  readonly host: FunctionHost
  readonly clock: Clock
  /** Fire on schedule (default true); false leaves only on-demand firing. */
  readonly schedule?: boolean
  readonly tickMs?: number
  readonly quiet?: boolean
}

export class TimerScheduler {
  private readonly schedules = new Map<string, CronSchedule | null>()
  /** Next due time per trigger, so a tick costs a comparison until something is due. */
  private readonly due = new Map<string, number | null>()
  private readonly fires: TimerFire[] = []
  private lastTick: number
  private timer?: NodeJS.Timeout
  private readonly inFlight = new Set<Promise<unknown>>()
  /** A simulated run of many fires (advance): one summary instead of a console line each. */
  private advancing = false

  constructor(private readonly opts: TimerOptions) {
    this.lastTick = opts.clock.now()
    if (opts.schedule !== false) this.start()
  }

  start(): void {
    if (this.timer) return
    this.lastTick = this.opts.clock.now()
    this.timer = setInterval(() => this.tick(), this.opts.tickMs ?? 250)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await Promise.allSettled([...this.inFlight])
  }

  list(): TimerInfo[] {
    const now = this.opts.clock.now()
    return this.triggers().map(({ fn, trigger }) => {
      const next = this.schedule(trigger.config)?.nextAfter(now)
      return {
        fn,
        trigger: trigger.name,
        cron: trigger.config,
        next: next === undefined ? undefined : iso(next),
      }
    })
  }

  history(limit = 100): TimerFire[] {
    return this.fires.slice(-limit).reverse()
  }

  /**
   * Fires now (dev console, tests): the function's timer trigger, or a timer event under another name — as a
   * test event sent from the CloudBase console would (`{ Type: 'Timer', TriggerName }`), for a function that
   * dispatches one trigger to several jobs and answers a job's own name with that job alone.
   */
  async fire(
    fn: string,
    triggerName?: string,
  ): Promise<{ fire: TimerFire; outcome: InvokeOutcome } | { error: string }> {
    if (!this.opts.host.config(fn)) return { error: `没有这个云函数：${fn}` }
    const trigger = this.triggers().find((t) => t.fn === fn)
    if (!trigger) return { error: `云函数 ${fn} 没有定时触发器` }
    return this.run(fn, triggerName ?? trigger.trigger.name, this.opts.clock.now(), false)
  }

  /**
   * Runs the clock forward to `toMs`, firing every occurrence of every trigger in between, in time order,
   * one at a time, each with the clock set to its scheduled moment (the simulated day behind
   * `POST /_dev/api/simulate`). Scheduled ticking pauses meanwhile, and afterwards resumes from `toMs`
   * without firing the skipped past again. Returns the fires, oldest first.
   */
  async advance(toMs: number): Promise<TimerFire[]> {
    const ticking = this.timer !== undefined
    if (this.timer) clearInterval(this.timer)
    this.timer = undefined
    await Promise.allSettled([...this.inFlight])
    const { clock } = this.opts
    const due: Array<{ at: number; fn: string; trigger: string }> = []
    for (const { fn, trigger } of this.triggers()) {
      const schedule = this.schedule(trigger.config)
      for (let at = schedule?.nextAfter(clock.now()); at !== undefined && at <= toMs;) {
        due.push({ at, fn, trigger: trigger.name })
        at = schedule?.nextAfter(at)
      }
    }
    due.sort((a, b) => a.at - b.at || a.fn.localeCompare(b.fn))
    const fired: TimerFire[] = []
    this.advancing = true
    try {
      for (const d of due) {
        if (d.at > clock.now()) clock.setOffset(d.at - Date.now())
        fired.push((await this.run(d.fn, d.trigger, d.at, true)).fire)
      }
      if (toMs > clock.now()) clock.setOffset(toMs - Date.now())
    } finally {
      this.advancing = false
      this.due.clear()
      this.lastTick = clock.now()
      if (ticking) this.start()
    }
    return fired
  }

  private tick(): void {
    const now = this.opts.clock.now()
    // The clock moved back (offset lowered): start over from here, fire nothing for the past.
    if (now < this.lastTick) this.due.clear()
    const since = Math.min(now, this.lastTick)
    this.lastTick = now
    for (const { fn, trigger } of this.triggers()) {
      const schedule = this.schedule(trigger.config)
      if (!schedule) continue
      const key = `${fn}\u0000${trigger.name}\u0000${trigger.config}`
      if (!this.due.has(key)) this.due.set(key, schedule.nextAfter(since) ?? null)
      const next = this.due.get(key)
      if (next === null || next === undefined || next > now) continue
      const at = schedule.latestAtOrBefore(now) ?? next
      this.due.set(key, schedule.nextAfter(now) ?? null)
      const p = this.run(fn, trigger.name, at, true)
      this.inFlight.add(p)
      void p.finally(() => this.inFlight.delete(p))
    }
  }

  private async run(fn: string, trigger: string, at: number, scheduled: boolean) {
    const time = iso(at)
    const outcome = await this.opts.host.invoke(
      fn,
      { Type: 'Timer', TriggerName: trigger, Time: time },
      { timer: true },
    )
    let result: unknown
    if (outcome.ok) {
      try {
        result = JSON.parse(outcome.json)
      } catch {
        result = outcome.json
      }
    }
    const fire: TimerFire = {
      fn,
      trigger,
      time,
      scheduled,
      ok: outcome.ok,
      requestId: outcome.requestId,
      result,
      error: outcome.ok ? undefined : outcome.message,
    }
    this.fires.push(fire)
    if (this.fires.length > 500) this.fires.splice(0, this.fires.length - 500)
    if (!this.opts.quiet && !this.advancing)
      console.log(
        `[timer] ${fn}/${trigger} at ${time} → ${outcome.ok ? 'ok' : outcome.reason} ${outcome.requestId}`,
      )
    return { fire, outcome }
  }

  private triggers(): Array<{ fn: string; trigger: TimerTrigger }> {
    const out: Array<{ fn: string; trigger: TimerTrigger }> = []
    for (const fn of this.opts.host.names()) {
      const cfg = this.opts.host.config(fn)
      if (cfg) for (const trigger of timerTriggers(cfg)) out.push({ fn, trigger })
    }
    return out
  }

  private schedule(expr: string): CronSchedule | undefined {
    let s = this.schedules.get(expr)
    if (s === undefined) {
      try {
        s = parseCron(expr)
      } catch (err) {
        // Reported once; the trigger stays off until the config is fixed.
        if (!this.opts.quiet) console.error(`[timer] ${(err as Error).message}`)
        s = null
      }
      this.schedules.set(expr, s)
    }
    return s ?? undefined
  }
}

/** CloudBase sends whole seconds: `2026-01-01T19:00:00Z`. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
