/**
 * The database-request budget of every action (issue 20): CloudBase's basic plan allows 30 database
 * requests a second per environment, so each call must stay small. A mutation may make at most 6 requests
 * and a read at most 3, counting the caller lookup; a transaction's start and commit count one each.
 *
 * `PINS` has one row for every action of every contract (types/api.ts) — `tsc` fails on a missing or stray
 * row — with the most requests any measured path of it (first call, retry, refusal) makes today. Each
 * context's `tests/integration/<fn>/roundtrips.test.ts` measures every action of its function and fails
 * when one is not measured, grows above its pin, or falls below it (lower the pin then: pins only go down).
 * A row above the budget must say why in `over`; the aim is none.
 *
 * Background work an action hands on to (`worker`: a slice of an Excel import run) does not serve a person's
 * call, and its cost grows with the file by design; it is held to the mutation budget plus two writes per
 * household and one per block whose buildings or rooms the file grows, measured on a one-household file that
 * adds a room (its round-trip test checks that each further household adds exactly two), and its rate to 15
 * requests a second by its pace (cloudfunctions/community/rules/rate.ts).
 *
 * The counts include sending the messages an action writes to `messages`: the invocation sends them before
 * it answers (cloudfunctions/shared/data/written.ts), one request per message for its outcome and one more
 * when a one-time grant is spent — cheaper than the outbox sweep's claim and mark, which it replaces. Messages
 * carried inside a record (a demand's outbox) wait for the sweep's relay instead.
 */
import { CONTRACT, type ContractAction, type ContractFn } from '../../types/api'
import type { requestMeter } from './requests'

export const BUDGET = { mutation: 6, read: 3, worker: 6 + 2 + 1 } as const

export interface Pin {
  /** A mutation writes (an audit line counts); a read only reads; a worker is background work (above). */
  readonly kind: keyof typeof BUDGET
  /** The most requests any measured path of the action makes. */
  readonly pin: number
  /** Why the action stays above its budget; required when it does. */
  readonly over?: string
}
const w = (pin: number, over?: string): Pin => ({ kind: 'mutation', pin, over })
const r = (pin: number, over?: string): Pin => ({ kind: 'read', pin, over })
const worker = (pin: number): Pin => ({ kind: 'worker', pin })

export type PinTable = { readonly [F in ContractFn]: { readonly [A in ContractAction<F>]: Pin } }

export const PINS: PinTable = {
  community: {
    me: w(5),
    committees: r(2),
    follow: w(4),
    unfollow: w(2),
    updateProfile: w(2),
    bindHousehold: w(3),
    notices: r(3),
    notice: r(3),
    subscribe: w(6),
    alerts: r(1),
    redeem: w(6),
    publishNotice: w(6),
    invite: w(5),
    roster: r(2),
    units: r(3),
    assignBlocks: w(5),
    pendingBindings: r(2),
    confirmBinding: w(5),
    deactivate: w(5),
    handover: w(5),
    bootstrap: w(6),
    org: r(3),
    committeeOrg: r(3),
    saveCommittee: w(4),
    saveBlock: w(5),
    saveBuilding: w(5),
    saveCenter: w(4),
    qrCode: r(3),
    importTemplate: r(1),
    startImport: w(5),
    // caller + job + start + audit; the run it hands the work to is its own invocation (continueImport)
    confirmImport: w(4),
    importStatus: r(2),
    // The import's background worker, chained slice after slice: caller, the job with its committee's blocks
    // (one aggregate), the claim, the batch's read, two writes per household, a block that grew, the audit
    // entry and the final state (importRun.ts).
    continueImport: worker(9),
  },
  bookings: {
    items: r(1),
    item: r(3),
    slots: r(3),
    book: w(5),
    cancel: w(6),
    reschedule: w(6),
    mine: r(3),
    ticket: r(3),
    rateService: w(4),
    daySheet: r(2),
    checkIn: w(3),
    serve: w(3),
    noShow: w(3),
    walkIn: w(5),
    saveItem: w(5),
    itemHistory: r(2),
    openSlots: w(3),
    closeDay: w(5),
    learningPath: r(3),
    quiz: r(2),
    submitQuiz: w(3),
    coverage: r(3),
    followUp: r(3),
    plan: r(3),
    planPreview: r(3),
    savePlan: w(3),
  },
  demands: {
    submit: w(6),
    attachPhoto: w(3),
    photoSlot: w(4),
    mine: r(2),
    get: r(3),
    rate: w(3),
    reopen: w(3),
    inbox: r(3),
    reply: w(3),
    toMeeting: w(3),
    // One more than the other steps: the duty officers to alert (issue 18).
    escalate: w(4),
    transfer: w(4),
    resolve: w(3),
    reject: w(3),
    markMicroMatter: w(3),
    linkDuplicate: w(4),
    similar: r(2),
    join: w(3),
    split: w(3),
    finishSubItem: w(3),
    sendBack: w(3),
    departmentAnswer: w(3),
    transferTargets: r(3),
    intake: w(5),
  },
  visits: {
    households: r(3),
    household: w(3),
    revealPhone: w(3),
    saveHousehold: w(6),
    catalogue: r(3),
    record: w(6),
    sendOnline: w(6),
    talents: r(2),
    setCadence: w(2),
    myHousehold: r(3),
    correctHousehold: w(4),
    pending: r(2),
    respond: w(6),
    exportMyData: r(3),
  },
  reports: {
    // Each read is the caller and one batch (reports/batch.ts: the units and what the view needs, as
    // $lookups of one aggregate), plus at most one query that grows with the history (days, demands).
    summary: r(3),
    cases: r(3),
    digest: r(2),
    sentiment: r(3),
    performance: r(3),
    // Caller, units with the block names and the count, the rows (a page each, two at most) and the job
    // written once, done; a large export writes its job waiting and runs in the background.
    export: w(5),
    exportStatus: r(2),
  },
  open311: {
    partners: r(2),
    issueKey: w(3),
    revokeKey: w(3),
    partnerCalls: r(3),
  },
}

/** What is wrong with one pin, or nothing. */
export function pinProblems(
  fn: string,
  action: string,
  pin: Pin,
  measured: { n: number; path: string } | undefined,
): string[] {
  const at = `${fn}.${action}`
  const out: string[] = []
  const on = measured?.path ? ` (${measured.path})` : ''
  if (!measured) out.push(`${at} is not measured: add it to tests/integration/${fn}/roundtrips.test.ts`)
  else if (measured.n > pin.pin)
    out.push(`${at} grew to ${measured.n} database requests${on}, pinned at ${pin.pin}`)
  else if (measured.n < pin.pin)
    out.push(`${at} now makes at most ${measured.n} requests${on}: lower its pin from ${pin.pin}`)
  const budget = BUDGET[pin.kind]
  if (pin.pin > budget && !pin.over)
    out.push(`${at} is pinned at ${pin.pin}, above the ${pin.kind} budget of ${budget}, with no reason given`)
  if (pin.pin <= budget && pin.over) out.push(`${at} is within its budget: drop its reason ("${pin.over}")`)
  return out
}

/**
 * Measures the actions of one function against `PINS`: `cost(action, fn)` (or `cost(action, 'retry', fn)` for
 * a further path of the same action) runs `fn` and keeps the most any path of the action made; `problems()`
 * lists every action of the contract that is unmeasured, above or below its pin.
 */
export function budgetMeter<F extends ContractFn>(fn: F, meter: ReturnType<typeof requestMeter>) {
  const worst: Partial<Record<string, { n: number; path: string }>> = {}
  /** The requests of the action's own invocations while `run` runs. */
  async function own(action: string, label: string, run: () => Promise<unknown>): Promise<number> {
    const { byInvocation } = await meter.measure(label, run)
    if (!byInvocation) throw new Error('budgetMeter needs requestMeter(database, () => cloud.meter)')
    // The action's own invocations only: a timer firing meanwhile, or a background run it started, is not
    // this call's cost (the background run is pinned as its own action).
    const mine = byInvocation[fn]?.[action]
    return mine ? mine.reads + mine.writes + mine.transactions : 0
  }
  async function cost(
    action: ContractAction<F>,
    pathOrFn: string | (() => Promise<unknown>),
    maybeFn?: () => Promise<unknown>,
  ): Promise<number> {
    const [path, run] = typeof pathOrFn === 'string' ? [pathOrFn, maybeFn!] : ['', pathOrFn]
    const n = await own(action, path ? `${action}:${path}` : action, run)
    const was = worst[action]
    if (!was || n > was.n) worst[action] = { n, path }
    return n
  }
  return {
    cost: cost as {
      (action: ContractAction<F>, run: () => Promise<unknown>): Promise<number>
      (action: ContractAction<F>, path: string, run: () => Promise<unknown>): Promise<number>
    },
    /** What a path beyond the pinned one makes, not kept against the pin (a worker's larger file). */
    count: (action: ContractAction<F>, run: () => Promise<unknown>) => own(action, `${action}:count`, run),
    /** The most each measured action made, and on which path. */
    measured: () => ({ ...worst }),
    problems(): string[] {
      const pins = PINS[fn] as Record<string, Pin>
      return Object.keys(CONTRACT[fn]).flatMap((a) => pinProblems(fn, a, pins[a] ?? w(0, 'no row'), worst[a]))
    },
  }
}
