/**
 * The built mini-program (dist/weapp) in miniprogram-simulate: real WXML through the official compiler,
 * `wx.*` stubbed. Checks that pages render what the cloud function returns through
 * `wx.cloud.callFunction`, that 长辈模式 switches the page root, and that the privacy prompt answers
 * WeChat's `onNeedPrivacyAuthorization`.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import type { bookingsContract } from '../../types/bookings'
import type { communityContract, MeOutput } from '../../types/community'
import type { OutputOf } from '../../types/contract'

const root = path.resolve(__dirname, '..', '..', 'dist', 'weapp')
const built = existsSync(path.join(root, 'app.js'))
if (!built)
  console.warn(
    '\n!! dist/weapp is missing: run `npx taro build --type weapp` first; the weapp tests are SKIPPED.\n',
  )
const suite = built ? describe : describe.skip

// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulate = built ? require('miniprogram-simulate') : undefined

type Envelope = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } }
// Stubbed answers are typed by the contract, so a change in types/ breaks this test at compile time.
const me: MeOutput = {
  openid: 'demo-resident-wang',
  created: false,
  profile: { name: '王秀英' },
  committees: [{ id: 'c-chunhui', name: '春晖社区居委会', address: '春晖路88号' }],
  bindings: [],
  roles: ['resident'],
  staff: null,
}
const answers: Record<string, (data: Record<string, unknown>) => Envelope> = {}
const calls: { name: string; data: Record<string, unknown> }[] = []
const storage = new Map<string, unknown>()
let privacyListener: ((resolve: (r: unknown) => void) => void) | undefined

function installWx() {
  const g = globalThis as Record<string, unknown>
  const ok = (
    opts?: { success?: (r: unknown) => void; complete?: (r: unknown) => void },
    res: unknown = {},
  ) => {
    opts?.success?.(res)
    opts?.complete?.(res)
    return Promise.resolve(res)
  }
  g.wx = {
    getSystemInfoSync: () => ({
      windowWidth: 375,
      windowHeight: 812,
      pixelRatio: 2,
      platform: 'devtools',
      SDKVersion: '3.8.0',
    }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 }),
    getDeviceInfo: () => ({ platform: 'devtools' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.8.0' }),
    nextTick: (cb: () => void) => setTimeout(cb),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    stopPullDownRefresh: ok,
    showToast: ok,
    navigateTo: ok,
    switchTab: ok,
    reLaunch: ok,
    onNeedPrivacyAuthorization: (cb: (resolve: (r: unknown) => void) => void) => {
      privacyListener = cb
    },
    cloud: {
      init: () => undefined,
      callFunction: (opts: {
        name: string
        data: Record<string, unknown>
        success?: (r: unknown) => void
      }) => {
        calls.push({ name: opts.name, data: opts.data })
        const answer = answers[`${opts.name}.${String(opts.data.action)}`]
        const result = answer
          ? answer(opts.data)
          : { ok: false, error: { code: 'NOT_FOUND', message: '没有找到相关内容' } }
        return ok(opts, { result, errMsg: 'cloud.callFunction:ok' })
      },
    },
  }
}

let app: Record<string, (...args: unknown[]) => unknown> | undefined
function loadApp() {
  const g = globalThis as Record<string, unknown>
  g.App = (config: typeof app) => {
    app = config
  }
  g.getApp = () => app
  g.getCurrentPages = () => []
  let route = ''
  // miniprogram-simulate knows only Component(); adapt Taro's Page() config to one.
  g.Page = (cfg: Record<string, unknown>) => {
    const methods: Record<string, unknown> = {}
    for (const k of Object.keys(cfg)) if (typeof cfg[k] === 'function') methods[k] = cfg[k]
    ;(g.Component as (c: unknown) => void)({
      data: cfg.data,
      methods,
      lifetimes: {
        attached(this: Record<string, unknown>) {
          this.route = route
          ;(cfg.onLoad as (q: object) => void).call(this, {})
          ;(cfg.onShow as (() => void) | undefined)?.call(this)
        },
      },
    })
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built app.js registers itself on load
  require(path.join(root, 'app.js'))
  app?.onLaunch?.call(app, {})
  return (r: string) => {
    route = r
  }
}

suite('mini-program build', () => {
  let setRoute: (r: string) => void
  beforeAll(() => {
    installWx()
    setRoute = loadApp()
  })
  beforeEach(() => {
    calls.length = 0
    storage.clear()
  })

  function renderPage(route: string) {
    setRoute(route)
    const id = simulate.load(path.join(root, route), 'page', { rootPath: root })
    const comp = simulate.render(id)
    comp.attach(document.createElement('parent-wrapper'))
    return comp
  }

  test('首页 shows the committee and notices that the community function returns', async () => {
    answers['community.me'] = () => ({ ok: true, data: me })
    answers['community.notices'] = () => ({
      ok: true,
      data: {
        items: [
          {
            id: 'n1',
            committeeId: 'c-chunhui',
            committeeName: '春晖社区居委会',
            title: '本周六上午义诊',
            body: '社区卫生服务站的医生来量血压',
            images: [],
            pinned: false,
            expiresAt: null,
            publishedAt: '2026-11-21T01:00:00.000Z',
            authorName: '陈丽华',
          },
        ],
      } satisfies OutputOf<(typeof communityContract)['notices']>,
    })
    const comp = renderPage('community/pages/home/index')
    await simulate.sleep(300)
    const html = comp.dom.innerHTML as string
    expect(html).toContain('王秀英，您好')
    expect(html).toContain('春晖社区居委会')
    expect(html).toContain('本周六上午义诊')
    expect(calls.map((c) => `${c.name}.${String(c.data.action)}`).sort()).toEqual([
      'community.me',
      'community.notices',
    ])
  })

  test('a failing function shows the error state with 重试', async () => {
    answers['demands.mine'] = () => ({ ok: false, error: { code: 'FORBIDDEN', message: 'no' } })
    const comp = renderPage('demands/pages/mine/index')
    await simulate.sleep(300)
    const html = comp.dom.innerHTML as string
    expect(html).toContain('您没有权限进行这项操作')
    expect(html).toContain('重试')
  })

  test('长辈模式 in 我的 switches the page root and is stored; no local sign-in on weapp', async () => {
    answers['community.me'] = () => ({ ok: true, data: { ...me, committees: [] } })
    const comp = renderPage('community/pages/me/index')
    await simulate.sleep(300)
    expect(comp.querySelector('.elder')).toBeFalsy()
    expect(comp.dom.innerHTML).not.toContain('切换身份')
    comp.querySelector('#elder-mode').dispatchEvent('tap')
    await simulate.sleep(100)
    expect(comp.querySelector('.elder')).toBeTruthy()
    expect(storage.get('linli.elderMode')).toBe(true)
  })

  test('the privacy prompt opens when WeChat asks, with the agree button WeChat requires', async () => {
    answers['bookings.items'] = () => ({
      ok: true,
      data: { categories: [], items: [] } satisfies OutputOf<(typeof bookingsContract)['items']>,
    })
    const comp = renderPage('bookings/pages/items/index')
    await simulate.sleep(300)
    expect(privacyListener).toBeDefined()
    let answer: unknown
    privacyListener!((r) => {
      answer = r
    })
    await simulate.sleep(200)
    const html = comp.dom.innerHTML as string
    expect(html).toContain('隐私保护提示')
    // Taro's serialized tree: the agree button carries open-type="agreePrivacyAuthorization".
    expect(JSON.stringify(comp.data)).toContain('agreePrivacyAuthorization')
    expect(answer).toBeUndefined()
  })
})
