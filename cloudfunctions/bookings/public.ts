/**
 * The bookings context's public face: everything code outside `cloudfunctions/bookings/` may use of it.
 * Other contexts, the demo data and the benches import this module only; the actions, rules, loaders and
 * timers behind it are free to change shape as long as what is exported here keeps its meaning.
 *
 * - demo data (emulator/seed/bookings.ts): the working-plan rules that lay out slots and closures, the
 *   booking number and day-guard id, the search initials and the lesson wording, and the Asia/Shanghai
 *   calendar helpers, so seeded slots, bookings and tips are what the function would have written.
 */
export { bookingNumber, guardId } from './rules/booking'
export { isHighFrequency, lessonText } from './rules/items'
export { searchInitials } from './rules/pinyin'
export { dayStatus, planSlots, slotTimes } from './rules/plan'
export { addDays, instantOf, localDate, weekdayOf, yearOf } from './rules/time'
