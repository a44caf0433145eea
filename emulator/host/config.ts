/**
 * What the local cloud knows about a built function, from the same places the real deployment reads:
 * `config.json` beside the bundle (as a WeChat DevTools upload reads it: `triggers` and `permissions`, nothing
 * else) and the runtime settings of cloudfunctions/functions.ts (timeout, memory, environment variable names —
 * what the build writes into cloudbaserc.json for the CloudBase CLI).
 *
 * Whatever the cloud would refuse is refused here when the function is registered, that is when the local
 * cloud starts, with a message naming the file and the fix: more than one trigger, a digit in the weekday
 * field, a cron the platform cannot read, a config.json key the platform does not read, a timeout past 60 s.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_S,
  FUNCTION_SETTINGS,
  MAX_TIMEOUT_S,
  MEMORY_SIZES,
} from '../../cloudfunctions/functions'
import { parseCron } from '../timers/cron'

export interface TimerTrigger {
  readonly name: string
  readonly type: 'timer'
  /** 7-field CloudBase cron: second minute hour day month weekday year. */
  readonly config: string
}

/** Runtime settings of one function (cloudbaserc.json's, not config.json's). */
export interface RuntimeSettings {
  /** Seconds; the platform's default is 3. */
  readonly timeout?: number
  /** MB; the platform's default is 256. */
  readonly memorySize?: number
  /** Names of environment variables; the local cloud passes the values it has in its own environment. */
  readonly envVariables?: readonly string[]
}

export interface FunctionConfig {
  /** Seconds. */
  readonly timeout: number
  /** MB. */
  readonly memorySize: number
  readonly triggers: readonly TimerTrigger[]
  readonly openapi: readonly string[]
  readonly envVariables: Readonly<Record<string, string>>
}

/** A built function on disk: `dir/index.js` plus `dir/config.json`. */
export interface FunctionSpec {
  readonly name: string
  readonly dir: string
  /**
   * Its runtime settings. Default: the product's entry in cloudfunctions/functions.ts, or the platform's
   * defaults (3 s, 256 MB) for a function that has none (test fixtures).
   */
  readonly settings?: RuntimeSettings
}

const WEEKDAY_FIX = '星期字段请写 MON…SUN（如 MON、MON-FRI、SAT,SUN）或 * / ?，不要写数字'

/** config.json keys the platform reads; anything else is ignored by an upload and refused here. */
const ConfigJson = z.strictObject({
  triggers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        type: z.literal('timer'),
        config: z.string().min(1),
      }),
    )
    .optional(),
  permissions: z.strictObject({ openapi: z.array(z.string()).optional() }).optional(),
})

const Settings = z.object({
  timeout: z.number().positive().max(MAX_TIMEOUT_S).optional(),
  memorySize: z
    .number()
    .refine((n) => (MEMORY_SIZES as readonly number[]).includes(n))
    .optional(),
  envVariables: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/)).optional(),
})

/** The settings the product declares for a function name, if it is one of the product's. */
export function productSettings(name: string): RuntimeSettings | undefined {
  return Object.hasOwn(FUNCTION_SETTINGS, name)
    ? FUNCTION_SETTINGS[name as keyof typeof FUNCTION_SETTINGS]
    : undefined
}

/**
 * Reads and checks a function's config.json and settings. Throws, in words a deployer can act on, whatever
 * the cloud would refuse or silently ignore.
 */
export function readFunctionConfig(spec: FunctionSpec): FunctionConfig {
  const file = join(spec.dir, 'config.json')
  const where = `云函数 ${spec.name} 的 ${file}`
  const fromSource = productSettings(spec.name)
    ? '（它由 cloudfunctions/functions.ts 生成，请改那里后重新构建）'
    : ''
  let raw: unknown = {}
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      throw new Error(`${where} 不是合法的 JSON：${(err as Error).message}`)
    }
  }
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const extra = Object.keys(raw).filter((k) => k !== 'triggers' && k !== 'permissions')
    if (extra.length)
      throw new Error(
        `${where} 里有云开发不读取的字段：${extra.join('、')}。config.json 只认 triggers 和 permissions；` +
          `超时、内存、环境变量要写进 cloudbaserc.json（在 cloudfunctions/functions.ts 里设置）${fromSource}`,
      )
  }
  const parsed = ConfigJson.safeParse(raw)
  if (!parsed.success)
    throw new Error(
      `${where} 格式不对：${parsed.error.issues.map((i) => `${i.path.join('.') || '(整个文件)'}: ${i.message}`).join('；')}${fromSource}`,
    )
  const triggers = parsed.data.triggers ?? []
  if (triggers.length > 1)
    throw new Error(
      `${where} 有 ${triggers.length} 个定时触发器（${triggers.map((t) => t.name).join('、')}），` +
        `云开发每个函数只允许 1 个：请只留一个触发器，在函数里按时间分派各项任务，或拆成多个函数${fromSource}`,
    )
  for (const t of triggers) {
    const weekday = t.config.trim().split(/\s+/)[5]
    if (weekday !== undefined && /\d/.test(weekday))
      throw new Error(
        `${where} 的定时触发器 ${t.name}（${t.config}）星期字段写了数字「${weekday}」：` +
          `微信文档里 0 是星期一，其他云开发文档里 0 是星期日，部署后可能差一天。${WEEKDAY_FIX}${fromSource}`,
      )
    try {
      parseCron(t.config)
    } catch (err) {
      throw new Error(
        `${where} 的定时触发器 ${t.name} 的 cron 无法识别：${(err as Error).message}。` +
          `应为 7 个字段：秒 分 时 日 月 星期 年，如 "0 0 8 * * * *"${fromSource}`,
      )
    }
  }

  const settings = Settings.safeParse(spec.settings ?? productSettings(spec.name) ?? {})
  if (!settings.success)
    throw new Error(
      `云函数 ${spec.name} 的运行设置（cloudfunctions/functions.ts）不对：` +
        `${settings.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('；')}。` +
        `超时最长 ${MAX_TIMEOUT_S} 秒，内存只能是 ${MEMORY_SIZES.join('/')} MB`,
    )
  const envVariables: Record<string, string> = {}
  for (const name of settings.data.envVariables ?? []) {
    const value = process.env[name]
    if (value !== undefined) envVariables[name] = value
  }
  return {
    timeout: settings.data.timeout ?? DEFAULT_TIMEOUT_S,
    memorySize: settings.data.memorySize ?? DEFAULT_MEMORY_MB,
    triggers: triggers.map((t) => ({ name: t.name, type: 'timer', config: t.config })),
    openapi: parsed.data.permissions?.openapi ?? [],
    envVariables,
  }
}

/** The timer triggers of a config (at most one, once it is read). */
export function timerTriggers(cfg: FunctionConfig): readonly TimerTrigger[] {
  return cfg.triggers
}
