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
const { readFileSync, readlinkSync } = require('node:fs')
const { setPriority } = require('node:os')
const { dirname } = require('node:path')
const Module = require('node:module')
const vm = require('node:vm')

if (!parentPort) throw new Error('worker.cjs must run in a worker thread')
const port = parentPort

if (workerData.nice) {
  // This thread only (Linux: a thread id names one thread), so the local cloud's own main thread keeps
  // precedence over the instances (emulator/host/index.ts INSTANCE_NICE). Elsewhere it stays as it is.
  try {
    setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), workerData.nice)
  } catch {
    // no /proc, or not allowed: the instance runs at the process's priority
  }
}

/** @type {string | undefined} */
let currentRequestId
for (const level of /** @type {const} */ (['log', 'info', 'warn', 'error', 'debug'])) {
  console[level] = (...args) => {
    port.postMessage({ type: 'log', requestId: currentRequestId, level, text: format(...args) })
  }
}

/** @type {(event: unknown, context: unknown) => unknown} */
let main

/**
 * Loads the bundle as Node's `require` would (same module wrapper, its own `require` and `module`), but
 * compiled through V8's code cache when the host has one for this exact file: the parse and compile work of
 * an earlier instance of the same bundle, which changes nothing the code can observe. The first instance
 * of a bundle hands its cache back to the host.
 * @param {string} entry @param {Uint8Array | undefined} cachedData
 */
function load(entry, cachedData) {
  const src = readFileSync(entry, 'utf8')
  const script = new vm.Script(Module.wrap(src), {
    filename: entry,
    cachedData: cachedData ? Buffer.from(cachedData) : undefined,
  })
  const mod = new Module(entry, undefined)
  mod.filename = entry
  mod.paths = Module._nodeModulePaths(dirname(entry))
  script
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(entry), mod, entry, dirname(entry))
  mod.loaded = true
  const exported = mod.exports
  main = typeof exported === 'function' ? exported : exported && exported.main
  if (typeof main !== 'function') throw new Error(`${entry} does not export main`)
  if (!cachedData || script.cachedDataRejected)
    port.postMessage({ type: 'codeCache', entry, data: script.createCachedData() })
}

/** @param {string} entry @param {Uint8Array | undefined} cachedData */
function start(entry, cachedData) {
  try {
    load(entry, cachedData)
    port.postMessage({ type: 'ready' })
  } catch (err) {
    port.postMessage({ type: 'loadError', message: errorText(err) })
  }
}

if (workerData.spare) {
  // A spare runtime (emulator/host/index.ts): the Node runtime and the SDK every function loads are up;
  // it becomes one function's instance when bound, with that function's environment and bundle.
  try {
    require('wx-server-sdk')
  } catch {
    // Not installed where the host runs: each bundle loads it itself.
  }
  port.postMessage({ type: 'spare' })
} else start(workerData.entry, workerData.cachedData)

port.on('message', async (msg) => {
  if (msg.type === 'bind') {
    for (const [k, v] of Object.entries(msg.env)) process.env[k] = String(v)
    start(msg.entry, msg.cachedData)
    return
  }
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
