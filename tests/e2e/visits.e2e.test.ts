/**
 * Zero-distance visits in the browser: the block head opens the catalogue, records a home visit with all
 * six tasks (one raises a demand, one finds a capable resident), the catalogue moves the household's next
 * due date and the demand is in the inbox; then an online visit to a class A family is answered by its
 * resident from 我的 and shows as a visit in the family file.
 */
import type { Page } from 'playwright-core'
import {
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
jest.setTimeout(240_000)

const ZHANG = 'demo-blockhead-zhang'
const LI = 'demo-resident-li'
const WANG_HH = 'hh-c-chunhui-b1-1-101'
const LI_HH = 'hh-c-chunhui-b2-2-502'
const CATALOGUE = '/pkg-staff/visits/catalogue/index'
const household = (id: string) => `/pkg-staff/visits/household/index?id=${id}`
const DEMAND_TEXT = '三单元楼道灯坏了，晚上上下楼看不见'

const button = (page: Page, text: string) =>
  page.locator('taro-button-core:visible', { hasText: text }).first()
const field = (page: Page, id: string, tag = 'input') => page.locator(`#${id}:visible ${tag}`).first()

suite('zero-distance visits in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  const api = async <T>(fn: string, body: Record<string, unknown>, openid: string): Promise<T> => {
    const res = await fetch(`${stage.product.url}/fn/${fn}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify(body),
    })
    const json = (await res.json()) as { ok: boolean; data: T; error?: unknown }
    if (!json.ok) throw new Error(`${fn}.${String(body.action)}: ${JSON.stringify(json.error)}`)
    return json.data
  }

  test('a block head records a six-task home visit; the due date moves and the demand is in the inbox', async () => {
    const { context, page } = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(page, ZHANG)
      await visit(page, ROUTES.workbench)
      await page.locator('#tile-catalogue').click()
      await page.waitForURL((u) => u.pathname === CATALOGUE)
      await settle(page)
      const row = page.locator(`#hh-${WANG_HH}:visible`)
      await row.waitFor()
      expect(await row.textContent()).toContain('已逾期')
      expect(await page.locator('#week-progress:visible').textContent()).toMatch(
        /本周已走访 \d+ 户，目标 \d+ 户/,
      )
      problems.push(...(await checkPage(page, 'visits-catalogue')))

      await page.locator(`#hh-${WANG_HH}:visible`).click()
      await page.waitForURL((u) => u.pathname.endsWith('/visits/household/index'))
      await settle(page)
      expect(await page.locator('#household-status:visible').textContent()).toContain('已逾期')
      problems.push(...(await checkPage(page, 'visits-household')))

      await button(page, '记录一次走访').click()
      await page.waitForURL((u) => u.pathname.endsWith('/visits/record/index'))
      await settle(page)
      problems.push(...(await checkPage(page, 'visits-record')))

      await page.locator('#task-showIdentity:visible').click()
      await page.locator('#task-deliverService:visible').click()
      await field(page, 'service').fill('测量血压')
      await page.locator('#task-learnSituation:visible').click()
      await field(page, 'changes').fill('女儿下月回来住一周')
      await page.locator('#task-publicize:visible').click()
      await field(page, 'topic').fill('垃圾分类')
      await page.locator('#task-askDemands:visible').click()
      await button(page, '记一条诉求').click()
      await page.locator('.visits-chip:visible', { hasText: '公共设施' }).first().click()
      await field(page, 'demand-0', 'textarea').fill(DEMAND_TEXT)
      await page.locator('#task-discoverTalents:visible').click()
      await button(page, '登记一位能人').click()
      await field(page, 'talent-name-0').fill('周德胜')
      await field(page, 'talent-skills-0').fill('理发')
      await page.locator('#talent-consent-0:visible').click()
      await screenshot(page, 'visits-record-filled')
      await button(page, '提交走访记录').click()

      await page.waitForURL((u) => u.pathname.endsWith('/visits/household/index'))
      await page.locator('#household-status:visible', { hasText: '未到期' }).waitFor()
      const status = await page.locator('#household-status:visible').textContent()
      expect(status).toMatch(/未到期 · 下次走访 \d+月\d+日（1[34]天后）/)
      const card = page.locator('.visit-card:visible').first()
      expect(await card.textContent()).toContain('收集诉求 1 条')
      expect(await card.textContent()).toContain('发现能人 1 位')
      await screenshot(page, 'visits-household-after')

      await visit(page, CATALOGUE)
      const after = await page.locator(`#hh-${WANG_HH}:visible`).textContent()
      expect(after).toContain('未到期')
      expect(after).toMatch(/下次走访：\d+月\d+日（1[34]天后）/)
      await screenshot(page, 'visits-catalogue-after')

      // The demand raised at the door is in the block head's inbox, assigned to him.
      const inbox = await api<{ items: { text: string; assigneeName: string; status: string }[] }>(
        'demands',
        { action: 'inbox', status: 'open', limit: 50 },
        ZHANG,
      )
      expect(inbox.items.find((d) => d.text === DEMAND_TEXT)).toMatchObject({
        assigneeName: '张建国',
        status: 'pending',
      })
      await visit(page, '/pkg-staff/demands/inbox/index')
      await page.getByText(DEMAND_TEXT).first().waitFor()
      await screenshot(page, 'visits-demand-in-inbox')
    } finally {
      await context.close()
    }
  })

  test('an online visit to a class A family is answered from 我的 and shows as a visit', async () => {
    const staff = await openSession(stage.browser, stage.product.url)
    const resident = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(staff.page, ZHANG)
      await visit(staff.page, household(LI_HH))
      expect(await staff.page.locator('#household-status:visible').textContent()).toContain('A类')
      await button(staff.page, '发起线上走访').click()
      await staff.page.waitForURL((u) => u.pathname.endsWith('/visits/online/index'))
      await settle(staff.page)
      problems.push(...(await checkPage(staff.page, 'visits-online')))
      await button(staff.page, '发送').click()
      await staff.page.waitForURL((u) => u.pathname.endsWith('/visits/household/index'))
      await button(staff.page, '等待回复').waitFor()

      await signInAs(resident.page, LI)
      await visit(resident.page, ROUTES.me)
      await resident.page.locator('#entry-online-visits:visible').click()
      await resident.page.waitForURL((u) => u.pathname === '/visits/pages/pending/index')
      await settle(resident.page)
      await resident.page.locator('.online-visit:visible').first().waitFor()
      problems.push(...(await checkPage(resident.page, 'visits-pending')))
      await button(resident.page, '家里一切都好').click()
      await resident.page.getByText('没有需要回复的问候').first().waitFor()

      await visit(resident.page, ROUTES.me)
      await resident.page.locator('#entry-my-household:visible').click()
      await resident.page.waitForURL((u) => u.pathname === '/visits/pages/household/index')
      await settle(resident.page)
      expect(await resident.page.locator('.my-visit:visible').first().textContent()).toContain(
        '您的回复：家里一切都好',
      )
      problems.push(...(await checkPage(resident.page, 'visits-my-household')))

      await visit(staff.page, household(LI_HH))
      const first = await staff.page.locator('.visit-card:visible').first().textContent()
      expect(first).toContain('线上走访（居民回复）')
      expect(first).toContain('回复：家里一切都好')
      await screenshot(staff.page, 'visits-online-answered')
    } finally {
      await staff.context.close()
      await resident.context.close()
    }
    expect(problems).toEqual([])
  })
})
