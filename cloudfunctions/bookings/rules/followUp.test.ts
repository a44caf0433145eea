import { followUp, type FollowUpCert, type FollowUpVisit } from './followUp'

const DAY = 86_400_000
const CERT_AT = new Date('2026-06-01T02:00:00Z')
const day = (n: number) => new Date(CERT_AT.getTime() + n * DAY)
const cert = (over: Partial<FollowUpCert> = {}): FollowUpCert => ({
  openid: 'clerk-a',
  name: '刘洋',
  itemId: 'item-x',
  itemName: '居住证办理',
  certifiedAt: CERT_AT,
  ...over,
})
const visit = (d: number, done: boolean, over: Partial<FollowUpVisit> = {}): FollowUpVisit => ({
  clerk: 'clerk-a',
  itemIds: ['item-x'],
  openid: `r-${d}`,
  done,
  finishedAt: day(d),
  ...over,
})

describe('followUp', () => {
  test('splits visits into the 90 days before and the first one and three months after certification', () => {
    const visits = [
      visit(-100, false), // older than the baseline: not counted
      visit(-60, true),
      visit(-30, false),
      visit(-1, true),
      visit(0, true), // the moment of certification belongs to "after"
      visit(29, false),
      visit(45, true),
      visit(89, true),
      visit(90, false), // past three months
    ]
    const [row] = followUp([cert()], visits, day(200))
    expect(row.before).toMatchObject({ visits: 3, notDone: 1, notDoneRate: 0.333, complete: true })
    expect(row.month1).toMatchObject({ visits: 2, notDone: 1, notDoneRate: 0.5 })
    expect(row.month3).toMatchObject({ visits: 4, notDone: 1, notDoneRate: 0.25, complete: true })
  })

  test('a resident coming back for the same item within 15 days is a repeat visit of the first one', () => {
    const visits = [
      visit(-20, true, { openid: 'wang' }),
      visit(-10, true, { openid: 'wang', clerk: 'clerk-b' }), // back after 10 days, another clerk served
      visit(-5, true, { openid: 'li' }),
      visit(20, true, { openid: 'li' }), // back after 25 days: not a repeat
      visit(-3, true, { openid: 'zhang', itemIds: ['item-y'] }), // another item
      visit(-2, true, { openid: 'zhang' }),
      visit(-1, true, { openid: undefined }), // walk-in: cannot be recognised
      visit(1, true, { openid: undefined }),
    ]
    const [row] = followUp([cert()], visits, day(200))
    // clerk-a's own visits before: wang -20 (came back), li -5, zhang -2, walk-in -1
    expect(row.before).toMatchObject({ visits: 4, repeats: 1, notDone: 0, failed: 1, repeatRate: 0.25 })
    expect(row.month1).toMatchObject({ visits: 2, repeats: 0 })
  })

  test('未办结 followed by a repeat is one failed visit, not two', () => {
    const visits = [visit(-10, false, { openid: 'wang' }), visit(-8, true, { openid: 'wang' })]
    const [row] = followUp([cert()], visits, day(1))
    expect(row.before).toMatchObject({ visits: 2, notDone: 1, repeats: 1, failed: 1, failureRate: 0.5 })
  })

  test('flags a rising failure rate, and only with enough visits on both sides', () => {
    const before = [visit(-40, true), visit(-30, true), visit(-20, true), visit(-10, false)] // 25%
    const after = [visit(3, false), visit(5, true), visit(8, false)] // 67%
    const rows = followUp(
      [cert(), cert({ openid: 'clerk-b', name: '赵敏' })],
      [...before, ...after, ...after.map((v) => ({ ...v, clerk: 'clerk-b' }))],
      day(10),
    )
    const a = rows.find((r) => r.openid === 'clerk-a')!
    expect(a.rising).toBe(true)
    expect(a.rise).toBeCloseTo(0.417, 3)
    expect(a.month1.complete).toBe(false)
    // 赵敏 has no baseline before her certification: nothing to compare with, not flagged.
    const b = rows.find((r) => r.openid === 'clerk-b')!
    expect(b).toMatchObject({ rising: false, rise: null })
    expect(rows[0].openid).toBe('clerk-a')
  })

  test('a falling or flat rate is not flagged; a rise under 10 points is not either', () => {
    const before = [visit(-40, false), visit(-30, true), visit(-20, false), visit(-10, true)] // 50%
    const better = [visit(3, true), visit(5, true), visit(8, false)] // 33%
    expect(followUp([cert()], [...before, ...better], day(10))[0]).toMatchObject({ rising: false })
    // 6 of 11 = 54.5%: up 4.5 points, under the 10 that flag
    const slightly = [
      ...[10, 11, 12, 13, 14].map((d) => visit(d, true)),
      ...[15, 16, 17, 18, 19, 20].map((d) => visit(d, false)),
    ]
    expect(followUp([cert()], [...before, ...slightly], day(40))[0]).toMatchObject({
      rising: false,
      rise: 0.045,
    })
    const tenPoints = [visit(3, false), visit(5, true), visit(8, false), visit(9, true), visit(11, false)] // 60%
    expect(followUp([cert()], [...before, ...tenPoints], day(40))[0]).toMatchObject({
      rising: true,
      rise: 0.1,
    })
  })

  test('the three-month window can flag what the first month did not', () => {
    const before = [visit(-40, true), visit(-30, true), visit(-20, true), visit(-10, true)] // 0%
    const month1 = [visit(2, true), visit(4, true)] // 2 visits: too few to judge
    const later = [visit(40, false), visit(50, false)]
    const row = followUp([cert()], [...before, ...month1, ...later], day(100))[0]
    expect(row.month1.visits).toBe(2)
    expect(row.month3).toMatchObject({ visits: 4, failureRate: 0.5 })
    expect(row).toMatchObject({ rising: true, rise: 0.5 })
  })

  test('visits after now are not counted (a clock skew cannot invent failures)', () => {
    const row = followUp([cert()], [visit(5, false), visit(15, false)], day(10))[0]
    expect(row.month1.visits).toBe(1)
  })
})
