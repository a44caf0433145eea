/**
 * The app shell in a real browser: every demo identity signs in, opens 首页 and each tab (and 工作台 /
 * 街道工作台 when its role has one), with a screenshot and an axe-core check in normal and elder mode.
 */
import { DEMO_IDENTITIES } from '../../emulator/seed/identities'
import {
  acceptPrivacy,
  browserSuite,
  checkPage,
  openSession,
  ROUTES,
  screenshot,
  settle,
  signInAs,
  visit,
  useStage,
} from './harness'

const suite = browserSuite()

jest.setTimeout(180_000)

suite('app shell in the browser', () => {
  const stage = useStage()

  test('a first visit shows the sign-in page and the privacy prompt; agreeing is remembered', async () => {
    const { context, page } = await openSession(stage.browser, stage.product.url)
    try {
      await page.goto('/')
      await page.waitForURL((u) => u.pathname === '/' || u.pathname === ROUTES.signin)
      await page.locator('.privacy-prompt__agree').waitFor({ state: 'visible' })
      await page.waitForTimeout(400)
      await screenshot(page, 'signin-privacy-prompt')
      expect(await page.locator('.identity-card').count()).toBeGreaterThanOrEqual(5)
      expect(await acceptPrivacy(page)).toBe(true)
      await page.reload()
      await settle(page)
      expect(await page.locator('.privacy-prompt__agree').isVisible()).toBe(false)
      const problems = await checkPage(page, 'signin')
      expect(problems).toEqual([])
    } finally {
      await context.close()
    }
  })

  test('the privacy page reads without signing in', async () => {
    const { context, page } = await openSession(stage.browser, stage.product.url, { consent: true })
    try {
      await visit(page, ROUTES.privacy)
      expect(await page.getByText('谁能看到').first().isVisible()).toBe(true)
      expect(await checkPage(page, 'privacy')).toEqual([])
    } finally {
      await context.close()
    }
  })

  for (const identity of DEMO_IDENTITIES) {
    test(`${identity.name} (${identity.role}) sees every page of the role`, async () => {
      const { context, page } = await openSession(stage.browser, stage.product.url)
      const problems: string[] = []
      try {
        await signInAs(page, identity.openid)
        const pages: [string, string][] = [
          ['home', ROUTES.home],
          ['demands', ROUTES.demands],
          ['bookings', ROUTES.bookings],
          ['me', ROUTES.me],
        ]
        if (['blockHead', 'committeeAdmin', 'windowClerk'].includes(identity.role))
          pages.push(['workbench', ROUTES.workbench])
        if (identity.role === 'officer') pages.push(['office', ROUTES.office])
        for (const [name, route] of pages) {
          await visit(page, route)
          expect(new URL(page.url()).pathname).toBe(route)
          problems.push(...(await checkPage(page, `${identity.openid}-${name}`)))
        }
        // 我的 offers the way into the role's work pages.
        await visit(page, ROUTES.me)
        const workbenchEntry = await page.locator('#entry-workbench').isVisible()
        const officeEntry = await page.locator('#entry-office').isVisible()
        expect(workbenchEntry).toBe(['blockHead', 'committeeAdmin', 'windowClerk'].includes(identity.role))
        expect(officeEntry).toBe(identity.role === 'officer')
      } finally {
        await context.close()
      }
      expect(problems).toEqual([])
    })
  }

  test('tapping the tab bar moves between the four tabs, and elder mode switches in 我的', async () => {
    const { context, page } = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(page, 'demo-resident-wang')
      for (const [text, route] of [
        ['诉求', ROUTES.demands],
        ['办事', ROUTES.bookings],
        ['我的', ROUTES.me],
        ['首页', ROUTES.home],
      ] as const) {
        await page.locator('.weui-tabbar__item', { hasText: text }).click()
        await page.waitForURL((u) => u.pathname === route)
        await settle(page)
      }
      await page.locator('.weui-tabbar__item', { hasText: '我的' }).click()
      await settle(page)
      const shell = page.locator('.page-shell:visible').first().first()
      expect(await shell.getAttribute('data-elder')).toBe('off')
      await page.locator('#elder-mode .tile__title').click()
      await page.locator('.page-shell.elder:visible').first().waitFor()
      await screenshot(page, 'me-elder-switched')
      // Stored: a reload keeps it, and other pages follow.
      await page.reload()
      await settle(page)
      expect(await page.locator('.page-shell.elder:visible').first().isVisible()).toBe(true)
      await page.locator('#elder-mode .tile__title').click()
      await page.waitForFunction(() => !document.querySelector('.page-shell.elder'))
    } finally {
      await context.close()
    }
  })
})
