/**
 * The clerk's tools in the browser: 工作安排 (Saturday opened, a window kept for walk-ins, a closed day picked
 * on the calendar, the preview and the confirmation, then the timer's adjustment reported back), the
 * structured materials editor (add a material with its form and count, move it up, remove another, save), and
 * the walk-in picker that searches all items by pinyin. Each page is checked with axe in normal and elder mode.
 */
import type { Page } from 'playwright-core'
import { SEED_ITEMS } from '../../emulator/seed/bookings-items'
import {
  browserSuite,
  checkPage,
  openSession,
  screenshot,
  settle,
  signInAs,
  useStage,
  visit,
} from './harness'

const suite = browserSuite()
jest.setTimeout(240_000)

const CLERK = 'demo-clerk-liu'
const JZZ = 'item-juzhuzheng'
const input = (page: Page, label: string) =>
  page.locator(`input[aria-label="${label}"]:visible, [aria-label="${label}"]:visible input`).first()
const button = (page: Page, text: string) =>
  page.locator('taro-button-core:visible', { hasText: text }).first()

suite('the clerk edits the working plan and a tip, and registers a walk-in', () => {
  const stage = useStage()
  const problems: string[] = []

  async function fn<T>(action: string, input: object): Promise<T> {
    const r = await fetch(`${stage.product.url}/fn/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wx-openid': CLERK },
      body: JSON.stringify({ action, ...input }),
    })
    const body = (await r.json()) as { ok: boolean; data: T }
    expect(body.ok).toBe(true)
    return body.data
  }

  test('工作安排, 材料清单 and 现场取号', async () => {
    const s = await openSession(stage.browser, stage.product.url)
    try {
      const page = s.page
      await signInAs(page, CLERK)

      // ---- 工作安排 ----
      await visit(page, '/pkg-staff/bookings/plan/index')
      await page.locator('.plan-day-6:visible').waitFor()
      problems.push(...(await checkPage(page, 'bookings-plan')))

      await page.locator('#plan-open-6-open:visible').click()
      await page.locator('.plan-day-6:visible [aria-label^="周六上班"]').waitFor()
      await page.locator('[aria-label="留给现场取号的窗口加一"]:visible').click()
      expect(await page.locator('[aria-label="留给现场取号的窗口"]:visible').textContent()).toContain('1个')

      // A closed day, chosen on the calendar (the picker opens on the first day offered: today).
      await page.locator('.plan-closure-date:visible').click()
      await page.locator('.weui-picker__action:visible', { hasText: '确定' }).click()
      await page.locator('.plan-closure-date:visible', { hasText: '年' }).waitFor()
      await input(page, '闭馆原因').fill('消防演练')
      await page.locator('.plan-closure-add:visible').click()
      await page.locator('.plan-closure:visible', { hasText: '消防演练' }).waitFor()
      await screenshot(page, 'bookings-plan-edited')

      // Saving shows what the change does to the bookings and asks first.
      await page.locator('.plan-save:visible').click()
      await page.locator('.taro-model__confirm:visible').first().waitFor()
      const said = (await page.locator('.taro-modal__text:visible').first().textContent()) ?? ''
      expect(said).toMatch(/这次修改(会影响 \d+ 个预约|不影响已有的预约)/)
      await screenshot(page, 'bookings-plan-confirm')
      await page.locator('.taro-model__confirm:visible').first().click()
      await page.locator('.bk-warn:visible', { hasText: '正在生效' }).waitFor()

      // The timer's next run moves or cancels what the change displaced; the page then says what it did.
      const fired = await fetch(`${stage.product.url}/_dev/api/timers/bookings/fire`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...stage.product.devHeaders },
        body: JSON.stringify({ trigger: 'adjustPlans' }),
      })
      expect(fired.status).toBe(200)
      await visit(page, '/pkg-staff/bookings/plan/index')
      await page.locator('.plan-last:visible', { hasText: '上次修改' }).waitFor()
      expect(await page.locator('#plan-open-6-open').getAttribute('aria-checked')).toBe('true')
      problems.push(...(await checkPage(page, 'bookings-plan-saved')))

      // ---- 材料清单 ----
      const before = await fn<{ materials: { name: string }[] }>('item', { id: JZZ })
      const n = before.materials.length
      await visit(page, `/pkg-staff/bookings/item-edit/index?id=${JZZ}`)
      await page.locator(`#material-${n}:visible`).waitFor()
      problems.push(...(await checkPage(page, 'bookings-item-materials')))
      await button(page, '添加一项材料').click()
      const added = n + 1
      await input(page, `第${added}项材料名称`).fill('户口簿')
      await page.locator(`#material-${added}-form-copy:visible`).click()
      await page.locator(`[aria-label="第${added}项份数加一"]:visible`).click()
      await input(page, `第${added}项备注`).fill('户主页和本人页')
      await page.locator(`[aria-label="第${added}项上移"]:visible`).click()
      await page.locator(`[aria-label="删除第1项"]:visible`).click()
      await screenshot(page, 'bookings-item-materials-edited')
      await button(page, '保存').click()
      await page.locator('.bk-warn:visible', { hasText: '已保存' }).waitFor()
      const after = await fn<{ materials: { name: string; form: string; count: number; notes: string }[] }>(
        'item',
        {
          id: JZZ,
        },
      )
      expect(after.materials.map((m) => m.name)).toEqual([
        ...before.materials.slice(1, n - 1).map((m) => m.name),
        '户口簿',
        before.materials[n - 1].name,
      ])
      expect(after.materials[n - 2]).toEqual({
        name: '户口簿',
        form: 'copy',
        count: 2,
        notes: '户主页和本人页',
      })

      // ---- 现场取号: every item, found by pinyin ----
      await visit(page, '/pkg-staff/bookings/walk-in/index')
      await page.locator('.walkin-count:visible', { hasText: `共 ${SEED_ITEMS.length} 项` }).waitFor()
      expect(await page.locator('.walkin-item:visible').count()).toBe(SEED_ITEMS.length)
      problems.push(...(await checkPage(page, 'bookings-walk-in')))
      await input(page, '搜索事项').fill('juzhu')
      await page.locator('.walkin-count:visible', { hasText: '找到' }).waitFor()
      await page.locator(`#walkin-${JZZ}:visible`).click()
      await page.locator('.walkin-submit:visible').click()
      await page.locator('.bk-warn:visible', { hasText: '已登记' }).waitFor()
      await settle(page)
    } finally {
      await s.context.close()
    }
    expect(problems).toEqual([])
  })
})
