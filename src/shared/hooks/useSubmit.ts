import { useState } from 'react'
import { toastError } from '../api'

/**
 * A button's action: `busy` is true while it runs (for the button's `loading`), and a failure goes to
 * `onError` (a toast unless told otherwise) instead of escaping.
 */
export function useSubmit<A extends unknown[]>(
  action: (...a: A) => Promise<void>,
  onError: (e: unknown) => void | Promise<void> = toastError,
): [busy: boolean, run: (...a: A) => Promise<void>] {
  const [busy, setBusy] = useState(false)
  async function run(...a: A) {
    setBusy(true)
    try {
      await action(...a)
    } catch (e) {
      await onError(e)
    } finally {
      setBusy(false)
    }
  }
  return [busy, run]
}
