/**
 * The sub-district desk in the browser: a block head escalates a case (through the API); the officer's home
 * leads with the overdue cases and who holds them; the desk lists the escalated case; the officer hands it
 * to 城管 with instructions from the department picker, records the answer and resolves it. Each page is
 * checked with axe in normal and elder mode.
 */
import type { Page } from 'playwright-core'
import {
  browserSuite,
  checkPage,
  confirmModal,
  openSession,
  screenshot,
  settle,
  signInAs,
  useStage,
  visit,
} from './harness'

const suite = browserSuite()
jest.setTimeout(240_000)

const WANG = 'demo-resident-wang'
const ZHANG = 'demo-blockhead-zhang'
const ZHAO = 'demo-officer-zhao'
const TEXT = `小区门口餐馆排风机噪音很大，夜里也不停（${Date.now() % 100000}）`

const button = (page: Page, cls: string) => page.locator(`taro-button-core.${cls}:visible`).first()
const act = async (page: Page, key: string, text: string) => {
  await page.locator(`.demand-act-${key}:visible`).first().click()
  await page.locator('.demand-act-text:visible textarea').first().fill(text)
}

suite('the sub-district desk in the browser', () => {
  const stage = useStage()
  const problems: string[] = []

  const api = async <T>(body: Record<string, unknown>, openid: string): Promise<T> => {
    const res = await fetch(`${stage.product.url}/fn/demands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
      body: JSON.stringify(body),
    })
    const json = (await res.json()) as { ok: boolean; data: T; error?: unknown }
    if (!json.ok) throw new Error(`demands.${String(body.action)}: ${JSON.stringify(json.error)}`)
    return json.data
  }

  test('an escalated case: on the desk, to 城管, answered, resolved', async () => {
    const { id } = await api<{ id: string }>(
      {
        action: 'submit',
        category: 'noise',
        text: TEXT,
        location: { blockId: 'c-chunhui-b1' },
        clientRequestId: `e2e-desk-${Date.now()}`,
      },
      WANG,
    )
    await api(
      { action: 'escalate', id, note: '餐馆排风机需要城管执法', clientRequestId: `e2e-esc-${Date.now()}` },
      ZHANG,
    )

    const { context, page } = await openSession(stage.browser, stage.product.url)
    try {
      await signInAs(page, ZHAO)
      await visit(page, '/pkg-office/home/index')
      // Zero overdue is the target: the demo's overdue cases lead the page, each with who holds it.
      await page.locator('.overdue-lead__holder:visible').first().waitFor()
      problems.push(...(await checkPage(page, 'office-home-overdue')))

      await visit(page, '/pkg-office/desk/index')
      const item = page.locator('.desk-item:visible', { hasText: TEXT.slice(0, 12) }).first()
      await item.waitFor()
      problems.push(...(await checkPage(page, 'office-desk')))
      await item.click()

      await page.locator('.demand-act-transfer:visible', { hasText: '交办部门' }).first().waitFor()
      await act(page, 'transfer', '请三天内上门检查排风机噪音并答复')
      await page.locator('.dept-urban:visible').first().click()
      await page.locator('.transfer-contact:visible').first().waitFor()
      await screenshot(page, 'desk-transfer-picker')
      await button(page, 'demand-act-submit').click()
      await confirmModal(page)
      await page.locator('.demand-dept:visible', { hasText: '城管' }).first().waitFor()
      await settle(page)
      problems.push(...(await checkPage(page, 'desk-case-at-department')))

      // Resolving waits for the department's answer, which is now the first step offered.
      await act(page, 'departmentAnswer', '已责令餐馆夜间关停排风机并加装消音设备')
      await button(page, 'demand-act-submit').click()
      await page.locator('.demand-dept:visible').waitFor({ state: 'detached' })
      await act(page, 'resolve', '城管已处理，消音设备装好，夜间不再开排风机')
      await button(page, 'demand-act-submit').click()
      await confirmModal(page)
      await page.locator('.demand-status:visible', { hasText: '已办结' }).first().waitFor()
      await settle(page)
      await screenshot(page, 'desk-resolved')
    } finally {
      await context.close()
    }

    const mine = await api<{ events: { type: string }[] }>({ action: 'get', id }, WANG)
    expect(mine.events.map((e) => e.type)).toEqual([
      'submitted',
      'escalated',
      'transferred',
      'departmentAnswered',
      'resolved',
    ])
    expect(problems).toEqual([])
  })
})
