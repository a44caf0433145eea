import { demandFlow } from '../../../types/reports'
import { flatten, median, totalsOf, diff, ratesOf, emptyTotals } from './totals'

describe('totals', () => {
  test('reads a stored day document with nested dotted counters', () => {
    const t = totalsOf({
      demands: {
        submitted: 3,
        satisfaction: { basic: 2 },
        byCategory: { noise: { submitted: 2, satisfaction: { basic: 1 } } },
      },
      bookings: { ratings: 2, ratedGood: 1 },
      visits: { byMode: { phone: 4 }, junk: 'x' },
    })
    expect(flatten(t)).toEqual({
      'demands.submitted': 3,
      'demands.satisfaction.basic': 2,
      'demands.byCategory.noise.submitted': 2,
      'demands.byCategory.noise.satisfaction.basic': 1,
      'bookings.ratings': 2,
      'bookings.ratedGood': 1,
      'visits.byMode.phone': 4,
    })
    expect(ratesOf(t).windowSatisfactionRate).toBe(0.5)
    expect(ratesOf(emptyTotals())).toEqual({
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
      windowSatisfactionRate: null,
      visitRate: null,
    })
  })
  test('diff names each counter that drifted', () => {
    expect(
      diff(
        totalsOf({ demands: { submitted: 3, resolved: 1 } }),
        totalsOf({ demands: { submitted: 4, resolved: 1, rated: 1 } }),
      ),
    ).toEqual({
      'demands.submitted': [3, 4],
      'demands.rated': [0, 1],
    })
  })
  test('median', () => {
    expect(median([])).toBeNull()
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
  })
})

describe('demandFlow', () => {
  test('answered at once, escalated, transferred by destination and new demands by channel', () => {
    const t = totalsOf({
      demands: {
        submitted: 5,
        answeredAtOnce: 2,
        escalated: 1,
        transferred: 3,
        transferredTo: { urban: 2, colleague: 1 },
        byChannel: { miniProgram: 3, hotline12345: 1, phone: 1 },
      },
    })
    expect(demandFlow(t)).toEqual({
      submitted: 5,
      answeredAtOnce: 2,
      escalated: 1,
      transferred: 3,
      transferredTo: { urban: 2, colleague: 1 },
      byChannel: { miniProgram: 3, phone: 1, hotline12345: 1 },
    })
  })
})
