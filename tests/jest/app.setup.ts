// Globals Taro's H5 runtime expects from its build-time defines, so components render in jsdom.
const g = globalThis as Record<string, unknown>
g.ENABLE_INNER_HTML = true
g.ENABLE_ADJACENT_HTML = true
g.ENABLE_SIZE_APIS = true
g.ENABLE_TEMPLATE_CONTENT = true
g.ENABLE_MUTATION_OBSERVER = true
g.ENABLE_CLONE_NODE = true
g.ENABLE_CONTAINS = true
g.DEPRECATED_ADAPTER_COMPONENT = false
g.__TARO_FRAMEWORK__ = 'react'
process.env.TARO_ENV = 'h5'

// Taro's page hooks (useRouter, useDidShow, usePullDownRefresh…) are attached to `@tarojs/taro` by the
// React framework plugin inside a real Taro page. Components rendered bare in jsdom get inert versions;
// tests that care about a lifecycle call the page's handlers directly.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const taro = require('@tarojs/taro-h5') as Record<string, unknown> & { default?: Record<string, unknown> }
const noop = () => {}
const shims: Record<string, unknown> = {
  useRouter: () => ({ params: (globalThis as { __routerParams?: unknown }).__routerParams ?? {}, path: '' }),
  useDidShow: noop,
  useDidHide: noop,
  usePullDownRefresh: noop,
  useReachBottom: noop,
  useLaunch: noop,
  useReady: noop,
  useLoad: noop,
  useUnload: noop,
  showToast: () => Promise.resolve(),
}
for (const [name, impl] of Object.entries(shims)) {
  for (const target of [taro, taro.default]) {
    if (target && typeof target[name] !== 'function') {
      try {
        target[name] = impl
      } catch {
        Object.defineProperty(target, name, { value: impl, configurable: true, writable: true })
      }
    }
  }
}

// In the build `Taro.x` reaches every API; in jest the default export of taro-h5 lacks some of the
// named ones (storage among them), so copy them over.
if (taro.default) {
  for (const [name, value] of Object.entries(taro)) {
    if (name !== 'default' && typeof value === 'function' && typeof taro.default[name] !== 'function') {
      taro.default[name] = value
    }
  }
}
