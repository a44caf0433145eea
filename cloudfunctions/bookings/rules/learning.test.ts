import { MATERIAL_FORM_LABEL } from '../../../types/bookings'
import { SEED_ITEMS } from '../../../emulator/seed/bookings-items'
import {
  generateQuiz,
  learningOrder,
  learningState,
  passMarkOf,
  quizPool,
  quizSeed,
  scoreQuiz,
  windowCoverage,
  type GeneratedQuestion,
  type QuizItem,
} from './learning'

/** The options of `q` that the item's own data makes true, judged independently of the generator. */
function trueOptions(item: QuizItem, q: GeneratedQuestion): string[] {
  const names = new Set(item.materials.map((m) => m.name))
  const named = (prompt: string) => {
    const name = /」时，「(.+)」要带/.exec(prompt)?.[1]
    return item.materials.filter((m) => m.name === name)
  }
  switch (q.kind) {
    case 'material':
      return q.options.filter((o) => names.has(o))
    case 'form':
      return q.options.filter((o) => named(q.prompt).some((m) => MATERIAL_FORM_LABEL[m.form] === o))
    case 'count':
      return q.options.filter((o) => named(q.prompt).some((m) => `${m.count}份` === o))
    case 'eligibility':
      return q.options.filter((o) => item.eligibility.includes(o))
    case 'online':
      return q.options.filter((o) => o.startsWith('能') === (item.onlineUrl !== ''))
    case 'processingTime':
      return q.options.filter((o) => o === item.processingTime)
    case 'fees':
      return q.options.filter((o) => o === item.fees)
    case 'cityWide':
      return q.options.filter((o) => o.startsWith('是') === item.cityWide)
  }
}

describe('quizzes generated from the work tips', () => {
  const pool = quizPool(SEED_ITEMS)

  test.each(SEED_ITEMS.map((i) => [i.name, i] as const))(
    '%s: every question has exactly one right answer, drawn from the item',
    (_name, item) => {
      for (const seed of [1, 42, 20260101, 987654321]) {
        const quiz = generateQuiz(item, pool, seed)
        expect(quiz.length).toBeGreaterThanOrEqual(5)
        for (const q of quiz) {
          expect(new Set(q.options).size).toBe(q.options.length)
          expect(q.options.length).toBeGreaterThanOrEqual(2)
          const right = trueOptions(item, q)
          expect({ prompt: q.prompt, right }).toEqual({ prompt: q.prompt, right: [q.options[q.answer]] })
        }
      }
    },
  )

  test('the same seed gives the same quiz; another seed another one', () => {
    const item = SEED_ITEMS.find((i) => i.id === 'item-juzhuzheng')!
    expect(generateQuiz(item, pool, 7)).toEqual(generateQuiz(item, pool, 7))
    const a = JSON.stringify(generateQuiz(item, pool, 7))
    expect([8, 9, 10].some((s) => JSON.stringify(generateQuiz(item, pool, s)) !== a)).toBe(true)
  })

  test('covers materials, form and count in the quizzes of an item', () => {
    const item = SEED_ITEMS.find((i) => i.id === 'item-juzhuzheng')!
    const kinds = new Set([1, 2, 3, 4, 5, 6].flatMap((s) => generateQuiz(item, pool, s).map((q) => q.kind)))
    for (const k of ['material', 'form', 'count', 'eligibility', 'online', 'processingTime'] as const)
      expect(kinds).toContain(k)
  })

  test('a lone item with no pool still gets three options from the fixed wordings', () => {
    const item = SEED_ITEMS[0]
    const quiz = generateQuiz(item, quizPool([item]), 3)
    for (const q of quiz) if (q.kind === 'material') expect(q.options).toHaveLength(3)
  })

  test('scoring: all right passes, 80% rounded up is the mark, a missing answer is wrong', () => {
    const quiz = generateQuiz(SEED_ITEMS[0], pool, 5)
    const right = quiz.map((q) => q.answer)
    expect(scoreQuiz(quiz, right).passed).toBe(true)
    expect(passMarkOf(6)).toBe(5)
    const oneWrong = right.map((a, i) => (i === 0 ? (a + 1) % quiz[0].options.length : a))
    expect(scoreQuiz(quiz, oneWrong)).toMatchObject({
      correct: quiz.length - 1,
      passed: quiz.length - 1 >= passMarkOf(quiz.length),
    })
    const twoMissing = right.slice(0, quiz.length - 2)
    expect(scoreQuiz(quiz, twoMissing).passed).toBe(false)
  })

  test('seeds differ by clerk and time', () => {
    const now = new Date('2026-03-02T02:00:00Z')
    expect(quizSeed(now, 'a')).not.toBe(quizSeed(now, 'b'))
    expect(quizSeed(now, 'a')).not.toBe(quizSeed(new Date(now.getTime() + 1000), 'a'))
    expect(quizSeed(now, 'a')).toBeGreaterThanOrEqual(0)
  })
})

describe('certification and the learning path', () => {
  test('a new tip version turns a certification into a retake', () => {
    expect(learningState(undefined, 1)).toBe('new')
    expect(learningState({ version: 2 }, 2)).toBe('certified')
    expect(learningState({ version: 2 }, 3)).toBe('retake')
  })

  test('high-frequency first, then the large category (by its cases), then the busier item', () => {
    const order = learningOrder([
      { id: 'a', category: '小类', highFrequency: false, count: 900, pinyin: 'a' },
      { id: 'b', category: '社保', highFrequency: true, count: 600, pinyin: 'b' },
      { id: 'c', category: '户籍', highFrequency: true, count: 700, pinyin: 'c' },
      { id: 'd', category: '社保', highFrequency: true, count: 650, pinyin: 'd' },
      { id: 'e', category: '社保', highFrequency: false, count: 10, pinyin: 'e' },
    ])
    expect(order.map((i) => i.id)).toEqual(['d', 'b', 'c', 'e', 'a'])
  })

  test('coverage names each window’s gaps and keeps the promise only without gaps', () => {
    const hf = [
      { id: 'x', name: '居住证办理', version: 2 },
      { id: 'y', name: '医保报销', version: 1 },
    ]
    const seats = [
      { window: 2, openid: 'b', name: '赵敏' },
      { window: 1, openid: 'a', name: '刘洋' },
    ]
    const certs = [
      { openid: 'a', itemId: 'x', version: 2 },
      { openid: 'a', itemId: 'y', version: 1 },
      { openid: 'b', itemId: 'x', version: 1 },
    ]
    const res = windowCoverage(seats, hf, certs)
    expect(res.windows.map((w) => [w.window, w.covered, w.gaps])).toEqual([
      [1, 2, []],
      [2, 0, ['居住证办理', '医保报销']],
    ])
    expect(res.promiseKept).toBe(false)
    expect(windowCoverage(seats.slice(1), hf, certs).promiseKept).toBe(true)
    expect(windowCoverage([], hf, certs).promiseKept).toBe(false)
  })
})
