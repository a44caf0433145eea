import fc from 'fast-check'
import { DemandChannel, TransferDestination } from '../../../types/demands'
import { countEvents } from './counters'
import { NOW, source } from '../../../tests/fixtures/reports'
import { addDays, daysOf } from './period'
import { flatten, ratesOf, sumTotals } from './totals'

const range = { from: '2026-10-05', to: '2026-10-09' }
const total = (unit: string, r = range) =>
  sumTotals([...(countEvents(source, r, NOW).get(unit)?.values() ?? [])])

describe('countEvents', () => {
  test('counts each event on its own business day', () => {
    const days = countEvents(source, range, NOW).get('c1')!
    // 10-05: D1, D2 submitted; D1 replied in 6 h, D2 resolved in 2 h at the first reply; one visit, one talent.
    expect(flatten(days.get('2026-10-05')!)).toEqual({
      'demands.submitted': 2,
      // No channel recorded reads as the mini-program.
      'demands.byChannel.miniProgram': 2,
      'demands.byCategory.环境卫生.byChannel.miniProgram': 1,
      'demands.byCategory.噪声扰民.byChannel.miniProgram': 1,
      'demands.responded': 2,
      'demands.respondedIn24h': 2,
      'demands.answeredAtOnce': 1,
      'demands.resolved': 1,
      'demands.byCategory.环境卫生.submitted': 1,
      'demands.byCategory.环境卫生.responded': 1,
      'demands.byCategory.环境卫生.respondedIn24h': 1,
      'demands.byCategory.噪声扰民.submitted': 1,
      'demands.byCategory.噪声扰民.responded': 1,
      'demands.byCategory.噪声扰民.respondedIn24h': 1,
      'demands.byCategory.噪声扰民.answeredAtOnce': 1,
      'demands.byCategory.噪声扰民.resolved': 1,
      'visits.done': 1,
      'visits.byMode.home': 1,
      'visits.talentsFound': 1,
    })
    // 10-07: D5 submitted and answered in 1 h; D3 answered 2 h after its deadline, D4 never: two response
    // overdues; D1 resolved and rated 满意; D3 escalated.
    expect(flatten(days.get('2026-10-07')!)).toEqual({
      'demands.submitted': 1,
      'demands.byChannel.miniProgram': 1,
      'demands.byCategory.邻里纠纷.byChannel.miniProgram': 1,
      'demands.responded': 2,
      'demands.respondedIn24h': 1,
      'demands.responseOverdue': 2,
      'demands.overdue': 2,
      'demands.resolved': 1,
      'demands.rated': 1,
      'demands.satisfaction.satisfied': 1,
      'demands.escalated': 1,
      'demands.byCategory.邻里纠纷.submitted': 1,
      'demands.byCategory.邻里纠纷.responded': 1,
      'demands.byCategory.邻里纠纷.respondedIn24h': 1,
      'demands.byCategory.环境卫生.responded': 1,
      'demands.byCategory.环境卫生.responseOverdue': 1,
      'demands.byCategory.环境卫生.overdue': 1,
      'demands.byCategory.环境卫生.resolved': 1,
      'demands.byCategory.环境卫生.rated': 1,
      'demands.byCategory.环境卫生.satisfaction.satisfied': 1,
      'demands.byCategory.环境卫生.escalated': 1,
      'demands.byCategory.公共设施.responseOverdue': 1,
      'demands.byCategory.公共设施.overdue': 1,
    })
    // 10-09: D3 resolved after its escalation; v3 (class C, 09-25) falls due.
    expect(flatten(days.get('2026-10-09')!)).toEqual({
      'demands.resolved': 1,
      'demands.escalationsResolved': 1,
      'demands.byCategory.环境卫生.resolved': 1,
      'demands.byCategory.环境卫生.escalationsResolved': 1,
      'visits.due': 1,
    })
  })

  test('period totals and the three rates, by hand', () => {
    const t = total('c1')
    expect(t.demands).toEqual({
      submitted: 5,
      responded: 4,
      respondedIn24h: 3,
      answeredAtOnce: 1,
      responseOverdue: 2,
      toMeeting: 0,
      escalated: 1,
      duplicate: 0,
      microMatter: 0,
      resolved: 4,
      rejected: 1,
      escalationsResolved: 1,
      resolutionOverdue: 1,
      overdue: 3,
      autoEscalated: 0,
      rated: 3,
      'satisfaction.satisfied': 1,
      'satisfaction.basic': 1,
      'satisfaction.dissatisfied': 1,
      reopened: 1,
      transferred: 0,
      ...Object.fromEntries(TransferDestination.options.map((d) => [`transferredTo.${d}`, 0])),
      ...Object.fromEntries(DemandChannel.options.map((c) => [`byChannel.${c}`, 0])),
      'byChannel.miniProgram': 5,
    })
    expect(t.visits).toEqual({
      done: 2,
      'byMode.home': 1,
      'byMode.online': 1,
      'byMode.phone': 0,
      onlineAnswered: 0,
      talentsFound: 1,
      due: 1,
    })
    const r = ratesOf(t)
    expect(r.responseRate).toBeCloseTo(3 / 5)
    expect(r.resolutionRate).toBeCloseTo(4 / 5)
    expect(r.satisfactionRate).toBeCloseTo(2 / 3)
    expect(r.visitRate).toBe(2)
  })

  test('window work counts under the service center', () => {
    expect(total('sc').bookings).toEqual({
      booked: 2,
      served: 2,
      notDone: 0,
      noShow: 1,
      walkIn: 1,
      ratings: 2,
      ratingSum: 7,
      ratedGood: 1,
    })
    expect(ratesOf(total('sc')).windowSatisfactionRate).toBe(0.5)
  })

  test('a deadline that has not come yet is not overdue', () => {
    // At 10-08 08:00 D4's resolution deadline (09:00) is still ahead.
    const early = sumTotals([
      ...countEvents(source, range, new Date('2026-10-08T00:00:00Z')).get('c1')!.values(),
    ])
    expect(early.demands.resolutionOverdue).toBe(0)
    expect(total('c1').demands.resolutionOverdue).toBe(1)
  })

  test('splitting a range anywhere gives the same totals (no event counted twice or lost)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 30 }), (cut) => {
        const wide = { from: '2026-09-15', to: '2026-10-15' }
        const mid = addDays(wide.from, cut)
        const a = total('c1', { from: wide.from, to: mid })
        const b = total('c1', { from: addDays(mid, 1), to: wide.to })
        expect(flatten(sumTotals([a, b]))).toEqual(flatten(total('c1', wide)))
        expect(daysOf(wide)).toHaveLength(31)
      }),
      { numRuns: 20 },
    )
  })
})
