import fc from 'fast-check'
import { addHours, alertPlan, deadlines, dueState, isDueSoon, isOverdue } from './sla'

const t0 = new Date('2026-11-23T02:00:00Z')

describe('deadlines', () => {
  it('gives 24 hours for the first response and the category hours for resolution', () => {
    const d = deadlines('noise', t0)
    expect(d.firstResponseDueAt).toEqual(addHours(t0, 24))
    expect(d.resolutionDueAt).toEqual(addHours(t0, 72))
  })
  it('makes an urgent safety case due in 2 hours, response included', () => {
    const d = deadlines('safety', t0)
    expect(d.firstResponseDueAt).toEqual(addHours(t0, 2))
    expect(d.resolutionDueAt).toEqual(addHours(t0, 2))
  })
})

describe('dueState', () => {
  const base = { firstResponseDueAt: addHours(t0, 24), resolutionDueAt: addHours(t0, 168) }
  it('works against the response deadline until the first response', () => {
    expect(dueState({ ...base, status: 'pending' })).toEqual({
      dueAt: addHours(t0, 24),
      dueStage: 'response',
      nextAlertAt: addHours(t0, 22),
    })
  })
  it('then against the resolution deadline', () => {
    const s = dueState({ ...base, status: 'in_progress', firstRespondedAt: addHours(t0, 3) })
    expect(s.dueStage).toBe('resolution')
    expect(s.dueAt).toEqual(addHours(t0, 168))
  })
  it('has no deadline once concluded', () => {
    expect(dueState({ ...base, status: 'resolved' })).toEqual({
      dueAt: null,
      dueStage: null,
      nextAlertAt: null,
    })
  })
})

describe('overdue and due soon', () => {
  const due = addHours(t0, 24)
  it('counts only open cases past their deadline as overdue', () => {
    expect(isOverdue('pending', due, addHours(t0, 25))).toBe(true)
    expect(isOverdue('resolved', due, addHours(t0, 25))).toBe(false)
    expect(isOverdue('pending', due, addHours(t0, 23))).toBe(false)
  })
  it('flags the two hours before the deadline as due soon', () => {
    expect(isDueSoon('pending', due, addHours(t0, 22.5))).toBe(true)
    expect(isDueSoon('pending', due, addHours(t0, 21))).toBe(false)
    expect(isDueSoon('pending', due, addHours(t0, 24.1))).toBe(false)
  })
})

describe('alertPlan', () => {
  const doc = { status: 'pending' as const, dueAt: addHours(t0, 24), dueStage: 'response' as const, cycle: 1 }
  it('sends due-soon two hours before, overdue at the deadline, escalation a day later', () => {
    expect(alertPlan(doc, addHours(t0, 23))!.alerts.map((a) => a.kind)).toEqual(['dueSoon'])
    expect(alertPlan(doc, addHours(t0, 25))!.alerts.map((a) => a.kind)).toEqual(['overdue'])
    expect(alertPlan(doc, addHours(t0, 49))!.alerts.map((a) => a.kind)).toEqual(['overdue', 'escalate'])
    expect(alertPlan(doc, addHours(t0, 10))!.alerts).toEqual([])
  })
  it('never plans an alert the case already carries', () => {
    const p = alertPlan({ ...doc, alerts: ['1:response:overdue'] }, addHours(t0, 25))!
    expect(p.alerts).toEqual([])
    expect(p.nextAlertAt).toEqual(addHours(t0, 48))
  })
  it('plans each kind at most once however often and whenever the scan runs (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 24 * 6 }), { minLength: 1, maxLength: 30 }), (hours) => {
        const sorted = [...hours].sort((a, b) => a - b)
        const alerts: string[] = []
        for (const h of sorted) {
          const p = alertPlan({ ...doc, alerts }, addHours(t0, h))!
          alerts.push(...p.alerts.map((a) => a.mark))
        }
        expect(new Set(alerts).size).toBe(alerts.length)
        // An overdue alert is never skipped once the deadline has passed during a scan.
        if (sorted[sorted.length - 1] >= 24) expect(alerts).toContain('1:response:overdue')
      }),
    )
  })
  it('ignores concluded cases', () => {
    expect(alertPlan({ ...doc, status: 'resolved' }, addHours(t0, 30))).toBeNull()
  })
})
