/**
 * Learning from the work itself, on the whole demo data: 刘洋 fails and then passes the 居住证办理 quiz, the
 * tip changes and he is asked to re-take it, the coverage page names the gaps per window, and his five window
 * dimensions have a value each.
 */
import type { PerformanceOutput } from '../../../types/reports'
import type { ItemDetail } from '../../../types/bookings'
import { SEED_ITEMS } from '../../../emulator/seed/bookings-items'
import { generateQuiz, quizPool } from '../../../cloudfunctions/bookings/rules/learning'
import { ok, startTestCloud, type TestCloud } from '../../helpers/localCloud'

jest.setTimeout(180_000)
const CLERK = 'demo-clerk-liu'
const JZZ = 'item-juzhuzheng'
let t: TestCloud
beforeAll(async () => {
  t = await startTestCloud({ seed: true })
}, 120_000)
afterAll(() => t?.stop())

const call = (action: string, input: object = {}, openid = CLERK) =>
  t.call<never>('bookings', { action, ...input }, openid)
type Path = {
  lines: { id: string; state: string; highFrequency: boolean }[]
  total: number
  certified: number
}
type Quiz = {
  seed: number
  version: number
  questions: { prompt: string; options: string[] }[]
  passMark: number
}
type Result = { passed: boolean; correct: number; total: number }
type Coverage = {
  windows: { window: number; name: string; covered: number; of: number; gaps: string[] }[]
  unstaffed: number[]
  promiseKept: boolean
  items: { id: string; certified: string[]; retake: string[] }[]
}
async function requests(fn: () => Promise<unknown>): Promise<number> {
  t.cloud.database.resetRequestCounts()
  await fn()
  return Object.values(t.cloud.database.requestCounts()).reduce((a, b) => a + b, 0)
}

test('quiz → certified; a new tip version → re-take; coverage per window; clerk dimensions without nulls', async () => {
  let path = ok<Path>(await call('learningPath'))
  expect(path.lines.find((l) => l.id === JZZ)?.state).toBe('new')
  const firstLow = path.lines.findIndex((l) => !l.highFrequency)
  expect(path.lines.slice(firstLow).every((l) => !l.highFrequency)).toBe(true)
  expect(await requests(() => call('learningPath'))).toBeLessThanOrEqual(3)

  const quiz = ok<Quiz>(await call('quiz', { itemId: JZZ }))
  const item = SEED_ITEMS.find((i) => i.id === JZZ)!
  const expected = generateQuiz(item, quizPool(SEED_ITEMS), quiz.seed)
  expect(quiz.questions).toEqual(expected.map(({ kind, prompt, options }) => ({ kind, prompt, options })))
  const right = expected.map((q) => q.answer)
  const wrong = expected.map((q) => (q.answer + 1) % q.options.length)

  const base = { itemId: JZZ, version: quiz.version, seed: quiz.seed }
  const failed = ok<Result>(
    await call('submitQuiz', { ...base, answers: wrong, clientRequestId: 'quiz-try-0001' }),
  )
  expect(failed).toMatchObject({ passed: false, correct: 0 })
  expect(ok<Path>(await call('learningPath')).lines.find((l) => l.id === JZZ)?.state).toBe('new')

  const submit = { ...base, answers: right, clientRequestId: 'quiz-try-0002' }
  expect(ok<Result>(await call('submitQuiz', submit))).toMatchObject({ passed: true, correct: right.length })
  // The same request again records one attempt.
  ok(await call('submitQuiz', submit))
  const attempts = await t.cloud.database.find('quizAttempts', { openid: CLERK })
  expect(attempts).toHaveLength(2)
  path = ok<Path>(await call('learningPath'))
  expect(path.lines.find((l) => l.id === JZZ)?.state).toBe('certified')
  expect(path.total).toBe(0)

  let cov = ok<Coverage>(await call('coverage'))
  expect(cov.windows.map((w) => [w.window, w.name])).toEqual([
    [1, '刘洋'],
    [2, '赵敏'],
    [3, '孙强'],
  ])
  expect(cov.windows[0].gaps).toEqual([])
  expect(cov.windows[1].gaps.length).toBeGreaterThan(0)
  expect(cov.unstaffed).toEqual([4, 5, 6, 7, 8])
  expect(cov.promiseKept).toBe(false)

  // The tip changes: the certification lapses and the clerk is asked to re-take the quiz.
  const cur = ok<ItemDetail>(await call('item', { id: JZZ }))
  const { id: _id, ...fields } = item
  void _id
  ok(
    await call('saveItem', {
      id: JZZ,
      expectedVersion: cur.version,
      fields: { ...fields, fees: '首次办理免费；补领工本费10元' },
    }),
  )
  path = ok<Path>(await call('learningPath'))
  expect(path.lines.find((l) => l.id === JZZ)?.state).toBe('retake')
  expect(path.total).toBe(1)
  const stale = await call('submitQuiz', { ...submit, clientRequestId: 'quiz-try-0003' })
  expect(stale.ok ? 'ok' : stale.error?.code).toBe('CONFLICT')
  cov = ok<Coverage>(await call('coverage'))
  expect(cov.windows[0].gaps).toEqual(['居住证办理'])
  expect(cov.items.find((i) => i.id === JZZ)).toMatchObject({
    retake: expect.arrayContaining(['刘洋', '孙强']),
  })

  // Another center's clerk or a resident cannot see the page.
  expect((await call('coverage', {}, 'demo-resident-wang')).error?.code).toBe('FORBIDDEN')

  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
  const from = new Date(Date.now() + 8 * 3_600_000 - 59 * 86_400_000).toISOString().slice(0, 10)
  const perf = ok<PerformanceOutput>(
    await t.call('reports', { action: 'performance', from, to: today }, 'demo-officer-zhao'),
  )
  const liu = perf.staff.find((s) => s.openid === CLERK)
  expect(liu?.window).toBeDefined()
  const values = Object.values(liu!.window!).flatMap((d) => Object.values(d))
  expect(values.length).toBe(7)
  for (const v of values) expect(v).not.toBeNull()
  expect(liu!.window!.value.weightedCases).toBeGreaterThan(liu!.window!.quantity.casesFinished / 2)
})
