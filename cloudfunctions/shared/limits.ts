/**
 * Counted allowances (限额) that hold under concurrency: a day's demands, a day's uploads, an hour's notices.
 * Counting and then inserting lets every call that counted before the others inserted through (60 at once
 * stored 11 of 10); here each use is one conditional increment of a per-(caller, window) document, which the
 * database applies atomically — instances share nothing but the database.
 *
 * Cost: one request when the window's document exists; the first use of a window two (the increment finds
 * nothing, the insert creates it) and, if another call created it first, three.
 */
import { _ } from './cloud'
import type { Store } from './data'
import { isDuplicateKey } from './errors'

export interface Allowance {
  /** What is limited (`demands.submit`, `uploads`…) */
  readonly kind: string
  readonly openid: string
  /** The window the count belongs to (a business day, an hour…) */
  readonly window: string
  /** Uses allowed in the window. */
  readonly max: number
  /** Bytes allowed in the window, when bytes are limited too. */
  readonly maxBytes?: number
}

export const limitId = (a: Pick<Allowance, 'kind' | 'openid' | 'window'>): string =>
  `limit:${a.kind}:${a.openid}:${a.window}`

/** Takes one use (and `bytes`) of the allowance; false when it is used up. */
export async function take(store: Store, a: Allowance, now: Date, bytes = 0): Promise<boolean> {
  if (a.max < 1 || (a.maxBytes !== undefined && bytes > a.maxBytes)) return false
  const id = limitId(a)
  const increment = () =>
    store.limits.updateWhere(
      {
        _id: id,
        n: _.lt(a.max),
        ...(a.maxBytes !== undefined ? { bytes: _.lte(a.maxBytes - bytes) } : {}),
      },
      { n: _.inc(1), bytes: _.inc(bytes) },
    )
  if ((await increment()) === 1) return true
  try {
    await store.limits.add({
      _id: id,
      kind: a.kind,
      openid: a.openid,
      window: a.window,
      n: 1,
      bytes,
      createdAt: now,
    })
    return true
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    // Another call opened the window first (or it is used up): the increment decides.
    return (await increment()) === 1
  }
}

/** Gives a use back when the work it paid for did not happen (a retry that found its result, a refusal). */
export async function giveBack(store: Store, a: Allowance, bytes = 0): Promise<void> {
  await store.limits.updateWhere({ _id: limitId(a), n: _.gt(0) }, { n: _.inc(-1), bytes: _.inc(-bytes) })
}
