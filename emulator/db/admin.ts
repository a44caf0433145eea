/**
 * The database's part of POST /admin: routes `database.*` actions to their handlers, counts requests per
 * action (tests and benchmarks assert how many round trips a function makes; the local cloud's own requests,
 * marked UNBILLED, are not counted) and turns a thrown DbError into the cloud's error reply. Anything else
 * thrown is a bug of the emulator and answers SYS_ERR.
 */
import { UNBILLED, type AdminService } from '../contracts'
import type { Action } from './actions'
import { DbError } from './errors'

export interface DatabaseAdmin extends AdminService {
  /** Requests per wire action (e.g. `database.getDocument`) since start or the last reset. */
  requestCounts(): Record<string, number>
  resetRequestCounts(): void
}

let seq = 0
const requestId = (): string => `db-${Date.now().toString(36)}-${(seq++).toString(36)}`

export function createAdmin(
  actions: Readonly<Record<string, Action>>,
  opts: { readonly quiet?: boolean } = {},
): DatabaseAdmin {
  const counts: Record<string, number> = {}
  return {
    async handle(body) {
      if (typeof body.action !== 'string' || !body.action.startsWith('database.')) return undefined
      const action = actions[body.action]
      if (!(UNBILLED in body)) counts[body.action] = (counts[body.action] ?? 0) + 1
      const rid = requestId()
      if (!action) return undefined
      try {
        return { ...(await action(body)), requestId: rid }
      } catch (e) {
        const err = e instanceof DbError ? e : undefined
        const code = err?.code ?? 'SYS_ERR'
        const message = err?.message ?? 'internal database error'
        if (!opts.quiet) {
          console.warn(`[db] ${body.action} ${String(body.collectionName ?? '')} -> ${code}: ${message}`)
          if (!err) console.error(e)
        }
        return { code, message, requestId: rid }
      }
    },
    requestCounts() {
      return { ...counts }
    },
    resetRequestCounts() {
      for (const k of Object.keys(counts)) delete counts[k]
    },
  }
}
