import { ADMIN, BH, CLERK, source, t } from '../../../tests/fixtures/reports'
import { fiveDimensions, personScope, unitScope, windowDimensions, type WindowFacts } from './performance'

const range = { start: t('2026-10-05 00:00'), end: t('2026-10-10 00:00') }

describe('five dimensions', () => {
  test('a block head, by hand', () => {
    const p = fiveDimensions(source, range, personScope(BH))
    // Acted on D1 (reply, resolve), D2 (resolve twice), D5 (reply, reject); D4 never touched.
    expect(p.quantity).toEqual({ demandsHandled: 3, visitsMade: 2, bookingsServed: 0 })
    // First replies: D1 6 h, D2 2 h (resolved at once), D5 1 h → median 2 h, all in 24 h, 1 of 3 at once.
    // Resolutions: D1 48 h, D2 2 h and 62 h → median 48 h.
    expect(p.efficiency).toEqual({
      medianFirstResponseHours: 2,
      answeredIn24hRate: 1,
      answeredAtOnceRate: 1 / 3,
      medianResolutionHours: 48,
    })
    expect(p.value).toEqual({ microMatters: 0, escalationsResolved: 0, talentsFound: 1 })
    // Ratings after their conclusions: D1 满意, D2 不满意 then 基本满意 → 2 of 3.
    expect(p.rating).toEqual({ demandSatisfactionRate: 2 / 3, windowSatisfactionRate: null })
    // Concluded D1, D2 ×2, D5 = 4; D2's first resolution was reopened → 1/4. Overdue: D4 (no reply by 10-07 09:00).
    expect(p.quality).toEqual({ reopenRate: 0.25, overdueCount: 1, rejectionsWithoutResearch: 0 })
  })

  test('the committee admin who escalated and resolved D3', () => {
    const p = fiveDimensions(source, range, personScope(ADMIN))
    expect(p.quantity.demandsHandled).toBe(1)
    expect(p.efficiency).toEqual({
      medianFirstResponseHours: 26,
      answeredIn24hRate: 0,
      answeredAtOnceRate: 0,
      medianResolutionHours: 72,
    })
    expect(p.value.escalationsResolved).toBe(1)
    expect(p.rating.demandSatisfactionRate).toBeNull()
    expect(p.quality).toEqual({ reopenRate: 0, overdueCount: 1, rejectionsWithoutResearch: 0 })
  })

  test('a window clerk: served bookings and the window rating', () => {
    const p = fiveDimensions(source, range, personScope(CLERK))
    expect(p.quantity).toEqual({ demandsHandled: 0, visitsMade: 0, bookingsServed: 2 })
    expect(p.rating.windowSatisfactionRate).toBe(0.5)
  })

  test('the committee row takes medians over all cases, not people', () => {
    const p = fiveDimensions({ ...source, bookings: [] }, range, unitScope)
    expect(p.quantity).toEqual({ demandsHandled: 4, visitsMade: 2, bookingsServed: 0 })
    // First replies 1, 2, 6, 26 h → median 4; resolutions 2, 48, 62, 72 h → median 55.
    expect(p.efficiency).toEqual({
      medianFirstResponseHours: 4,
      answeredIn24hRate: 0.75,
      answeredAtOnceRate: 0.25,
      medianResolutionHours: 55,
    })
    expect(p.value).toEqual({ microMatters: 0, escalationsResolved: 1, talentsFound: 1 })
    // Conclusions D1, D2 ×2, D3, D5 = 5, one reopened; overdue D3 (late reply) and D4.
    expect(p.quality).toEqual({ reopenRate: 0.2, overdueCount: 2, rejectionsWithoutResearch: 0 })
  })

  test('a rejection without an investigation record would show', () => {
    const d = {
      ...source.demands[4],
      actions: [{ at: t('2026-10-08 10:00'), by: BH, kind: 'reject' as const }],
    }
    const p = fiveDimensions({ ...source, demands: [d] }, range, personScope(BH))
    expect(p.quality.rejectionsWithoutResearch).toBe(1)
  })

  test('nothing outside the period counts', () => {
    const p = fiveDimensions(
      source,
      { start: t('2026-11-01 00:00'), end: t('2026-12-01 00:00') },
      personScope(BH),
    )
    expect(p.quantity).toEqual({ demandsHandled: 0, visitsMade: 0, bookingsServed: 0 })
    expect(p.efficiency.medianFirstResponseHours).toBeNull()
    expect(p.quality.reopenRate).toBeNull()
  })
})

describe('a window clerk’s five dimensions', () => {
  const r = { start: t('2026-10-05 00:00'), end: t('2026-10-10 00:00') }
  const facts: WindowFacts = {
    cases: [
      // Served 居住证 (weight 3) in 20 min, rated 5.
      {
        clerk: 'liu',
        itemIds: ['jzz'],
        done: true,
        checkedInAt: t('2026-10-06 09:00'),
        finishedAt: t('2026-10-06 09:20'),
        rating: { at: t('2026-10-06 12:00'), stars: 5 },
      },
      // Served two items at once (weights 3 + unknown 1) in 10 min, rated 1: a complaint.
      {
        clerk: 'liu',
        itemIds: ['jzz', 'x'],
        done: true,
        checkedInAt: t('2026-10-07 09:00'),
        finishedAt: t('2026-10-07 09:10'),
        rating: { at: t('2026-10-07 12:00'), stars: 1 },
      },
      // 未办结 (missing material), 40 min: no value, counts for the not-done rate.
      {
        clerk: 'liu',
        itemIds: ['ybk'],
        done: false,
        checkedInAt: t('2026-10-08 09:00'),
        finishedAt: t('2026-10-08 09:40'),
      },
      // Before the period, and someone else's: not counted.
      {
        clerk: 'liu',
        itemIds: ['jzz'],
        done: true,
        checkedInAt: t('2026-10-01 09:00'),
        finishedAt: t('2026-10-01 09:20'),
      },
      {
        clerk: 'zhao',
        itemIds: ['jzz'],
        done: false,
        checkedInAt: t('2026-10-06 09:00'),
        finishedAt: t('2026-10-06 09:20'),
      },
    ],
    weights: new Map([
      ['jzz', 3],
      ['ybk', 2],
    ]),
    highFrequency: [
      { id: 'jzz', version: 2 },
      { id: 'ybk', version: 1 },
    ],
    // 居住证's tip moved to version 2 after 刘洋 passed version 1: that certification has lapsed.
    certifications: [
      { openid: 'liu', itemId: 'jzz', version: 1 },
      { openid: 'liu', itemId: 'ybk', version: 1 },
      { openid: 'zhao', itemId: 'jzz', version: 2 },
    ],
  }

  test('quantity, efficiency, value from item weights, rating and quality, by hand', () => {
    expect(windowDimensions(facts, r, 'liu')).toEqual({
      quantity: { casesFinished: 3 },
      efficiency: { medianMinutesAtWindow: 20 },
      value: { weightedCases: 3 + 3 + 1 },
      rating: { windowSatisfactionRate: 0.5 },
      quality: { notDoneRate: 1 / 3, complaintRate: 1 / 3, certificationCoverage: 0.5 },
    })
  })

  test('another clerk: not-done only, no ratings → that rate alone is null', () => {
    const z = windowDimensions(facts, r, 'zhao')
    expect(z.quantity.casesFinished).toBe(1)
    expect(z.value.weightedCases).toBe(0)
    expect(z.rating.windowSatisfactionRate).toBeNull()
    expect(z.quality).toEqual({ notDoneRate: 1, complaintRate: 0, certificationCoverage: 0.5 })
  })
})
