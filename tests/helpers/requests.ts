/**
 * Counts the database requests an operation makes through the local cloud (CloudBase bills and rate-limits
 * them), by wire action. The round-trip suites pin these counts; with LINLI_ROUNDTRIPS_OUT set, `save()`
 * writes every count a suite took to that file, to compare two versions of the code side by side.
 *
 * With the local cloud's usage meter, `measure` also says which invocation made them (the meter puts each
 * request down to the invocation whose token it carries), so an action's count can leave out what ran beside
 * it: a timer that fired in the window, or a background run the action handed work to.
 */
import { writeFileSync } from 'node:fs'
import { diff, type UsageReport } from '../../emulator/meter'

interface CountingDatabase {
  resetRequestCounts(): void
  requestCounts(): Record<string, number>
}

export function requestMeter(database: () => CountingDatabase, usage?: () => { report(): UsageReport }) {
  const seen: Record<string, Record<string, number>> = {}
  let unnamed = 0
  async function measure(name: string, fn: () => Promise<unknown>) {
    const before = usage?.().report()
    database().resetRequestCounts()
    await fn()
    const by = database().requestCounts()
    seen[name] = by
    return {
      total: Object.values(by).reduce((a, b) => a + b, 0),
      byInvocation: before ? diff(usage!().report(), before).byFunction : undefined,
    }
  }
  async function cost(nameOrFn: string | (() => Promise<unknown>), maybeFn?: () => Promise<unknown>) {
    const [name, fn] =
      typeof nameOrFn === 'string'
        ? [nameOrFn, maybeFn as () => Promise<unknown>]
        : [`#${++unnamed}`, nameOrFn]
    return (await measure(name, fn)).total
  }
  return {
    /** `cost`, with the requests by function and action when the meter was given. */
    measure,
    /** Total requests `fn` made (a transaction's start and commit count one each); kept by wire action. */
    cost: cost as {
      (fn: () => Promise<unknown>): Promise<number>
      (name: string, fn: () => Promise<unknown>): Promise<number>
    },
    save(): void {
      if (process.env.LINLI_ROUNDTRIPS_OUT)
        writeFileSync(process.env.LINLI_ROUNDTRIPS_OUT, JSON.stringify(seen, null, 2))
    },
  }
}
