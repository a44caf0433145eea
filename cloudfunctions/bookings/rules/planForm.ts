/**
 * The working plan as the clerk edits it (a row per weekday) and as it is stored (working weekdays, the
 * standard hours, and only the weekdays that differ from them), so code that reads `plan.open`/`windows`
 * keeps working and a center without weekday hours reads exactly as before.
 */
import type { PlanForm, ServiceCenterDoc, WorkingPlan } from '../../../types/bookings'
import { hoursOn } from './plan'

type CenterPlan = Pick<ServiceCenterDoc, 'plan' | 'closures' | 'extraWorkdays'>

export function formOf(center: CenterPlan): PlanForm {
  const plan = center.plan
  return {
    week: Array.from({ length: 7 }, (_, weekday) => {
      const h = hoursOn(plan, weekday)
      return { open: plan.weekdays.includes(weekday), start: h.open, end: h.close, windows: h.windows }
    }),
    lunch: plan.lunch ?? null,
    slotMinutes: plan.slotMinutes,
    walkInReserve: plan.walkInReserve ?? 0,
    minNoticeMinutes: plan.minNoticeMinutes,
    closures: [...center.closures].sort((a, b) => a.date.localeCompare(b.date)),
    extraWorkdays: [...center.extraWorkdays].sort(),
  }
}

/**
 * The stored plan of a form. The standard hours are the ones most working days share (Monday first on a
 * tie); a day off keeps no hours of its own.
 */
export function planOf(form: PlanForm): Pick<ServiceCenterDoc, 'plan' | 'closures' | 'extraWorkdays'> {
  const order = [1, 2, 3, 4, 5, 6, 0]
  const working = order.filter((d) => form.week[d].open)
  const key = (d: number) => `${form.week[d].start}-${form.week[d].end}-${form.week[d].windows}`
  const tally = new Map<string, number>()
  for (const d of working) tally.set(key(d), (tally.get(key(d)) ?? 0) + 1)
  const standard = working.reduce((best, d) =>
    (tally.get(key(d)) ?? 0) > (tally.get(key(best)) ?? 0) ? d : best,
  )
  const std = form.week[standard]
  const plan: WorkingPlan = {
    weekdays: [...working].sort((a, b) => a - b),
    open: std.start,
    close: std.end,
    windows: std.windows,
    slotMinutes: form.slotMinutes,
    minNoticeMinutes: form.minNoticeMinutes,
    walkInReserve: form.walkInReserve,
    days: working
      .filter((d) => key(d) !== key(standard))
      .sort((a, b) => a - b)
      .map((d) => ({
        weekday: d,
        open: form.week[d].start,
        close: form.week[d].end,
        windows: form.week[d].windows,
      })),
  }
  if (form.lunch) plan.lunch = form.lunch
  return {
    plan,
    closures: [...form.closures].sort((a, b) => a.date.localeCompare(b.date)),
    extraWorkdays: [...new Set(form.extraWorkdays)].sort(),
  }
}
