/**
 * Deployment settings of every cloud function, written once. The build (cloudfunctions/build.ts) turns them
 * into each function's `config.json` (what a WeChat DevTools upload reads: `triggers`, `permissions`) and
 * into `dist/cloudbaserc.json` (what the CloudBase CLI reads: runtime, timeout, memory, environment
 * variable names, triggers); the local cloud's function host (emulator/host/config.ts) takes timeout and
 * memory from here too, so the limits a test runs under are the ones the deployment sets.
 *
 * Timeouts, and how we know each long job fits (bench/RESULTS.md, 2 cores):
 * - reports 60 s (the console's maximum): the hourly tick runs at most one digest kind plus the recount or an
 *   export sweep per run; at 200k demands the daily digest took 0.8 s, the recount 3–4 s (21.7 s under a load
 *   average of 10), a 50,000-row export 6.5 s. Each job stops starting new work past its budget
 *   (TICK_BUDGET_MS in reports/index.ts) and is resumed by the next run.
 * - outbox 20 s: the relay stops starting batches after 8 s (BUDGET_MS in outbox/relay.ts; 7,007 alerts were
 *   handed over by runs of at most 8 s), the sweep after 8 s (outbox/deliver.ts), and a claimed message's
 *   lease (60 s) outlives the timeout.
 * - every function: the messages an invocation wrote are sent before it answers, within 1.5 s (an action) or
 *   8 s (a timer run) and never into the last 3 s before the timeout (router.ts).
 * - demands 20 s: the hourly SLA scan works in batches of 500 and marks each alert on its demand in the same
 *   transaction, so a run cut short is finished by the next hour's.
 * - the rest 20 s: user-facing calls, with room for a cold start.
 */
import { TemplateKey } from '../types/messages'
import type { FunctionName } from '../types/policy'

/**
 * The Node runtime CloudBase runs the functions on (one the console offers). The bundle's syntax target and
 * the function package.json's `engines` are derived from it, so the three cannot drift apart.
 */
export const RUNTIME = 'Nodejs16.13'
/** esbuild `target` for RUNTIME. */
export const NODE_TARGET = 'node16'
/** `engines.node` of each deployed function's package.json, for RUNTIME. */
export const NODE_ENGINES = '>=16.13'

/** The platform's default when nothing is set (console); the CLI's own default is 5 s, so we always set it. */
export const DEFAULT_TIMEOUT_S = 3
/** The console's maximum. */
export const MAX_TIMEOUT_S = 60
export const DEFAULT_MEMORY_MB = 256
/** Memory sizes the console offers (MB). */
export const MEMORY_SIZES = [128, 256, 512, 1024, 2048] as const
export type MemorySize = (typeof MEMORY_SIZES)[number]

/** A timer trigger: 7-field cron (second minute hour day month weekday year), Beijing time. */
export interface TimerSpec {
  readonly name: string
  /** Weekday as `MON`…`SUN`, `*` or `?`, never a digit (docs/platform-rules.md §1.3). */
  readonly cron: string
}

export interface FunctionSettings {
  /** Seconds, at most MAX_TIMEOUT_S. */
  readonly timeout: number
  readonly memorySize?: MemorySize
  /** The platform allows one trigger per function; the type allows no more. */
  readonly timer?: TimerSpec
  /** Open-API calls the function makes (`permissions.openapi` in config.json). */
  readonly openapi: readonly string[]
  /** Names of the environment variables it reads; values come from the deployer at deploy time. */
  readonly envVariables: readonly string[]
  /**
   * The HTTP access service path (HTTP 访问服务触发路径) the function is reached at, when it serves plain HTTP
   * as well as `callFunction`. Created once per environment: `tcb service create -p <path> -f <name>`.
   */
  readonly httpPath?: string
}

const TEMPLATE_VARIABLES = TemplateKey.options.map((k) => `LINLI_TEMPLATE_${k}`)
/**
 * Every function that writes a message sends it itself before it answers (shared/router.ts), so each needs
 * the send permission, the template ids and the mini-program state the message opens.
 */
const SEND = 'subscribeMessage.send'
const SENDER_VARIABLES = [...TEMPLATE_VARIABLES, 'LINLI_MINIPROGRAM_STATE']

export const FUNCTION_SETTINGS: Readonly<Record<FunctionName, FunctionSettings>> = {
  community: {
    // An import works through its households in slices of at most IMPORT_SLICE_MS (community/importer.ts),
    // polled by the officer's page, so a file of any size fits this timeout.
    timeout: 20,
    // Reading and writing .xlsx (imports and their template); a 5,000-row file is a few MB in memory.
    memorySize: 512,
    // The QR posters (二维码海报) of committees and buildings.
    openapi: ['wxacode.getUnlimited', SEND],
    // Template ids: subscribe records grants by id and publishNotice counts them. The setup secret guards
    // the first-run bootstrap. The mini-program state picks which version a QR code opens.
    envVariables: [...TEMPLATE_VARIABLES, 'LINLI_SETUP_SECRET', 'LINLI_MINIPROGRAM_STATE'],
  },
  demands: {
    timeout: 20,
    timer: { name: 'slaScan', cron: '0 0 * * * * *' },
    openapi: ['security.msgSecCheck', SEND],
    envVariables: SENDER_VARIABLES,
  },
  bookings: {
    timeout: 20,
    // Every half hour: plan changes reach the booked residents within 30 minutes; 18:00 also sends
    // tomorrow's reminders (bookings/timers.ts). 48 runs a day, one read each when no plan changed (every five
    // minutes it was 288, which alone put an idle day over its budget of 300 invocations).
    timer: { name: 'tick', cron: '0 */30 * * * * *' },
    // Every function sends the messages it writes before it answers (router.ts): the send, the template ids
    // and the mini-program state.
    openapi: [SEND],
    envVariables: SENDER_VARIABLES,
  },
  visits: {
    timeout: 20,
    timer: { name: 'dailyReminder', cron: '0 0 8 * * * *' },
    openapi: [SEND],
    envVariables: SENDER_VARIABLES,
  },
  reports: {
    timeout: 60,
    // The Excel writer and the word segmenter; a 50,000-row export added about 100 MiB at its peak.
    memorySize: 512,
    // One trigger: the hour decides which jobs are due (reports/rules/schedule.ts).
    timer: { name: 'hourly', cron: '0 0 * * * * *' },
    openapi: [SEND],
    envVariables: SENDER_VARIABLES,
  },
  outbox: {
    timeout: 20,
    // The sweep only: each invocation sends the messages it writes (router, outbox/public.ts), so this finds
    // what a killed or slow sender left and retries after errors. Every 10 minutes: 144 runs an idle day.
    timer: { name: 'deliver', cron: '0 */10 * * * * *' },
    openapi: [SEND],
    envVariables: SENDER_VARIABLES,
  },
  open311: {
    // Partner calls: a page of requests.json or one POST, each a handful of requests; no timer.
    timeout: 10,
    // GeoReport v2 partners call https://<env domain>/open311/v2/services.json …; the path the HTTP access
    // service passes on keeps this prefix, which the function's router strips.
    httpPath: '/open311',
    openapi: [],
    envVariables: [],
  },
}

/** config.json as the platform reads it: only `triggers` and `permissions`. */
export function configJson(s: FunctionSettings): {
  triggers: Array<{ name: string; type: 'timer'; config: string }>
  permissions: { openapi: string[] }
} {
  return {
    triggers: s.timer ? [{ name: s.timer.name, type: 'timer', config: s.timer.cron }] : [],
    permissions: { openapi: [...s.openapi] },
  }
}

/**
 * cloudbaserc.json for the CloudBase CLI (`tcb fn deploy --all` from dist/). Version 2.0 so that
 * `{{env.NAME}}` is filled in by the CLI from the `.env` / `.env.local` / `.env.<mode>` files next to it: the
 * deployer's values, never in the repository.
 */
export function cloudbaserc(): Record<string, unknown> {
  return {
    version: '2.0',
    envId: '{{env.LINLI_ENV_ID}}',
    functionRoot: './cloudfunctions',
    functions: (Object.keys(FUNCTION_SETTINGS) as FunctionName[]).map((name) => {
      const s = FUNCTION_SETTINGS[name]
      return {
        name,
        handler: 'index.main',
        runtime: RUNTIME,
        timeout: s.timeout,
        memorySize: s.memorySize ?? DEFAULT_MEMORY_MB,
        // wx-server-sdk and the function's own packages (reports: exceljs, jieba) are installed in the cloud.
        installDependency: true,
        envVariables: Object.fromEntries(s.envVariables.map((v) => [v, `{{env.${v}}}`])),
        triggers: configJson(s).triggers,
      }
    }),
  }
}
