/**
 * Counts the database requests an operation makes through the local cloud (CloudBase bills and rate-limits
 * them), by wire action. The round-trip suites pin these counts; with LINLI_ROUNDTRIPS_OUT set, `save()`
 * writes every count a suite took to that file, to compare two versions of the code side by side.
 */
import { writeFileSync } from 'node:fs'

interface CountingDatabase {
  resetRequestCounts(): void
  requestCounts(): Record<string, number>
}

export function requestMeter(database: () => CountingDatabase) {
  const seen: Record<string, Record<string, number>> = {}
  let unnamed = 0
  async function cost(nameOrFn: string | (() => Promise<unknown>), maybeFn?: () => Promise<unknown>) {
    const [name, fn] =
      typeof nameOrFn === 'string'
        ? [nameOrFn, maybeFn as () => Promise<unknown>]
        : [`#${++unnamed}`, nameOrFn]
    database().resetRequestCounts()
    await fn()
    const by = database().requestCounts()
    seen[name] = by
    return Object.values(by).reduce((a, b) => a + b, 0)
  }
  return {
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
