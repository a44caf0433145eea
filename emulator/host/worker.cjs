// @ts-check
/**
 * One function instance: a worker thread that loads one built function bundle and runs `main(event,
 * context)` one invocation at a time, as a CloudBase Node instance does. Plain CommonJS because a worker
 * starts outside the TypeScript loader of its parent (tsx, jest) and a function bundle is plain JS anyway.
 *
 * The worker's `process.env` is its own copy, so setting the caller's WX_OPENID here before each invocation
 * is seen by `cloud.getWXContext()` in this instance only.
 */
const { parentPort, workerData } = require('node:worker_threads')
const { format } = require('node:util')

if (!parentPort) throw new Error('worker.cjs must run in a worker thread')
const port = parentPort

/** @type {string | undefined} */
let currentRequestId
for (const level of /** @type {const} */ (['log', 'info', 'warn', 'error', 'debug'])) {
  console[level] = (...args) => {
    port.postMessage({ type: 'log', requestId: currentRequestId, level, text: format(...args) })
  }
}

/** @type {(event: unknown, context: unknown) => unknown} */
let main
try {
  const mod = require(workerData.entry)
  main = typeof mod === 'function' ? mod : mod.main
  if (typeof main !== 'function') throw new Error(`${workerData.entry} does not export main`)
  port.postMessage({ type: 'ready' })
} catch (err) {
  port.postMessage({ type: 'loadError', message: errorText(err) })
}

port.on('message', async (msg) => {
  if (msg.type !== 'invoke') return
  currentRequestId = msg.context.request_id
  for (const [k, v] of Object.entries(msg.env)) {
    if (v === null || v === undefined) delete process.env[k]
    else process.env[k] = String(v)
  }
  try {
    const value = await main(msg.event, msg.context)
    // CloudBase serializes the return value as JSON; undefined becomes null.
    const json = JSON.stringify(value === undefined ? null : value)
    port.postMessage({ type: 'result', id: msg.id, ok: true, json: json === undefined ? 'null' : json })
  } catch (err) {
    console.error(errorText(err))
    port.postMessage({ type: 'result', id: msg.id, ok: false, message: errorText(err, false) })
  }
})

/** @param {unknown} err @param {boolean} [stack] */
function errorText(err, stack = true) {
  if (err instanceof Error) return stack && err.stack ? err.stack : `${err.name}: ${err.message}`
  return String(err)
}
