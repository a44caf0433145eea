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
