// jsdom for miniprogram-simulate, plus the Node globals the local cloud (tests/helpers/localCloud.ts)
// needs in the same process: jsdom leaves out fetch and friends.
const { TestEnvironment } = require('jest-environment-jsdom')

class WeappEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context)
    const g = this.global
    // The outer realm's typed arrays too, as jest-environment-node does: esbuild and undici check
    // `instanceof Uint8Array` against what Node's TextEncoder and fetch produce.
    for (const k of [
      'Uint8Array',
      'ArrayBuffer',
      'fetch',
      'Request',
      'Response',
      'Headers',
      'FormData',
      'AbortController',
      'AbortSignal',
      'TextEncoder',
      'TextDecoder',
      'ReadableStream',
      'Blob',
      'structuredClone',
      'setImmediate',
      // Node's timers (with unref): the function host and the storage sweep unref theirs.
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'clearImmediate',
    ])
      if (globalThis[k]) g[k] = globalThis[k]
  }
}

module.exports = WeappEnvironment
