/**
 * Alerts in the browser: 张建国 taps 接收提醒 on the 工作台 and accepts (the local stand-in for WeChat's
 * dialog); 王秀英 submits a demand; the alert to him is in the sink within 5 s, with no timer fired. 陈丽华
 * (admin) sees whether colleagues can be reached.
 */
import type { Page } from 'playwright-core'
import {
  browserSuite,
  checkPage,
  openSession,
  ROUTES,
  screenshot,
  settle,
  setElderMode,
  signInAs,
  visit,
  useStage,
} from './harness'

const suite = browserSuite()
jest.setTimeout(300_000)

const WANG = 'demo-resident-wang'
const ZHANG = 'demo-blockhead-zhang'
const CHEN = 'demo-admin-chen'
const TEXT = `小区东门的路灯坏了三天了，晚上很黑（${Date.now() % 100000}）`

const json = async <T>(url: string, headers?: Record<string, string>): Promise<T> =>
  (await (await fetch(url, { headers })).json()) as T
type Sent = { touser: string; templateId: string; fn?: string; data: Record<string, { value: string }> }

suite('alerts in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  test('the block head accepts alerts on the 工作台; a new demand reaches him within 5 s without a timer', async () => {
    const url = stage.product.url
    const staff = await openSession(stage.browser, url)
    const sp: Page = staff.page
    await signInAs(sp, ZHANG)
    await visit(sp, ROUTES.workbench)
    const card = sp.locator('#alerts-card:visible').first()
    await card.waitFor()
    expect(await card.textContent()).toContain('还没开启')
    problems.push(...(await checkPage(sp, 'alerts-workbench-off')))
    await sp.locator('#alerts-accept:visible').first().click()
    const ok = sp.locator('.taro-model__confirm:visible').first()
    await ok.waitFor()
    await ok.click()
    await sp.locator('#alert-demandAlert:visible', { hasText: '已开启' }).waitFor()
    await screenshot(sp, 'alerts-workbench-on')
    await setElderMode(sp, true)
    await visit(sp, ROUTES.workbench)
    await sp.locator('#alert-demandAlert:visible', { hasText: '已开启' }).waitFor()
    await screenshot(sp, 'alerts-workbench-on-elder')
    await setElderMode(sp, false)

    const before = (await json<Sent[]>(`${url}/_dev/api/messages?touser=${ZHANG}`, stage.product.devHeaders))
      .length

    const resident = await openSession(stage.browser, url)
    const rp = resident.page
    await signInAs(rp, WANG)
    await visit(rp, '/demands/pages/submit/index')
    await rp
      .locator('.demand-chip:visible', { hasText: '公共设施' })
      .first()
      .click()
      .catch(async () => {
        await rp.locator('.demand-chip:visible').first().click()
      })
    await rp.locator('.demand-textarea:visible textarea').first().fill(TEXT)
    await rp.locator('taro-button-core.demand-submit:visible').first().click()
    const submittedAt = Date.now()
    await rp.waitForURL((u) => u.pathname.endsWith('/demands/pages/detail/index'))

    let alert: Sent | undefined
    while (!alert && Date.now() - submittedAt < 5_000) {
      const sent = await json<Sent[]>(`${url}/_dev/api/messages?touser=${ZHANG}`, stage.product.devHeaders)
      if (sent.length > before) alert = sent.find((m) => m.templateId === 'demandAlert')
      else await new Promise((r) => setTimeout(r, 200))
    }
    expect(alert).toBeDefined()
    const elapsed = Date.now() - submittedAt
    expect(elapsed).toBeLessThan(5_000)
    process.stdout.write(`alert in the sink ${elapsed} ms after the 提交 tap\n`)
    expect(alert?.data.thing2.value).toBe('新诉求待响应')
    // Sent by the submit itself (the demands function), not by the outbox's minute timer.
    expect(alert?.fn).toBe('demands')

    // The admin sees who cannot be reached now; 张建国 is not among them.
    const admin = await openSession(stage.browser, url)
    const ap = admin.page
    await signInAs(ap, CHEN)
    await visit(ap, ROUTES.workbench)
    const team = ap.locator('#alerts-unreachable:visible').first()
    await team.waitFor()
    expect(await team.textContent()).not.toContain('张建国')
    problems.push(...(await checkPage(ap, 'alerts-workbench-admin')))
    await settle(ap)
    expect(problems).toEqual([])
  })
})
