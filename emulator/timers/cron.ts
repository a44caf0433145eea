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
  // WeChat's timer page reads weekday 0 as Monday, other CloudBase pages as Sunday: names only.
  if (/\d/.test(fields[5]))
    throw new Error(`定时触发器的星期字段不能写数字（请用 MON…SUN、* 或 ?）：${expression}`)
  const six = fields.slice(0, 6).join(' ').replace(/\?/g, '*')
  const years = yearRanges(fields[6])
  // Validate now, so a bad config.json fails when loaded instead of at the first tick.
  CronExpressionParser.parse(six, { tz: TZ })
  const step = (fromMs: number, dir: 'next' | 'prev'): number | undefined => {
    try {
      const it = CronExpressionParser.parse(six, { currentDate: new Date(fromMs), tz: TZ })
      return (dir === 'next' ? it.next() : it.prev()).getTime()
    } catch {
      return undefined
    }
  }
  // Occurrences in a year the year field excludes are skipped by jumping to the next allowed year, so a
  // trigger for 2099 costs a few steps, not a walk through every year in between.
  const walk = (fromMs: number, dir: 'next' | 'prev'): number | undefined => {
    let cursor = fromMs
    for (let i = 0; i < 50; i++) {
      const t = step(cursor, dir)
      if (t === undefined) return undefined
      const y = shanghaiYear(t)
      if (!years || years.some(([lo, hi]) => y >= lo && y <= hi)) return t
      if (dir === 'next') {
        const lo = Math.min(...years.map(([l]) => l).filter((l) => l > y))
        if (!Number.isFinite(lo)) return undefined
        cursor = startOfShanghaiYear(lo) - 1
      } else {
        const hi = Math.max(...years.map(([, h]) => h).filter((h) => h < y))
        if (!Number.isFinite(hi)) return undefined
        cursor = startOfShanghaiYear(hi + 1)
      }
    }
    return undefined
  }
  return {
    expression,
    latestAtOrBefore: (atMs) => walk(atMs + 1, 'prev'),
    nextAfter: (afterMs) => walk(afterMs, 'next'),
  }
}

const shanghaiYear = (ms: number): number => new Date(ms + SHANGHAI_OFFSET_MS).getUTCFullYear()
const startOfShanghaiYear = (year: number): number => Date.UTC(year, 0, 1) - SHANGHAI_OFFSET_MS

/** Allowed years as inclusive ranges; undefined for `*`. */
function yearRanges(field: string): Array<[number, number]> | undefined {
  if (field === '*') return undefined
  return field.split(',').map((part): [number, number] => {
    const range = /^(\d{4})-(\d{4})$/.exec(part)
    if (range) return [Number(range[1]), Number(range[2])]
    if (/^\d{4}$/.test(part)) return [Number(part), Number(part)]
    throw new Error(`cron 年份字段无法识别：${field}`)
  })
}
