/**
 * The built mini-program (dist/weapp) in miniprogram-simulate, with a `wx` that behaves as WeChat
 * documents it and a cloud that is the real functions on the local cloud.
 *
 * - `wx.cloud.callFunction` goes through `t.call(name, data, openid)`: the caller's OPENID is what the test
 *   set with `as(openid)`, as WeChat injects it; nothing is canned.
 * - `wx.cloud.uploadFile` stores the picked file in the local cloud's storage and records who uploaded it.
 * - Asynchronous APIs answer success, or the failure WeChat gives: `<api>:fail cancel` when the person
 *   cancels, `<api>:fail auth deny` (errno 103) when a permission was refused, and for APIs under the
 *   privacy check, WeChat's `onNeedPrivacyAuthorization` first; a `disagree` answer fails the call with
 *   errno 104 `privacy permission is not authorized`.
 * - `requestSubscribeMessage` answers accept / reject / ban per template id, refuses ids WeChat does not
 *   know (errCode 20001) and refuses when not called from a tap (errCode 10004 … TAP gesture); `tap()` sets
 *   the "tap in progress" flag for the tap's handler and its promise jobs, until the next task.
 *   An accepted template is granted in the local cloud's stand-in for WeChat, so a later send succeeds.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { startTestCloud, type TestCloud } from '../helpers/localCloud'
import { TemplateKey } from '../../types/messages'

export const root = path.resolve(__dirname, '..', '..', 'dist', 'weapp')
export const built = existsSync(path.join(root, 'app.js'))
if (!built)
  console.warn(
    '\n!! dist/weapp is missing: run `npx taro build --type weapp` first; the weapp tests are SKIPPED.\n',
  )
export const suite = built ? describe : describe.skip
// A flow waits on the real functions over HTTP; jest's project-level testTimeout is not applied per
// project, so the limit is set where the flows are.
jest.setTimeout(30_000)

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const simulate = built ? require('miniprogram-simulate') : undefined

export const ROLES = {
  resident: 'demo-resident-wang',
  blockHead: 'demo-blockhead-zhang',
  admin: 'demo-admin-chen',
  clerk: 'demo-clerk-liu',
  officer: 'demo-officer-zhao',
} as const

/** How the next call of an API ends (one-shot; default success). */
export type Outcome = 'ok' | 'cancel' | 'deny'
export type SubscribeAnswer = 'accept' | 'reject' | 'ban'

export interface WxCall {
  api: string
  args: Record<string, unknown>
}

type Opts = Record<string, unknown> & {
  success?: (r: unknown) => void
  fail?: (r: unknown) => void
  complete?: (r: unknown) => void
}

/** APIs under WeChat's privacy check that the app uses (album, camera, calendar, clipboard). */
const PRIVACY_APIS = new Set([
  'chooseImage',
  'chooseMedia',
  'scanCode',
  'addPhoneCalendar',
  'setClipboardData',
  'chooseLocation',
])

class WxFailure {
  constructor(readonly res: Record<string, unknown>) {}
}

export interface Harness {
  readonly t: TestCloud
  /** Every `wx.*` call the app made, in order (sync and async). */
  readonly calls: WxCall[]
  readonly uploads: { cloudPath: string; fileID: string; openid: string }[]
  readonly storage: Map<string, unknown>
  /** console.error output and errors raised while rendering. */
  readonly errors: string[]
  as(openid: string): void
  readonly state: {
    openid: string
    tapping: boolean
    privacyAgreed: boolean
    next: Partial<Record<string, Outcome>>
    subscribe: Record<string, SubscribeAnswer>
    scanResult: string
    /** Where the person taps on WeChat's map picker. */
    location: { latitude: number; longitude: number; name: string; address: string }
    pickedImages: { path: string; size: number; body: Buffer }[]
    modal: { confirm: boolean; content?: string }
    actionSheet: number
  }
  callsOf(api: string): Record<string, unknown>[]
  render(url: string): Page
  /** Resolves once no function call has been in flight for a moment (the page has its data). */
  idle(): Promise<void>
  /** Taps what `selector` finds, waiting for it to render first (as a person waits to see it). */
  tap(comp: Page, selector: string): Promise<void>
  /** Taps the NutUI button whose text is `text`, once it is there. */
  tapButton(comp: Page, text: string): Promise<void>
  /**
   * Taps what reads `text` (a chip, a list row): found by what the person sees, since the WXML carries no
   * roles to select on and class names are styling.
   */
  tapText(comp: Page, text: string): Promise<void>
  /** The bytes of a file WeChat saved locally (downloadFile's tempFilePath). */
  tempFile(path: string): Buffer | undefined
  reset(): void
  stop(): Promise<void>
}

export interface Page {
  dom: HTMLElement
  data: unknown
  querySelector(sel: string): { dispatchEvent(ev: string, detail?: unknown): void; dom: HTMLElement } | null
  querySelectorAll(sel: string): { dispatchEvent(ev: string, detail?: unknown): void; dom: HTMLElement }[]
  html(): string
  text(): string
  detach(): void
}

/** A 1×1 PNG: the local cloud's storage accepts only image and document types. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

/**
 * The template ids this deployment registered (`LINLI_TEMPLATE_<key>`), unlike their keys on purpose:
 * an app that asked WeChat for a key instead of the id would be refused here as in WeChat.
 */
export const TEMPLATE_IDS = Object.fromEntries(
  TemplateKey.options.map((k) => [k, `tmpl-${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-7Qx`]),
) as Record<TemplateKey, string>

/**
 * How long without a function call counts as "the page has its data". Generous because the machine may be
 * busy: a page schedules its first call on a later task, which a loaded machine runs late.
 */
const QUIET_MS = 300

export async function startHarness(): Promise<Harness> {
  for (const [k, id] of Object.entries(TEMPLATE_IDS)) process.env[`LINLI_TEMPLATE_${k}`] = id
  const t = await startTestCloud({ seed: true })
  const calls: WxCall[] = []
  const uploads: Harness['uploads'] = []
  const storage = new Map<string, unknown>()
  const errors: string[] = []
  const tempFiles = new Map<string, Buffer>()
  const fresh = (): Harness['state'] => ({
    openid: ROLES.resident,
    tapping: false,
    privacyAgreed: true,
    next: {},
    subscribe: {},
    scanResult: '',
    location: {
      latitude: 39.9042,
      longitude: 116.4074,
      name: '春晖路与花园路路口',
      address: '春晖路88号东侧',
    },
    pickedImages: [],
    modal: { confirm: true },
    actionSheet: 0,
  })
  const state = fresh()
  let inflight = 0
  let lastActivity = 0
  let privacyListener: ((resolve: (r: { event: string }) => void) => void) | undefined

  const origError = console.error
  console.error = (...args: unknown[]) => {
    errors.push(args.map((a) => (a instanceof Error ? a.stack : String(a))).join(' '))
    origError(...args)
  }

  /** An asynchronous WeChat API: callbacks plus a promise when none is given, as the base library does. */
  const api =
    (name: string, impl: (o: Opts) => unknown | Promise<unknown>) =>
    (o: Opts = {}): Promise<unknown> | undefined => {
      const { success, fail, complete, ...args } = o
      calls.push({ api: name, args })
      const run = async (): Promise<unknown> => {
        const outcome = state.next[name] ?? 'ok'
        delete state.next[name]
        if (PRIVACY_APIS.has(name) && !state.privacyAgreed) {
          if (!privacyListener)
            throw new WxFailure({ errMsg: `${name}:fail privacy permission is not authorized`, errno: 104 })
          const answer = await new Promise<{ event: string }>((resolve) => privacyListener!(resolve))
          if (answer.event !== 'agree')
            throw new WxFailure({ errMsg: `${name}:fail privacy permission is not authorized`, errno: 104 })
          state.privacyAgreed = true
        }
        if (outcome === 'cancel') throw new WxFailure({ errMsg: `${name}:fail cancel` })
        if (outcome === 'deny') throw new WxFailure({ errMsg: `${name}:fail auth deny`, errno: 103 })
        const res = await impl(args as Opts)
        return { errMsg: `${name}:ok`, ...(res as object) }
      }
      const p = run().then(
        (res) => {
          success?.(res)
          complete?.(res)
          return res
        },
        (e: unknown) => {
          const res = e instanceof WxFailure ? e.res : { errMsg: `${name}:fail ${String(e)}` }
          fail?.(res)
          complete?.(res)
          throw res
        },
      )
      if (success || fail || complete) {
        p.catch(() => undefined)
        return undefined
      }
      return p
    }
  const ok = (name: string) => api(name, () => ({}))
  const sync =
    <A extends unknown[], R>(name: string, f: (...a: A) => R) =>
    (...a: A): R => {
      calls.push({ api: name, args: (a[0] ?? {}) as Record<string, unknown> })
      return f(...a)
    }

  const g = globalThis as Record<string, unknown>
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
    getSystemInfo: api('getSystemInfo', () => ({ windowWidth: 375, windowHeight: 812, pixelRatio: 2 })),
    nextTick: (cb: () => void) => setTimeout(cb),
    getStorageSync: (key: string) => (storage.has(key) ? storage.get(key) : ''),
    setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
    removeStorageSync: (key: string) => void storage.delete(key),
    stopPullDownRefresh: ok('stopPullDownRefresh'),
    showToast: ok('showToast'),
    hideToast: ok('hideToast'),
    showLoading: ok('showLoading'),
    hideLoading: ok('hideLoading'),
    showModal: api('showModal', () => ({
      confirm: state.modal.confirm,
      cancel: !state.modal.confirm,
      content: state.modal.content,
    })),
    showActionSheet: api('showActionSheet', () => ({ tapIndex: state.actionSheet })),
    navigateTo: ok('navigateTo'),
    redirectTo: ok('redirectTo'),
    navigateBack: ok('navigateBack'),
    switchTab: ok('switchTab'),
    reLaunch: ok('reLaunch'),
    pageScrollTo: ok('pageScrollTo'),
    setNavigationBarTitle: ok('setNavigationBarTitle'),
    makePhoneCall: ok('makePhoneCall'),
    setClipboardData: api('setClipboardData', () => ({})),
    previewImage: ok('previewImage'),
    openLocation: ok('openLocation'),
    addPhoneCalendar: ok('addPhoneCalendar'),
    openDocument: ok('openDocument'),
    openSetting: api('openSetting', () => ({ authSetting: {} })),
    downloadFile: api('downloadFile', async (o) => {
      const res = await fetch(String(o.url))
      const path = `http://tmp/download-${tempFiles.size}`
      tempFiles.set(path, Buffer.from(await res.arrayBuffer()))
      return { tempFilePath: path, statusCode: res.status }
    }),
    chooseLocation: api('chooseLocation', () => ({ ...state.location })),
    scanCode: api('scanCode', () => ({ result: state.scanResult, scanType: 'QR_CODE', charSet: 'UTF-8' })),
    chooseImage: api('chooseImage', (o) => {
      const picked = state.pickedImages.slice(0, Number(o.count ?? 9))
      for (const f of picked) tempFiles.set(f.path, f.body)
      return {
        tempFilePaths: picked.map((f) => f.path),
        tempFiles: picked.map((f) => ({ path: f.path, size: f.size })),
      }
    }),
    requestSubscribeMessage: (o: Opts) => {
      const { success, fail, complete, ...args } = o
      calls.push({ api: 'requestSubscribeMessage', args })
      const tapping = state.tapping
      const run = async () => {
        if (!tapping)
          throw new WxFailure({
            errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.',
            errCode: 10004,
          })
        const ids = (args.tmplIds as string[] | undefined) ?? []
        const known = new Set(Object.keys(state.subscribe))
        if (ids.length === 0 || ids.some((id) => !known.has(id)))
          throw new WxFailure({
            errMsg: 'requestSubscribeMessage:fail Templates types error',
            errCode: 20001,
          })
        const accepted = ids.filter((id) => state.subscribe[id] === 'accept')
        if (accepted.length) await t.dev.grant(state.openid, accepted)
        return {
          errMsg: 'requestSubscribeMessage:ok',
          ...Object.fromEntries(ids.map((id) => [id, state.subscribe[id]])),
        }
      }
      const p = run().then(
        (r) => (success?.(r), complete?.(r), r),
        (e: unknown) => {
          const r = e instanceof WxFailure ? e.res : { errMsg: String(e) }
          fail?.(r)
          complete?.(r)
          throw r
        },
      )
      if (success || fail || complete) {
        p.catch(() => undefined)
        return undefined
      }
      return p
    },
    onNeedPrivacyAuthorization: sync('onNeedPrivacyAuthorization', (cb: typeof privacyListener) => {
      privacyListener = cb
    }),
    cloud: {
      init: sync('cloud.init', () => undefined),
      callFunction: api('cloud.callFunction', async (o) => {
        inflight++
        lastActivity = Date.now()
        try {
          const result = await t.call(String(o.name), o.data, state.openid)
          return { result, requestID: `req-${calls.length}` }
        } finally {
          inflight--
          lastActivity = Date.now()
        }
      }),
      uploadFile: api('cloud.uploadFile', async (o) => {
        const body = tempFiles.get(String(o.filePath))
        if (!body) throw new WxFailure({ errMsg: 'cloud.uploadFile:fail file not found', errCode: -404011 })
        const cloudPath = String(o.cloudPath)
        const fileID = await t.cloud.storage.putFile(cloudPath, body)
        uploads.push({ cloudPath, fileID, openid: state.openid })
        return { fileID, statusCode: 204 }
      }),
    },
  }

  // ---- the app ----
  let app: Record<string, (...args: unknown[]) => unknown> | undefined
  let route = ''
  let query: Record<string, string> = {}
  const pages: { route: string; options: Record<string, string> }[] = []
  g.App = (config: typeof app) => {
    app = config
  }
  g.getApp = () => app
  g.getCurrentPages = () => pages
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
          this.options = query
          pages.push(this as never)
          ;(cfg.onLoad as (q: object) => void).call(this, { ...query })
          ;(cfg.onShow as (() => void) | undefined)?.call(this)
          ;(cfg.onReady as (() => void) | undefined)?.call(this)
        },
        detached(this: Record<string, unknown>) {
          ;(cfg.onUnload as (() => void) | undefined)?.call(this)
          pages.splice(pages.indexOf(this as never), 1)
        },
      },
    })
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built app.js registers itself on load
  require(path.join(root, 'app.js'))
  app?.onLaunch?.call(app, {})

  const loaded = new Map<string, string>()
  /**
   * The tap counts as "in progress" for the handler and the promise jobs it queues in the same turn (Taro's
   * API wrapper runs its interceptors as promise jobs), and ends at the next task: anything after a
   * network round trip or a timer is no longer from the tap, as WeChat sees it.
   */
  const tapNow = (dispatch: () => void) => {
    state.tapping = true
    setTimeout(() => {
      state.tapping = false
    }, 0)
    dispatch()
  }
  const h: Harness = {
    t,
    calls,
    uploads,
    storage,
    errors,
    state,
    as(openid) {
      state.openid = openid
    },
    callsOf: (name) => calls.filter((c) => c.api === name).map((c) => c.args),
    render(url) {
      const [r, qs = ''] = url.replace(/^\//, '').split('?')
      route = r
      query = Object.fromEntries(new URLSearchParams(qs))
      // Taro's page module registers once: load each page once and render it as often as needed.
      const id = loaded.get(r) ?? simulate.load(path.join(root, r), 'page', { rootPath: root })
      loaded.set(r, id)
      const comp = simulate.render(id)
      // A page asks for its data a moment after it attaches: the quiet period counts from here.
      lastActivity = Date.now()
      comp.attach(document.createElement('parent-wrapper'))
      comp.html = () => comp.dom.innerHTML as string
      comp.text = () => (comp.dom.textContent as string).replace(/\s+/g, ' ').trim()
      return comp as Page
    },
    async idle() {
      await simulate.sleep(50)
      const end = Date.now() + 10_000
      while (inflight > 0 || Date.now() - lastActivity < QUIET_MS) {
        if (Date.now() > end) throw new Error('function calls still in flight after 10 s')
        await simulate.sleep(20)
      }
    },
    async tap(comp, selector) {
      const el = await appears(
        () => comp.querySelector(selector),
        () => `nothing to tap at ${selector}`,
      )
      tapNow(() => el.dispatchEvent('tap'))
    },
    async tapButton(comp, text) {
      const el = await appears(
        () => comp.querySelectorAll('.nut-button').find((b) => b.dom.textContent?.trim() === text),
        () => `no button 「${text}」 on a page that reads: ${comp.text().slice(0, 300)}`,
      )
      tapNow(() => el.dispatchEvent('tap'))
    },
    async tapText(comp, text) {
      const el = await appears(
        () => findByText(comp, text),
        () => `nothing reading 「${text}」 to tap on a page that reads: ${comp.text().slice(0, 300)}`,
      )
      tapNow(() => el.dispatchEvent('tap'))
    },
    tempFile: (p) => tempFiles.get(p),
    reset() {
      calls.length = 0
      uploads.length = 0
      errors.length = 0
      storage.clear()
      Object.assign(state, fresh())
    },
    async stop() {
      console.error = origError
      await t.stop()
    },
  }
  return h
}

/**
 * The outermost element whose whole text is `text`, as the simulator's own node (taps bubble from it to
 * the handler). The DOM mirror finds it; the simulator's selector engine is then asked by class for the
 * node with that DOM element (Taro prefixes classes with the page's `page--`).
 */
function findByText(comp: Page, text: string): ReturnType<Page['querySelectorAll']>[number] | undefined {
  const all = Array.from(comp.dom.querySelectorAll('*')) as HTMLElement[]
  const hits = all.filter(
    (e) =>
      e.textContent?.trim() === text &&
      e.getAttribute('class') &&
      e.parentElement?.textContent?.trim() !== text,
  )
  for (const dom of hits)
    for (const cls of Array.from(dom.classList)) {
      for (const sel of new Set([`.${cls.replace(/^page--/, '')}`, `.${cls}`])) {
        const node = comp.querySelectorAll(sel).find((n) => n.dom === dom)
        if (node) return node
      }
    }
  return undefined
}

/** What `find` finds once the page has rendered it (at most 5 s), else an error saying `what`. */
async function appears<T>(find: () => T | null | undefined, what: () => string): Promise<T> {
  const end = Date.now() + 5000
  for (;;) {
    const found = find()
    if (found) return found
    if (Date.now() > end) throw new Error(what())
    await simulate.sleep(25)
  }
}

/** The pages of the built app.json, main package and subpackages. */
export function appPages(): string[] {
  const json = JSON.parse(readFileSync(path.join(root, 'app.json'), 'utf8')) as {
    pages: string[]
    subPackages?: { root: string; pages: string[] }[]
  }
  return [...json.pages, ...(json.subPackages ?? []).flatMap((p) => p.pages.map((pg) => `${p.root}/${pg}`))]
}

/** Waits until `cond` holds (the functions answer over HTTP, so rendering takes a moment). */
export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await simulate.sleep(25)
  }
}
