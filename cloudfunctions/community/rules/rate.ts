/**
 * Hourly allowances (每小时限额) for actions a person could repeat to harm others: publishing notices (every
 * follower is pushed) and trying invitation codes (guessing one makes the guesser staff). The window is the
 * clock hour, so its key and the time left in it follow from `now` alone.
 */

/** Notices an admin may publish in an hour: a committee posts a handful a day, a burst of 10 is plenty. */
export const MAX_NOTICES_PER_HOUR = 10
/** Codes a person may try in an hour: enough for typos, too few to guess an 8-character code. */
export const MAX_REDEEMS_PER_HOUR = 10

const HOUR_MS = 3_600_000

/** The hour `now` falls in (UTC hours; Beijing's offset is whole hours, so they are its hours too). */
export const hourWindow = (now: Date): string =>
  new Date(now.getTime() - (now.getTime() % HOUR_MS)).toISOString().slice(0, 13)

/** Whole minutes until the window of `now` ends, at least 1. */
export const minutesLeftInHour = (now: Date): number =>
  Math.max(1, Math.ceil((HOUR_MS - (now.getTime() % HOUR_MS)) / 60_000))

/** The refusal's words: when to try again, in minutes a person can act on. */
export const tooOften = (now: Date): string => `操作太频繁，请${minutesLeftInHour(now)}分钟后再试`

/**
 * Database requests a second a background run (the Excel import) may make: half of the basic plan's 30 a
 * second for the whole environment, so residents and staff keep the other half while a large file goes in.
 */
export const BACKGROUND_REQUESTS_PER_SECOND = 15

/** How long a background run waits before its next request so that `requests` in `elapsedMs` keep the pace. */
export const paceDelayMs = (
  requests: number,
  elapsedMs: number,
  perSecond = BACKGROUND_REQUESTS_PER_SECOND,
): number => Math.max(0, Math.ceil((requests * 1000) / perSecond - elapsedMs))
