/**
 * The app shell on the weapp build, on the real functions (no canned answers): 首页 shows what the
 * community function returns, a refused call shows the error state with 重试 and retries, 长辈模式 switches
 * the page root and is remembered, and the privacy prompt answers WeChat's `onNeedPrivacyAuthorization`
 * with the agree button WeChat requires.
 */
import { ROLES, startHarness, suite, until, type Harness } from './harness'

suite('mini-program shell', () => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness()
  }, 120_000)
  afterAll(() => h?.stop())
  beforeEach(() => h.reset())

  test('首页 shows the resident, the committee and the notices the community function returns, in one call', async () => {
    h.as(ROLES.resident)
    const me = await h.t.call<{ profile: { name?: string }; committees: { name: string }[] }>(
      'community',
      { action: 'me' },
      ROLES.resident,
    )
    const notices = await h.t.call<{ items: { title: string }[] }>(
      'community',
      { action: 'notices', limit: 20 },
      ROLES.resident,
    )
    const comp = h.render('community/pages/home/index')
    await until(() => comp.text().includes(notices.data!.items[0].title), 'the notices')
    const text = comp.text()
    expect(text).toContain(`${me.data!.profile.name}，您好`)
    expect(text).toContain(me.data!.committees[0].name)
    const asked = h
      .callsOf('cloud.callFunction')
      .map((c) => `${String(c.name)}.${(c.data as { action: string }).action}`)
    // Opening the app is one invocation: the notices come with 'me'.
    expect(asked).toEqual(['community.me'])
    expect(h.errors).toEqual([])
  })

  test('a refused call shows the error state with 重试, and 重试 asks again', async () => {
    // A resident who opens a staff page by a stale link: the functions refuse, the page says so plainly.
    h.as(ROLES.resident)
    const comp = h.render('pkg-staff/demands/inbox/index')
    await until(() => comp.text().includes('您没有权限进行这项操作'), 'the error state')
    const before = h.callsOf('cloud.callFunction').length
    await h.tapButton(comp, '重试')
    await until(() => h.callsOf('cloud.callFunction').length > before, 'the retry')
    await h.idle()
    expect(comp.text()).toContain('您没有权限进行这项操作')
  })

  test('长辈模式 in 我的 switches the page root and is remembered; no local sign-in on weapp', async () => {
    h.as(ROLES.resident)
    const comp = h.render('community/pages/me/index')
    await h.idle()
    expect(comp.querySelector('.elder')).toBeFalsy()
    expect(comp.text()).not.toContain('切换身份')
    await h.tap(comp, '#elder-mode')
    await until(() => !!comp.querySelector('.elder'), 'the elder theme')
    expect(h.storage.get('linli.elderMode')).toBe(true)
    // The next page opens in elder mode too.
    const home = h.render('community/pages/home/index')
    await h.idle()
    expect(home.querySelector('.elder')).toBeTruthy()
  })

  test('the privacy prompt opens when WeChat asks, with the agree button WeChat requires', async () => {
    h.as(ROLES.resident)
    h.state.privacyAgreed = false
    const comp = h.render('bookings/pages/items/index')
    await h.idle()
    expect(h.callsOf('onNeedPrivacyAuthorization').length).toBeGreaterThan(0)
    // Any API under the privacy check makes WeChat ask; the page's listener opens the prompt.
    const wx = (globalThis as unknown as { wx: { setClipboardData(o: object): Promise<unknown> } }).wx
    const pending = wx.setClipboardData({ data: 'x' })
    await until(() => comp.text().includes('隐私保护提示'), 'the privacy prompt')
    // Taro's serialized tree: the agree button carries open-type="agreePrivacyAuthorization".
    expect(JSON.stringify(comp.data)).toContain('agreePrivacyAuthorization')
    const agree = comp.querySelectorAll('.privacy-prompt__agree')
    agree[agree.length - 1].dispatchEvent('agreeprivacyauthorization')
    await expect(pending).resolves.toMatchObject({ errMsg: 'setClipboardData:ok' })
    expect(h.storage.get('linli.privacyConsent')).toBeTruthy()
  })
})
