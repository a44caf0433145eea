/**
 * CloudBase timer cron: 7 fields `second minute hour day month weekday year`, evaluated in Asia/Shanghai.
 * The first six go to cron-parser; the year field (`*`, `2026`, `2026-2028`, `2026,2030`) filters its answers.
 */
import { CronExpressionParser } from 'cron-parser'

const TZ = 'Asia/Shanghai'
const SHANGHAI_OFFSET_MS = 8 * 3600_000 // no daylight saving since 1991

export interface CronSchedule {
  readonly expression: string
  /** The latest occurrence at or before `atMs`, if any. */
  latestAtOrBefore(atMs: number): number | undefined
  /** The first occurrence strictly after `afterMs`, if any. */
  nextAfter(afterMs: number): number | undefined
}

export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/)
  if (fields.length !== 7)
    throw new Error(`定时触发器的 cron 应有 7 个字段（秒 分 时 日 月 星期 年）：${expression}`)
  const six = fields.slice(0, 6).join(' ')
  const yearOk = yearFilter(fields[6])
  // Validate now, so a bad config.json fails when loaded instead of at the first tick.
  CronExpressionParser.parse(six, { tz: TZ })
  const shanghaiYear = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear()
  const walk = (fromMs: number, dir: 'next' | 'prev'): number | undefined => {
    const it = CronExpressionParser.parse(six, { currentDate: new Date(fromMs), tz: TZ })
    for (let i = 0; i < 5000; i++) {
      let t: number
      try {
        t = (dir === 'next' ? it.next() : it.prev()).getTime()
      } catch {
        return undefined
      }
      if (yearOk(shanghaiYear(t))) return t
    }
    return undefined
  }
  return {
    expression,
    latestAtOrBefore: (atMs) => walk(atMs + 1, 'prev'),
    nextAfter: (afterMs) => walk(afterMs, 'next'),
  }
}

function yearFilter(field: string): (year: number) => boolean {
  if (field === '*') return () => true
  const tests = field.split(',').map((part) => {
    const range = /^(\d{4})-(\d{4})$/.exec(part)
    if (range) return (y: number) => y >= Number(range[1]) && y <= Number(range[2])
    if (/^\d{4}$/.test(part)) return (y: number) => y === Number(part)
    throw new Error(`cron 年份字段无法识别：${field}`)
  })
  return (y) => tests.some((t) => t(y))
}
