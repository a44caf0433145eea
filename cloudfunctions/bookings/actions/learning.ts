/**
 * Learning from the work itself (以学促干): the clerk's learning path, quizzes generated from the work tips,
 * certification, and the center head's coverage page. A quiz is not stored: it is regenerated from the item's
 * version and the seed when answered, so a changed tip makes the old quiz unanswerable (CONFLICT) and a lapsed
 * certification needs no write (see `learningState`).
 */
import type { bookingsContract, ServiceItemDoc } from '../../../types/bookings'
import { conflict, isDuplicateKey, notFound } from '../../shared/errors'
import type { Ctx, Handler } from '../../shared/router'
import { cachedCenter, centerInfo, clerkCenterId, yearCount } from '../lib'
import { isHighFrequencyIn } from '../rules/items'
import {
  generateQuiz,
  learningOrder,
  learningState,
  passMarkOf,
  quizPool,
  quizSeed,
  scoreQuiz,
  windowCoverage,
} from '../rules/learning'
import { localDate, toDate, yearOf } from '../rules/time'

const PATH_FIELDS = {
  name: true,
  category: true,
  frequency: true,
  version: true,
  updatedOn: true,
  pinyin: true,
} as const

const QUIZ_FIELDS = {
  name: true,
  materials: true,
  eligibility: true,
  onlineUrl: true,
  processingTime: true,
  fees: true,
  cityWide: true,
  version: true,
} as const

type PathLine = Pick<ServiceItemDoc, '_id' | keyof typeof PATH_FIELDS>

/** The center's items in the "three firsts" order (one request). */
async function pathItems(ctx: Ctx, centerId: string) {
  const year = yearOf(ctx.now)
  const docs: PathLine[] = await ctx.store.serviceItems.find(
    { centerId },
    { fields: PATH_FIELDS, limit: 1000 },
  )
  return learningOrder(
    docs.map((d) => ({
      doc: d,
      id: d._id,
      category: d.category,
      highFrequency: isHighFrequencyIn(d.frequency, year),
      count: yearCount(d, year),
      pinyin: d.pinyin,
    })),
  )
}

/** 学习路径: caller, items, own certifications — three requests. */
export const learningPath: Handler<typeof bookingsContract.learningPath> = async (_input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const [items, certs] = await Promise.all([
    pathItems(ctx, centerId),
    ctx.store.certifications.find({ openid: ctx.caller.openid, centerId }, { limit: 1000 }),
  ])
  const byItem = new Map(certs.map((c) => [c.itemId, c]))
  const lines = items.map((i) => {
    const cert = byItem.get(i.id)
    return {
      id: i.id,
      name: i.doc.name,
      category: i.category,
      highFrequency: i.highFrequency,
      yearCount: i.count,
      version: i.doc.version,
      updatedOn: i.doc.updatedOn,
      state: learningState(cert, i.doc.version),
      ...(cert ? { certifiedOn: localDate(toDate(cert.certifiedAt)) } : {}),
    }
  })
  return {
    lines,
    certified: lines.filter((l) => l.state === 'certified').length,
    total: lines.filter((l) => l.state === 'retake').length,
  }
}

/** The item and the center's wordings for wrong options: one request for both. */
async function quizSource(ctx: Ctx, itemId: string) {
  const centerId = clerkCenterId(ctx)
  const all = await ctx.store.serviceItems.find({ centerId }, { fields: QUIZ_FIELDS, limit: 1000 })
  const item = all.find((i) => i._id === itemId)
  if (!item) throw notFound('没有找到这个办理事项')
  return { centerId, item, pool: quizPool(all) }
}

/** 开始测验: a new random quiz on the item's current tip. */
export const quiz: Handler<typeof bookingsContract.quiz> = async (input, ctx) => {
  const { item, pool } = await quizSource(ctx, input.itemId)
  const seed = quizSeed(ctx.now, ctx.caller.openid)
  const questions = generateQuiz(item, pool, seed)
  return {
    itemId: item._id,
    itemName: item.name,
    version: item.version,
    seed,
    questions: questions.map(({ kind, prompt, options }) => ({ kind, prompt, options })),
    passMark: passMarkOf(questions.length),
  }
}

/**
 * 交卷: scores the answers against the regenerated quiz, records the attempt (its id from the request, so a
 * retry records it once) and, when passed, certifies the clerk for the tip's current version.
 */
export const submitQuiz: Handler<typeof bookingsContract.submitQuiz> = async (input, ctx) => {
  const { centerId, item, pool } = await quizSource(ctx, input.itemId)
  if (item.version !== input.version)
    throw conflict('这个事项的办事小贴士刚更新过，请先重新学习，再做一次测验', { version: item.version })
  const questions = generateQuiz(item, pool, input.seed)
  const score = scoreQuiz(questions, input.answers)
  const openid = ctx.caller.openid
  try {
    await ctx.store.quizAttempts.add({
      _id: `quiz:${openid}:${input.clientRequestId}`,
      openid,
      centerId,
      itemId: item._id,
      version: item.version,
      seed: input.seed,
      answers: input.answers,
      correct: score.correct,
      total: score.total,
      passed: score.passed,
      at: ctx.now,
    })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
  }
  if (score.passed)
    await ctx.store.certifications.set(`cert:${openid}:${item._id}`, {
      openid,
      name: ctx.caller.staff?.name ?? openid,
      centerId,
      itemId: item._id,
      itemName: item.name,
      version: item.version,
      certifiedAt: ctx.now,
      correct: score.correct,
      total: score.total,
    })
  return { itemId: item._id, ...score }
}

/**
 * 持证情况: per staffed window, the high-frequency items its clerk may handle and the gaps; per item, who is
 * certified and whose certification lapsed. Caller, items, certifications, and the center when not cached.
 */
export const coverage: Handler<typeof bookingsContract.coverage> = async (_input, ctx) => {
  const centerId = clerkCenterId(ctx)
  const [center, items, certs] = await Promise.all([
    cachedCenter(ctx.db, centerId, ctx.now),
    pathItems(ctx, centerId),
    ctx.store.certifications.find({ centerId }, { limit: 1000 }),
  ])
  const hf = items.filter((i) => i.highFrequency)
  const { windows, promiseKept } = windowCoverage(
    center.seats,
    hf.map((i) => ({ id: i.id, name: i.doc.name, version: i.doc.version })),
    certs,
  )
  const seated = new Set(center.seats.map((s) => s.window))
  const unstaffed: number[] = []
  for (let w = 1; w <= center.plan.windows; w++) if (!seated.has(w)) unstaffed.push(w)
  return {
    center: centerInfo(center),
    highFrequency: hf.map((i) => ({ id: i.id, name: i.doc.name })),
    windows,
    unstaffed,
    promiseKept,
    items: items.map((i) => {
      const mine = certs.filter((c) => c.itemId === i.id)
      const of = (s: 'certified' | 'retake') =>
        mine.filter((c) => learningState(c, i.doc.version) === s).map((c) => c.name)
      return {
        id: i.id,
        name: i.doc.name,
        highFrequency: i.highFrequency,
        certified: of('certified'),
        retake: of('retake'),
      }
    }),
  }
}
