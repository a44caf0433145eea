/**
 * Community in the browser: an admin creates an invitation, a new identity redeems it, becomes a block head
 * and sees 工作台; a resident follows a committee, binds a household, the block head confirms, and the
 * resident sees the committee's notices.
 */
import type { Page } from 'playwright-core'
import {
  browserSuite,
  checkPage,
  confirmModal,
  openSession,
  pageText,
  ROUTES,
  screenshot,
  settle,
  signInAs,
  useStage,
  visit,
} from './harness'

const suite = browserSuite()
jest.setTimeout(240_000)

/** Signs in as an identity the sign-in page does not list (a first-time WeChat user). */
async function signInFresh(page: Page, openid: string): Promise<void> {
  await page.goto(ROUTES.signin)
  await page.evaluate(
    ([id]) => {
      localStorage.setItem('linli.openid', JSON.stringify({ data: id }))
      localStorage.setItem(
        'linli.identity',
        JSON.stringify({ data: { openid: id, name: '新居民', role: 'resident' } }),
      )
    },
    [openid] as const,
  )
}

suite('community in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  test('an admin invites a block head; the new identity redeems the code and sees 工作台', async () => {
    const admin = await openSession(stage.browser, stage.product.url)
    let code = ''
    try {
      await signInAs(admin.page, 'demo-admin-chen')
      await visit(admin.page, '/pkg-staff/community/roster/index')
      problems.push(...(await checkPage(admin.page, 'community-roster')))
      await admin.page.locator('#invite-role-blockHead:visible').click()
      await admin.page.locator('#invite-block-c-chunhui-b4:visible').click()
      await admin.page.locator('#invite-create:visible').click()
      const shown = admin.page.locator('#invite-code:visible')
      await shown.waitFor()
      code = ((await shown.textContent()) ?? '').trim()
      expect(code).toMatch(/^[A-Z0-9]{8}$/)
      await screenshot(admin.page, 'community-invite-code')
    } finally {
      await admin.context.close()
    }

    const newcomer = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(newcomer.page, 'demo-newcomer')
      await visit(newcomer.page, ROUTES.me)
      await newcomer.page.locator('#entry-redeem:visible').click()
      await newcomer.page.waitForURL((u) => u.pathname.endsWith('/community/pages/redeem/index'))
      await settle(newcomer.page)
      problems.push(...(await checkPage(newcomer.page, 'community-redeem')))
      await newcomer.page.locator('#redeem-code:visible input').fill(code.toLowerCase())
      await newcomer.page.locator('#redeem-submit:visible').click()
      await confirmModal(newcomer.page)
      await newcomer.page.waitForURL((u) => u.pathname === ROUTES.workbench)
      await settle(newcomer.page)
      await newcomer.page.locator('#tile-bindings:visible').waitFor()
      const wb = await pageText(newcomer.page)
      expect(wb).toContain('工作台')
      expect(wb).toContain('块长')
      expect(wb).toContain('确认家庭绑定')
      await screenshot(newcomer.page, 'community-new-blockhead-workbench')
    } finally {
      await newcomer.context.close()
    }
  })

  test('a resident follows, binds a household, the block head confirms, and the resident sees the notices', async () => {
    const openid = `e2e-resident-${Date.now().toString(36)}`
    const resident = await openSession(stage.browser, stage.product.url, { consent: true })
    try {
      await signInFresh(resident.page, openid)
      await visit(resident.page, '/community/pages/committees/index')
      problems.push(...(await checkPage(resident.page, 'community-committees')))
      await resident.page.locator('#follow-c-chunhui:visible').click()
      await resident.page.locator('#bind-c-chunhui:visible').waitFor()
      await resident.page.locator('#bind-c-chunhui:visible').click()
      await resident.page.waitForURL((u) => u.pathname.endsWith('/community/pages/bind/index'))
      await settle(resident.page)
      // checkPage reloads (elder mode), so it runs before the form is filled.
      problems.push(...(await checkPage(resident.page, 'community-bind')))
      await resident.page.locator('#block-c-chunhui-b1:visible').click()
      await resident.page.locator('[id="building-1号楼"]:visible').click()
      await resident.page.locator('#room-input:visible input').fill('101')
      await resident.page.locator('#bind-submit:visible').click()
      await confirmModal(resident.page)
      await visit(resident.page, ROUTES.home)
      expect(await pageText(resident.page)).toContain('等待块长确认')
    } finally {
      await resident.context.close()
    }

    const head = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(head.page, 'demo-blockhead-zhang')
      await visit(head.page, ROUTES.workbench)
      await head.page.locator('#tile-bindings:visible').click()
      await head.page.waitForURL((u) => u.pathname.endsWith('/community/bindings/index'))
      await settle(head.page)
      problems.push(...(await checkPage(head.page, 'community-bindings')))
      const card = head.page.locator('.binding-card:visible', { hasText: '1号楼101室' }).first()
      await card.waitFor()
      await card.locator('taro-button-core.binding-confirm').click()
      await card.waitFor({ state: 'detached' })
    } finally {
      await head.context.close()
    }

    const back = await openSession(stage.browser, stage.product.url, { consent: true })
    try {
      await signInFresh(back.page, openid)
      await visit(back.page, ROUTES.home)
      const home = await pageText(back.page)
      expect(home).toContain('春晖社区居委会')
      expect(home).toContain('已确认')
      expect(home).toContain('防范电信诈骗，守好养老钱')
      expect(home).toContain('置顶')
      // The expired demo notice is not in the feed.
      expect(home).not.toContain('二次供水水箱清洗停水')
      await screenshot(back.page, 'community-home-notices')
      problems.push(...(await checkPage(back.page, 'community-home')))
      await back.page.locator('.notice-card:visible').first().click()
      await back.page.waitForURL((u) => u.pathname.endsWith('/community/pages/notice/index'))
      await settle(back.page)
      expect(await pageText(back.page)).toContain('春晖社区居委会')
    } finally {
      await back.context.close()
    }
  })

  test('no serious accessibility problems on the pages visited', () => {
    expect(problems).toEqual([])
  })
})
