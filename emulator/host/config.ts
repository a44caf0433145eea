/**
 * A function's `config.json` as CloudBase reads it: timeout (seconds), memory (MB) and timer triggers.
 * Unknown keys (permissions, envVariables…) are kept and ignored.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'

export const TimerTrigger = z.object({
  name: z.string().min(1),
  type: z.literal('timer'),
  /** 7-field CloudBase cron: second minute hour day month weekday year. */
  config: z.string().min(1),
})
export type TimerTrigger = z.infer<typeof TimerTrigger>

export const FunctionConfig = z
  .object({
    /** Seconds; CloudBase's default is 3. */
    timeout: z.number().positive().max(900).default(3),
    /** MB; CloudBase's default is 256. */
    memorySize: z.number().int().min(64).max(3072).default(256),
    triggers: z.array(z.union([TimerTrigger, z.object({ type: z.string() }).loose()])).default([]),
    envVariables: z.record(z.string(), z.string()).default({}),
  })
  .loose()
export type FunctionConfig = z.infer<typeof FunctionConfig>

/** A built function on disk: `dir/index.js` plus `dir/config.json`. */
export interface FunctionSpec {
  readonly name: string
  readonly dir: string
}

export function readFunctionConfig(dir: string): FunctionConfig {
  const file = join(dir, 'config.json')
  const raw: unknown = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {}
  const parsed = FunctionConfig.safeParse(raw)
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  return parsed.data
}

/** Per config object: a config is never changed in place (FunctionHost.register replaces it). */
const timerTriggersCache = new WeakMap<FunctionConfig, readonly TimerTrigger[]>()

/** The timer triggers of a config (computed once per config object; the scheduler asks every tick). */
export function timerTriggers(cfg: FunctionConfig): readonly TimerTrigger[] {
  let triggers = timerTriggersCache.get(cfg)
  if (triggers === undefined) {
    triggers = cfg.triggers.filter((t): t is TimerTrigger => TimerTrigger.safeParse(t).success)
    timerTriggersCache.set(cfg, triggers)
  }
  return triggers
}
