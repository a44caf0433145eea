/**
 * The `open311` function: Open311 GeoReport v2 for partners over CloudBase's HTTP access service (an HTTP
 * event: `path`, `httpMethod`, … — see http.ts), and the officers' partner-key actions over `callFunction`
 * (an `{ action }` event, through the one router and policy table like every other function).
 */
import { open311Contract } from '../../types/open311'
import { defineFunction } from '../shared/router'
import { isHttpEvent, serveHttp } from './http'
import { issueKey, partnerCalls, partners, revokeKey } from './keys'

const actions = defineFunction({
  name: 'open311',
  contract: open311Contract,
  handlers: { partners, issueKey, revokeKey, partnerCalls },
})

export const main = Object.assign(
  async (event: unknown, context?: unknown): Promise<unknown> =>
    isHttpEvent(event) ? serveHttp(event) : actions(event, context),
  { definition: actions.definition },
)
