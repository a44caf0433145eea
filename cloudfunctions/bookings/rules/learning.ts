/**
 * Learning from the work itself (以学促干): the learning path's order, quizzes generated from an item's own
 * tip, scoring, certification state and the comprehensive-window coverage. No question is written by hand:
 * each comes from a field of the item (materials, their form and count, conditions, online, time, fees, city-wide),
 * and the wrong options from other items of the center or from fixed wordings that cannot be right.
 */
import {
  MATERIAL_FORM_LABEL,
  type ItemFields,
  type LearningState,
  type MaterialForm,
  type QuestionKind,
  type QuizQuestion,
} from '../../../types/bookings'

/** A question with its right option, as generated and re-generated on the server. */
export interface GeneratedQuestion extends QuizQuestion {
  readonly answer: number
}

/** Deterministic RNG (mulberry32): the same seed gives the same quiz when it is answered. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function shuffle<T>(xs: readonly T[], rnd: () => number): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out
}

/** Other items' wordings, the wrong options' first source. */
export interface QuizPool {
  readonly materials: readonly string[]
  readonly eligibility: readonly string[]
  readonly processingTimes: readonly string[]
  readonly fees: readonly string[]
}

export type QuizItem = Pick<
  ItemFields,
  'name' | 'materials' | 'eligibility' | 'onlineUrl' | 'processingTime' | 'fees' | 'cityWide'
>

export function quizPool(items: readonly QuizItem[]): QuizPool {
  // Sorted: the database returns the items in no promised order, and the quiz must regenerate identically.
  const uniq = (xs: string[]) => [...new Set(xs.map((x) => x.trim()).filter(Boolean))].sort()
  return {
    materials: uniq(items.flatMap((i) => i.materials.map((m) => m.name))),
    eligibility: uniq(items.flatMap((i) => i.eligibility)),
    processingTimes: uniq(items.map((i) => i.processingTime)),
    fees: uniq(items.map((i) => i.fees)),
  }
}

/** Wordings no item's right answer uses, so a small center still gets three options. */
const FALLBACK: Record<'materials' | 'eligibility' | 'processingTimes' | 'fees', readonly string[]> = {
  materials: ['结婚证', '不动产权证书', '学历证书', '驾驶证', '护照'],
  eligibility: ['年满80周岁', '本市户籍满10年', '名下无机动车', '持有残疾人证'],
  processingTimes: ['即时办结', '3个工作日', '30个工作日', '60个工作日'],
  fees: ['工本费50元', '每份10元', '按面积收费', '押金100元'],
}

/** Passing mark: 80% of the questions, rounded up. */
export const passMarkOf = (total: number): number => Math.ceil(total * 0.8)

/** At most this many questions per quiz, so it fits a short break at the window. */
export const QUIZ_SIZE = 6

function choice(
  kind: QuestionKind,
  prompt: string,
  right: string,
  wrong: readonly string[],
  rnd: () => number,
  wrongCount = 2,
): GeneratedQuestion | null {
  const distinct = [...new Set(wrong)].filter((w) => w !== right)
  if (distinct.length === 0) return null
  const options = shuffle([right, ...shuffle(distinct, rnd).slice(0, wrongCount)], rnd)
  return { kind, prompt, options, answer: options.indexOf(right) }
}

/**
 * A quiz on one item: candidate questions from every field of the tip, then a random choice of them in a
 * random order, each with shuffled options. `pool` is the center's wordings (the item's own included: they
 * are filtered out of the wrong options).
 */
export function generateQuiz(item: QuizItem, pool: QuizPool, seed: number): GeneratedQuestion[] {
  const rnd = seededRng(seed)
  const own = new Set(item.materials.map((m) => m.name))
  const ownEligibility = new Set(item.eligibility)
  const notOwn = (xs: readonly string[], fallback: readonly string[], mine: (x: string) => boolean) => {
    const fromPool = xs.filter((x) => !mine(x))
    return fromPool.length >= 3 ? fromPool : [...fromPool, ...fallback.filter((x) => !mine(x))]
  }
  const candidates: (GeneratedQuestion | null)[] = []

  const wrongMaterials = notOwn(pool.materials, FALLBACK.materials, (x) => own.has(x))
  for (const m of shuffle(item.materials, rnd).slice(0, 2))
    candidates.push(
      choice('material', `办理「${item.name}」，下面哪一样是要带的材料？`, m.name, wrongMaterials, rnd),
    )
  // Form and count: the options are all forms / nearby counts, of which exactly one is the tip's.
  const m1 = item.materials[Math.floor(rnd() * item.materials.length)]
  const forms = Object.keys(MATERIAL_FORM_LABEL) as MaterialForm[]
  candidates.push(
    choice(
      'form',
      `办理「${item.name}」时，「${m1.name}」要带原件还是复印件？`,
      MATERIAL_FORM_LABEL[m1.form],
      forms.filter((f) => f !== m1.form).map((f) => MATERIAL_FORM_LABEL[f]),
      rnd,
    ),
  )
  const m2 = item.materials[Math.floor(rnd() * item.materials.length)]
  const counts = [1, 2, 3, 4].filter((c) => c !== m2.count)
  candidates.push(
    choice(
      'count',
      `办理「${item.name}」时，「${m2.name}」要带几份？`,
      `${m2.count}份`,
      counts.map((c) => `${c}份`),
      rnd,
    ),
  )
  if (item.eligibility.length > 0) {
    const e = item.eligibility[Math.floor(rnd() * item.eligibility.length)]
    candidates.push(
      choice(
        'eligibility',
        `下面哪一条是「${item.name}」的办理条件？`,
        e,
        notOwn(pool.eligibility, FALLBACK.eligibility, (x) => ownEligibility.has(x)),
        rnd,
      ),
    )
  }
  candidates.push(
    choice(
      'online',
      `「${item.name}」能不能在网上办？`,
      item.onlineUrl ? '能，也可以在网上办' : '不能，要到窗口办',
      [item.onlineUrl ? '不能，要到窗口办' : '能，也可以在网上办'],
      rnd,
      1,
    ),
  )
  candidates.push(
    choice(
      'processingTime',
      `「${item.name}」的办理时限是？`,
      item.processingTime,
      notOwn(pool.processingTimes, FALLBACK.processingTimes, (x) => x === item.processingTime),
      rnd,
    ),
  )
  candidates.push(
    choice(
      'fees',
      `「${item.name}」怎么收费？`,
      item.fees,
      notOwn(pool.fees, FALLBACK.fees, (x) => x === item.fees),
      rnd,
    ),
  )
  candidates.push(
    choice(
      'cityWide',
      `「${item.name}」是不是全市通办（在全市任何一个服务中心都能办）？`,
      item.cityWide ? '是，全市通办' : '不是，要在户籍或居住地办',
      [item.cityWide ? '不是，要在户籍或居住地办' : '是，全市通办'],
      rnd,
      1,
    ),
  )
  return shuffle(
    candidates.filter((q): q is GeneratedQuestion => q !== null),
    rnd,
  ).slice(0, QUIZ_SIZE)
}

export interface QuizScore {
  readonly correct: number
  readonly total: number
  readonly passMark: number
  readonly passed: boolean
  readonly review: { prompt: string; right: string; ok: boolean }[]
}

/** Scores answers (option indexes, one per question; a missing one is wrong). */
export function scoreQuiz(questions: readonly GeneratedQuestion[], answers: readonly number[]): QuizScore {
  const review = questions.map((q, i) => ({
    prompt: q.prompt,
    right: q.options[q.answer],
    ok: answers[i] === q.answer,
  }))
  const correct = review.filter((r) => r.ok).length
  const passMark = passMarkOf(questions.length)
  return { correct, total: questions.length, passMark, passed: correct >= passMark, review }
}

/** A fresh quiz seed from the clock and the clerk, so two clerks (or two tries) get different quizzes. */
export function quizSeed(now: Date, openid: string): number {
  let h = now.getTime() % 2 ** 31
  for (const c of openid) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0
  return h % 2 ** 31
}

/** Certified while the certification is for the tip's current version; after a new version, retake. */
export function learningState(
  cert: { readonly version: number } | undefined,
  itemVersion: number,
): LearningState {
  if (!cert) return 'new'
  return cert.version >= itemVersion ? 'certified' : 'retake'
}

export interface PathItem {
  readonly id: string
  readonly category: string
  readonly highFrequency: boolean
  readonly count: number
  readonly pinyin: string
}

/**
 * The "three firsts" order (三个优先): high-frequency items before the others; within each, the large
 * category (more cases in the year) before the small; within a category the busier item first.
 */
export function learningOrder<T extends PathItem>(items: readonly T[]): T[] {
  const categoryCount = new Map<string, number>()
  for (const i of items) categoryCount.set(i.category, (categoryCount.get(i.category) ?? 0) + i.count)
  return [...items].sort((a, b) => {
    if (a.highFrequency !== b.highFrequency) return a.highFrequency ? -1 : 1
    const ca = categoryCount.get(a.category) ?? 0
    const cb = categoryCount.get(b.category) ?? 0
    if (ca !== cb) return cb - ca
    if (a.category !== b.category) return a.category.localeCompare(b.category)
    if (a.count !== b.count) return b.count - a.count
    return a.pinyin.localeCompare(b.pinyin)
  })
}

export interface WindowCoverage {
  readonly window: number
  readonly openid: string
  readonly name: string
  readonly covered: number
  readonly of: number
  readonly gaps: string[]
}

/**
 * For each staffed window, the high-frequency items its clerk holds a current certification for, and the
 * gaps by name; the promise (any window handles any high-frequency item) holds when no window has a gap.
 */
export function windowCoverage(
  seats: readonly { window: number; openid: string; name: string }[],
  highFrequency: readonly { id: string; name: string; version: number }[],
  certs: readonly { openid: string; itemId: string; version: number }[],
): { windows: WindowCoverage[]; promiseKept: boolean } {
  const held = new Map<string, number>()
  for (const c of certs) held.set(`${c.openid}\n${c.itemId}`, c.version)
  const windows = [...seats]
    .sort((a, b) => a.window - b.window)
    .map((s) => {
      const gaps = highFrequency
        .filter((i) => learningState(certVersion(held, s.openid, i.id), i.version) !== 'certified')
        .map((i) => i.name)
      return { ...s, covered: highFrequency.length - gaps.length, of: highFrequency.length, gaps }
    })
  return { windows, promiseKept: windows.length > 0 && windows.every((w) => w.gaps.length === 0) }
}

const certVersion = (held: Map<string, number>, openid: string, itemId: string) => {
  const v = held.get(`${openid}\n${itemId}`)
  return v === undefined ? undefined : { version: v }
}
