/**
 * The one place that initializes wx-server-sdk. The same line runs deployed and locally: the local function
 * host sets the variables the CloudBase runtime sets (TCB_CONTEXT_CNFG, SCF_NAMESPACE, WX_*), so
 * `DYNAMIC_CURRENT_ENV` resolves and requests reach the emulator.
 */
import * as cloud from 'wx-server-sdk'

cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })

export { cloud }
// A missing document reads as `{ data: null }` instead of throwing (docs/cloudbase-wire.md §3.2).
export const db = cloud.database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0])
export const _ = db.command
export type Database = typeof db
export type Command = typeof _
