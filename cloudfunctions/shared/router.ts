/**
 * Every cloud function is an action router built here: parse `{ action, ...input }` with the action's zod
 * schema, identify the caller from the platform context only (never the event body), check the one policy
 * table, run the handler with `now`, deliver the messages it wrote, and answer with the result envelope.
 * Unexpected errors become INTERNAL with a requestId; the stack stays in the log.
 *
 * Delivery: every message an invocation writes to `messages` is written claimed by it and sent before it
 * answers (shared/data/written.ts, outbox/public.ts `deliverWritten`), within SEND_NOW_BUDGET_MS for an
 * action and TIMER_SEND_BUDGET_MS for a timer run; whatever is left is sent by the `outbox` sweep once its
 * claim runs out. Also when the handler fails after a write committed: that message belongs to a change
 * that happened.
 */
import { z } from 'zod'
import { zhCN } from 'zod/locales'
import type { Result } from '../../types/common'
import type { ActionSpec, Contract } from '../../types/contract'
import { grantFor, resolveScope, type FunctionName } from '../../types/policy'
import type { Role, Scope } from '../../types/roles'
import { cloud, db, _, type Command, type Database } from './cloud'
import { loadCaller, type Caller } from './caller'
import { collectingWrites, storeOf, type Store } from './data'
import { deliverWritten, SEND_NOW_BUDGET_MS, TIMER_SEND_BUDGET_MS } from '../outbox/public'
import { now as clockNow } from './clock'
import { AppError, forbidden, fromZodError, notFound } from './errors'
import { newId } from './ids'
import { FUNCTION_SETTINGS } from '../functions'
import { logLine } from './log'

z.config(zhCN())

export interface Ctx {
  readonly fn: FunctionName
  readonly action: string
  readonly requestId: string
  readonly now: Date
  readonly caller: Caller
  /** The role the policy matched for this call, and how far it reaches. */
  readonly role: Role
  readonly scope: Scope
  /** The typed repositories of every collection (`ctx.store.demands.get(id)`). */
  readonly store: Store
  readonly db: Database
  readonly _: Command
  readonly cloud: typeof cloud
}

/** Work that only the platform starts (timer triggers): no caller, no policy. */
export interface TimerCtx {
  readonly fn: FunctionName
  readonly trigger: string
  readonly requestId: string
  readonly now: Date
  readonly store: Store
  readonly db: Database
  readonly _: Command
  readonly cloud: typeof cloud
}

/**
 * The one shape of an action's handler: the parsed input of its contract entry in, its output out.
 * Write `export const submit: Handler<typeof demandsContract.submit> = async (input, ctx) => …`.
 */
export type Handler<S extends ActionSpec> = (
  input: z.output<S['input']>,
  ctx: Ctx,
) => Promise<z.output<S['output']>>
export type Handlers<C extends Contract> = { readonly [A in keyof C]: Handler<C[A]> }
export type TimerHandlers = Readonly<Record<string, (ctx: TimerCtx) => Promise<unknown>>>

interface TimerEvent {
  Type: 'Timer'
  TriggerName: string
  Time?: string
}
const isTimerEvent = (e: unknown): e is TimerEvent =>
  typeof e === 'object' && e !== null && (e as { Type?: unknown }).Type === 'Timer'

const EventShape = z.object({ action: z.string().min(1).max(64) }).loose()

// Outputs are checked against the contract where the local host asks for it (tests, dev), so a handler
// that drifts from types/ fails loudly there and costs nothing deployed.
const validateOutput = () => process.env.LINLI_VALIDATE_OUTPUT === '1'

export interface FunctionDefinition<C extends Contract> {
  readonly name: FunctionName
  readonly contract: C
  readonly handlers: Handlers<C>
  readonly timers?: TimerHandlers
}

export type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>

export function defineFunction<C extends Contract>(
  def: FunctionDefinition<C>,
): Main & { definition: FunctionDefinition<C> } {
  const main = async (event: unknown, context?: unknown): Promise<Result<unknown>> => {
    const requestId = contextRequestId(context) ?? newId()
    const started = Date.now()
    const wx = cloud.getWXContext()
    const openid = typeof wx.OPENID === 'string' && wx.OPENID ? wx.OPENID : undefined

    if (isTimerEvent(event)) {
      // A timer event carries no caller; one that arrives with an OPENID came from a client, not a trigger.
      // Deployed, CloudBase's trigger is the only other source; locally the host marks the scheduler's own
      // invocations with TRIGGER_SRC=timer (as the platform's runtime does), which no HTTP caller can set.
      const forged = process.env.LINLI_LOCAL_CLOUD === '1' && process.env.TRIGGER_SRC !== 'timer'
      if (openid || forged) return fail('FORBIDDEN', '您没有权限进行这项操作', requestId)
      return runTimer(def, event.TriggerName, requestId, started)
    }

    let actionName = '(unknown)'
    try {
      const shape = EventShape.safeParse(event)
      if (!shape.success)
        throw new AppError('INVALID_INPUT', '请求格式不正确：缺少 action', {
          issues: [{ path: 'action', message: '缺少 action' }],
        })
      actionName = shape.data.action
      const spec = Object.prototype.hasOwnProperty.call(def.contract, actionName)
        ? def.contract[actionName]
        : undefined
      const grant = grantFor(def.name, actionName)
      if (!spec || !grant) throw notFound(`没有这项操作：${actionName}`)
      if (!openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开后再试')

      // Who may call comes before what was sent: a caller without a grant learns nothing of the input schema
      // from a validation error. The lookup depends only on the grant, so moving it costs no request.
      const caller = await loadCaller(db, openid, grant)
      const match = resolveScope(grant, caller.roles)
      if (!match) throw forbidden()

      const { action: _ignored, ...rawInput } = shape.data
      const parsed = spec.input.safeParse(rawInput)
      if (!parsed.success) throw fromZodError(parsed.error)

      const handler = def.handlers[actionName as keyof C]
      const ctx: Ctx = {
        fn: def.name,
        action: actionName,
        requestId,
        now: clockNow(),
        caller,
        role: match.role,
        scope: match.scope,
        store: storeOf(db),
        db,
        _,
        cloud,
      }
      const run = await collectingWrites(requestId, ctx.now, () => handler(parsed.data as never, ctx))
      await deliverWritten(ctx, run.written, sendBudget(def.name, started, SEND_NOW_BUDGET_MS))
      if ('error' in run) throw run.error
      const data = run.result
      if (validateOutput()) {
        const out = spec.output.safeParse(data)
        if (!out.success) {
          logLine('error', {
            requestId,
            fn: def.name,
            action: actionName,
            outcome: 'bad-output',
            issue: out.error.issues[0]?.message,
            path: out.error.issues[0]?.path.join('.'),
          })
          throw new Error(`output of ${def.name}.${actionName} does not match its contract`)
        }
      }
      logLine('info', {
        requestId,
        fn: def.name,
        action: actionName,
        role: match.role,
        durationMs: Date.now() - started,
        outcome: 'ok',
      })
      return { ok: true, data }
    } catch (err) {
      if (err instanceof AppError) {
        logLine('info', {
          requestId,
          fn: def.name,
          action: actionName,
          durationMs: Date.now() - started,
          outcome: err.code,
        })
        return { ok: false, error: { code: err.code, message: err.message, details: err.details, requestId } }
      }
      logLine('error', {
        requestId,
        fn: def.name,
        action: actionName,
        durationMs: Date.now() - started,
        outcome: 'INTERNAL',
        error: errorText(err),
      })
      return fail('INTERNAL', '系统开小差了，请稍后再试', requestId)
    }
  }
  return Object.assign(main, { definition: def })
}

async function runTimer<C extends Contract>(
  def: FunctionDefinition<C>,
  trigger: string,
  requestId: string,
  started: number,
): Promise<Result<unknown>> {
  const timer = def.timers?.[trigger]
  if (!timer) return fail('NOT_FOUND', `没有这个定时任务：${trigger}`, requestId)
  try {
    const ctx: TimerCtx = {
      fn: def.name,
      trigger,
      requestId,
      now: clockNow(),
      store: storeOf(db),
      db,
      _,
      cloud,
    }
    const run = await collectingWrites(requestId, ctx.now, () => timer(ctx))
    await deliverWritten(ctx, run.written, sendBudget(def.name, started, TIMER_SEND_BUDGET_MS))
    if ('error' in run) throw run.error
    const data = run.result
    logLine('info', { requestId, fn: def.name, trigger, durationMs: Date.now() - started, outcome: 'ok' })
    return { ok: true, data }
  } catch (err) {
    logLine('error', {
      requestId,
      fn: def.name,
      trigger,
      durationMs: Date.now() - started,
      outcome: 'INTERNAL',
      error: errorText(err),
    })
    return fail('INTERNAL', '定时任务执行失败', requestId)
  }
}

/** Time left for sending: at most `max`, and never into the last 3 s before the function's timeout. */
function sendBudget(fn: FunctionName, started: number, max: number): number {
  const end = started + FUNCTION_SETTINGS[fn].timeout * 1000 - 3_000
  return Math.max(0, Math.min(max, end - Date.now()))
}

function fail(
  code: 'FORBIDDEN' | 'NOT_FOUND' | 'INTERNAL',
  message: string,
  requestId: string,
): Result<never> {
  return { ok: false, error: { code, message, requestId } }
}

function contextRequestId(context: unknown): string | undefined {
  const id = (context as { request_id?: unknown; requestId?: unknown } | undefined)?.request_id
  return typeof id === 'string' && id ? id : undefined
}

function errorText(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`.slice(0, 500)
  return String(err).slice(0, 500)
}
